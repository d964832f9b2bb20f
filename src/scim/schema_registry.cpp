#include "scim/schema_registry.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <stdexcept>

#include "util/embedded.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

namespace {

using rapidjson::Value;

std::string str_member(const Value& obj, const char* name, std::string fallback = {}) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || !it->value.IsString()) return fallback;
  return std::string(util::view(it->value));
}

bool bool_member(const Value& obj, const char* name, bool fallback) {
  auto it = obj.FindMember(name);
  return (it != obj.MemberEnd() && it->value.IsBool()) ? it->value.GetBool() : fallback;
}

Mutability parse_mutability(const std::string& s) {
  if (s == "readOnly") return Mutability::read_only;
  if (s == "immutable") return Mutability::immutable;
  if (s == "writeOnly") return Mutability::write_only;
  return Mutability::read_write;  // RFC 7643 §7: readWrite is the default
}

Returned parse_returned(const std::string& s) {
  if (s == "always") return Returned::always;
  if (s == "never") return Returned::never;
  if (s == "request") return Returned::request;
  return Returned::by_default;
}

Uniqueness parse_uniqueness(const std::string& s) {
  if (s == "server") return Uniqueness::server;
  if (s == "global") return Uniqueness::global;
  return Uniqueness::none;
}

AttributeDef parse_attribute(const Value& v) {
  if (!v.IsObject()) throw std::runtime_error("attribute definition is not an object");
  AttributeDef a;
  a.name = str_member(v, "name");
  if (a.name.empty()) throw std::runtime_error("attribute without a name");
  a.type = parse_attr_type(str_member(v, "type", "string"));
  a.is_multi_valued = bool_member(v, "multiValued", false);
  a.is_required = bool_member(v, "required", false);
  a.case_exact = bool_member(v, "caseExact", false);
  a.mutability = parse_mutability(str_member(v, "mutability", "readWrite"));
  a.returned = parse_returned(str_member(v, "returned", "default"));
  a.uniqueness = parse_uniqueness(str_member(v, "uniqueness", "none"));
  if (auto it = v.FindMember("canonicalValues"); it != v.MemberEnd() && it->value.IsArray())
    for (const auto& c : it->value.GetArray())
      if (c.IsString()) a.canonical_values.emplace_back(util::view(c));
  if (auto it = v.FindMember("subAttributes"); it != v.MemberEnd() && it->value.IsArray())
    for (const auto& s : it->value.GetArray()) a.sub_attributes.push_back(parse_attribute(s));
  return a;
}

rapidjson::Document parse_json(const util::EmbeddedFile& f) {
  rapidjson::Document d;
  d.Parse(f.content.data(), f.content.size());
  if (d.HasParseError() || !d.IsObject()) throw std::runtime_error("malformed JSON in " + std::string(f.path));
  return d;
}

}  // namespace

std::shared_ptr<const SchemaRegistry> SchemaRegistry::load_embedded() {
  auto reg = std::make_shared<SchemaRegistry>();
  const std::string_view schema_dir = "scim-schemas/schemas/";
  const std::string_view type_dir = "scim-schemas/resource-types/";
  for (const auto& f : util::embedded_files()) {
    if (!f.path.starts_with(schema_dir)) continue;
    auto d = parse_json(f);
    auto s = std::make_unique<SchemaDef>();
    s->id = str_member(d, "id");
    s->name = str_member(d, "name");
    s->json = std::string(f.content);
    if (auto it = d.FindMember("attributes"); it != d.MemberEnd() && it->value.IsArray())
      for (const auto& a : it->value.GetArray()) s->attributes.push_back(parse_attribute(a));
    reg->schemas_.push_back(std::move(s));
  }
  for (const auto& f : util::embedded_files()) {
    if (f.path == "scim-schemas/service-provider-config.json") {
      parse_json(f);
      reg->service_provider_config_ = std::string(f.content);
    }
    if (!f.path.starts_with(type_dir)) continue;
    auto d = parse_json(f);
    auto t = std::make_unique<ResourceTypeDef>();
    t->id = str_member(d, "id");
    t->name = str_member(d, "name");
    t->endpoint = str_member(d, "endpoint");
    t->json = std::string(f.content);
    t->schema = reg->schema(str_member(d, "schema"));
    if (!t->schema) throw std::runtime_error("resource type " + t->id + " names an unknown schema");
    if (auto it = d.FindMember("schemaExtensions"); it != d.MemberEnd() && it->value.IsArray()) {
      for (const auto& e : it->value.GetArray()) {
        const SchemaDef* ext = reg->schema(str_member(e, "schema"));
        if (!ext) throw std::runtime_error("resource type " + t->id + " names an unknown extension");
        t->extensions.push_back({ext, bool_member(e, "required", false)});
      }
    }
    reg->resource_types_.push_back(std::move(t));
  }
  // The core types first, User before Group, as clients list them (Microsoft's collection
  // reads Resources[0] as the User type); the order of files on disk says nothing.
  std::stable_sort(reg->resource_types_.begin(), reg->resource_types_.end(), [](const auto& x, const auto& y) {
    auto rank = [](const ResourceTypeDef& t) { return t.id == "User" ? 0 : t.id == "Group" ? 1 : 2; };
    return rank(*x) < rank(*y);
  });
  if (reg->service_provider_config_.empty())
    throw std::runtime_error("scim-schemas/service-provider-config.json is missing");
  return reg;
}

const SchemaDef* SchemaRegistry::schema(std::string_view urn) const {
  for (const auto& s : schemas_)
    if (util::iequals(s->id, urn)) return s.get();
  return nullptr;
}

const ResourceTypeDef* SchemaRegistry::resource_type(std::string_view id) const {
  for (const auto& t : resource_types_)
    if (util::iequals(t->id, id)) return t.get();
  return nullptr;
}

const ResourceTypeDef* SchemaRegistry::resource_type_by_endpoint(std::string_view endpoint) const {
  if (!endpoint.starts_with('/')) {
    for (const auto& t : resource_types_)
      if (util::iequals(std::string_view(t->endpoint).substr(1), endpoint)) return t.get();
    return nullptr;
  }
  for (const auto& t : resource_types_)
    if (util::iequals(t->endpoint, endpoint)) return t.get();
  return nullptr;
}

}  // namespace scimd::scim
