#pragma once
// The schema model of RFC 7643 §7 as scimd uses it: attribute definitions with their
// characteristics, schemas, and resource types (RFC 7643 §6).
#include <string>
#include <string_view>
#include <vector>

namespace scimd::scim {

/// RFC 7643 §2.3 data types.
enum class AttrType { string, boolean, decimal, integer, date_time, binary, reference, complex };
/// RFC 7643 §7 "mutability".
enum class Mutability { read_only, read_write, immutable, write_only };
/// RFC 7643 §7 "returned".
enum class Returned { always, never, by_default, request };
/// RFC 7643 §7 "uniqueness".
enum class Uniqueness { none, server, global };

/// One attribute or sub-attribute definition.
struct AttributeDef {
  std::string name;
  AttrType type = AttrType::string;
  bool is_multi_valued = false;
  bool is_required = false;
  bool case_exact = false;
  Mutability mutability = Mutability::read_write;
  Returned returned = Returned::by_default;
  Uniqueness uniqueness = Uniqueness::none;
  std::vector<std::string> canonical_values;
  std::vector<AttributeDef> sub_attributes;

  /// The sub-attribute called name (ignoring case), or nullptr.
  const AttributeDef* find_sub(std::string_view sub_name) const;
};

/// A schema (core or extension) with its attributes.
struct SchemaDef {
  std::string id;  ///< the schema URN
  std::string name;
  std::vector<AttributeDef> attributes;
  std::string json;  ///< the file's JSON as loaded, served by /Schemas

  /// The attribute called name (ignoring case), or nullptr.
  const AttributeDef* find(std::string_view attr_name) const;
};

/// An extension a resource type allows (RFC 7643 §6 "schemaExtensions").
struct SchemaExtension {
  const SchemaDef* schema = nullptr;
  bool is_required = false;
};

/// A resource type (RFC 7643 §6) bound to its schemas.
struct ResourceTypeDef {
  std::string id;        ///< "User"
  std::string name;      ///< "User"
  std::string endpoint;  ///< "/Users"
  const SchemaDef* schema = nullptr;
  std::vector<SchemaExtension> extensions;
  std::string json;  ///< the file's JSON as loaded, served by /ResourceTypes

  /// The extension with this URN (ignoring case), or nullptr.
  const SchemaDef* find_extension(std::string_view urn) const;
};

/// RFC 7643 §3.1 common attributes, which every resource has but no schema lists.
const AttributeDef& id_attribute();
const AttributeDef& external_id_attribute();
const AttributeDef& meta_attribute();

/// Parses the RFC spelling of a type ("dateTime") into AttrType; throws std::runtime_error.
AttrType parse_attr_type(std::string_view s);

}  // namespace scimd::scim
