#include <scimd/filters/attribute_info.hpp>

#include "text.hpp"

namespace scimd::filters {
namespace {

const AttributeFacts* find_in(const std::vector<AttributeFacts>& attributes,
                              std::string_view name) noexcept {
  for (const AttributeFacts& a : attributes)
    if (detail::iequals(a.name, name)) return &a;
  return nullptr;
}

}  // namespace

std::string_view to_string(AttrType type) noexcept {
  switch (type) {
    case AttrType::string: return "string";
    case AttrType::boolean: return "boolean";
    case AttrType::decimal: return "decimal";
    case AttrType::integer: return "integer";
    case AttrType::date_time: return "dateTime";
    case AttrType::binary: return "binary";
    case AttrType::reference: return "reference";
    case AttrType::complex: return "complex";
  }
  return "?";
}

const AttributeFacts* AttributeFacts::find_sub_attribute(std::string_view sub_name) const noexcept {
  return find_in(sub_attributes, sub_name);
}

std::optional<ResolvedAttribute> resolve(const AttrPath& path, const AttributeInfo& info) {
  const std::optional<AttributeLookup> found = info.find(path.schema, path.name);
  if (!found) return std::nullopt;
  ResolvedAttribute resolved{found->schema, found->attribute, nullptr};
  if (path.has_sub_attr()) {
    resolved.sub_attribute = found->attribute->find_sub_attribute(path.sub_attr);
    if (resolved.sub_attribute == nullptr) return std::nullopt;
  }
  return resolved;
}

SchemaAttributeInfo::SchemaAttributeInfo(std::string core_schema,
                                         std::vector<AttributeFacts> core_attributes)
    : core_{std::move(core_schema), std::move(core_attributes)} {}

void SchemaAttributeInfo::add_extension(std::string urn, std::vector<AttributeFacts> attributes) {
  extensions_.push_back({std::move(urn), std::move(attributes)});
}

std::optional<AttributeLookup> SchemaAttributeInfo::find(std::string_view schema,
                                                         std::string_view name) const {
  if (schema.empty() || detail::iequals(schema, core_.urn)) {
    if (const AttributeFacts* a = find_in(core_.attributes, name)) return AttributeLookup{{}, a};
    if (!schema.empty()) return std::nullopt;
    // Unqualified and not core: accept a name exactly one extension defines.
    std::optional<AttributeLookup> only;
    for (const Schema& ext : extensions_) {
      if (const AttributeFacts* a = find_in(ext.attributes, name)) {
        if (only) return std::nullopt;
        only = AttributeLookup{ext.urn, a};
      }
    }
    return only;
  }
  for (const Schema& ext : extensions_)
    if (detail::iequals(schema, ext.urn))
      if (const AttributeFacts* a = find_in(ext.attributes, name)) return AttributeLookup{ext.urn, a};
  return std::nullopt;
}

}  // namespace scimd::filters
