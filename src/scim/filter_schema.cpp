#include "scim/filter_schema.hpp"

#include "util/text.hpp"

namespace scimd::scim {

namespace {

filters::AttrType to_filter_type(AttrType t) {
  switch (t) {
    case AttrType::string: return filters::AttrType::string;
    case AttrType::boolean: return filters::AttrType::boolean;
    case AttrType::decimal: return filters::AttrType::decimal;
    case AttrType::integer: return filters::AttrType::integer;
    case AttrType::date_time: return filters::AttrType::date_time;
    case AttrType::binary: return filters::AttrType::binary;
    case AttrType::reference: return filters::AttrType::reference;
    case AttrType::complex: return filters::AttrType::complex;
  }
  return filters::AttrType::string;
}

filters::AttributeFacts facts(const AttributeDef& def) {
  filters::AttributeFacts f;
  f.name = def.name;
  f.type = to_filter_type(def.type);
  f.is_multi_valued = def.is_multi_valued;
  f.case_exact = def.case_exact;
  for (const auto& s : def.sub_attributes) f.sub_attributes.push_back(facts(s));
  return f;
}

std::vector<filters::AttributeFacts> facts_of(const SchemaDef& schema) {
  std::vector<filters::AttributeFacts> out;
  for (const auto& a : schema.attributes) out.push_back(facts(a));
  return out;
}

}  // namespace

std::unique_ptr<filters::SchemaAttributeInfo> make_filter_schema(const ResourceTypeDef& type) {
  auto core = facts_of(*type.schema);
  core.push_back(facts(id_attribute()));
  core.push_back(facts(external_id_attribute()));
  core.push_back(facts(meta_attribute()));
  auto info = std::make_unique<filters::SchemaAttributeInfo>(type.schema->id, std::move(core));
  for (const auto& e : type.extensions) info->add_extension(e.schema->id, facts_of(*e.schema));
  return info;
}

const AttributeDef* find_definition(const ResourceTypeDef& type, const filters::ResolvedAttribute& resolved) {
  const std::string& name = resolved.attribute->name;
  const AttributeDef* def = nullptr;
  if (resolved.schema.empty()) {
    def = type.schema->find(name);
    if (!def && util::iequals(name, "id")) def = &id_attribute();
    if (!def && util::iequals(name, "externalId")) def = &external_id_attribute();
    if (!def && util::iequals(name, "meta")) def = &meta_attribute();
  } else if (const SchemaDef* ext = type.find_extension(resolved.schema)) {
    def = ext->find(name);
  }
  if (def && resolved.sub_attribute) return def->find_sub(resolved.sub_attribute->name);
  return def;
}

}  // namespace scimd::scim
