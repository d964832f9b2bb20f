#include "scim/schema.hpp"

#include <stdexcept>

#include "util/text.hpp"

namespace scimd::scim {

const AttributeDef* AttributeDef::find_sub(std::string_view sub_name) const {
  for (const auto& a : sub_attributes)
    if (util::iequals(a.name, sub_name)) return &a;
  return nullptr;
}

const AttributeDef* SchemaDef::find(std::string_view attr_name) const {
  for (const auto& a : attributes)
    if (util::iequals(a.name, attr_name)) return &a;
  return nullptr;
}

const SchemaDef* ResourceTypeDef::find_extension(std::string_view urn) const {
  for (const auto& e : extensions)
    if (util::iequals(e.schema->id, urn)) return e.schema;
  return nullptr;
}

namespace {
AttributeDef simple(std::string name, AttrType type, Mutability m, Returned r, bool case_exact) {
  AttributeDef a;
  a.name = std::move(name);
  a.type = type;
  a.mutability = m;
  a.returned = r;
  a.case_exact = case_exact;
  return a;
}
}  // namespace

// RFC 7643 §3.1: "id" is readOnly, returned always, caseExact, assigned by the server.
const AttributeDef& id_attribute() {
  static const AttributeDef a = [] {
    auto d = simple("id", AttrType::string, Mutability::read_only, Returned::always, true);
    d.uniqueness = Uniqueness::server;
    return d;
  }();
  return a;
}

// RFC 7643 §3.1: "externalId" is the client's identifier, caseExact, readWrite.
const AttributeDef& external_id_attribute() {
  static const AttributeDef a =
      simple("externalId", AttrType::string, Mutability::read_write, Returned::by_default, true);
  return a;
}

// RFC 7643 §3.1: "meta" is readOnly, complex.
const AttributeDef& meta_attribute() {
  static const AttributeDef a = [] {
    auto d = simple("meta", AttrType::complex, Mutability::read_only, Returned::by_default, false);
    d.sub_attributes = {
        simple("resourceType", AttrType::string, Mutability::read_only, Returned::by_default, true),
        simple("created", AttrType::date_time, Mutability::read_only, Returned::by_default, false),
        simple("lastModified", AttrType::date_time, Mutability::read_only, Returned::by_default, false),
        simple("location", AttrType::reference, Mutability::read_only, Returned::by_default, true),
        simple("version", AttrType::string, Mutability::read_only, Returned::by_default, true),
    };
    return d;
  }();
  return a;
}

AttrType parse_attr_type(std::string_view s) {
  if (util::iequals(s, "string")) return AttrType::string;
  if (util::iequals(s, "boolean")) return AttrType::boolean;
  if (util::iequals(s, "decimal")) return AttrType::decimal;
  if (util::iequals(s, "integer")) return AttrType::integer;
  if (util::iequals(s, "dateTime")) return AttrType::date_time;
  if (util::iequals(s, "binary")) return AttrType::binary;
  if (util::iequals(s, "reference")) return AttrType::reference;
  if (util::iequals(s, "complex")) return AttrType::complex;
  throw std::runtime_error("unknown attribute type: " + std::string(s));
}

}  // namespace scimd::scim
