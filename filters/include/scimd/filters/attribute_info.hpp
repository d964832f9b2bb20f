// The one question the filters library asks about a schema: what is this attribute?
//
// The server implements AttributeInfo from its schema registry (or uses SchemaAttributeInfo
// below); tests use a small table of RFC 7643 facts.
#pragma once

#include <scimd/filters/ast.hpp>

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scimd::filters {

/// Attribute data types of RFC 7643 §2.3.
enum class AttrType { string, boolean, decimal, integer, date_time, binary, reference, complex };

/// The RFC 7643 spelling: "string", "boolean", "decimal", "integer", "dateTime", "binary",
/// "reference", "complex".
std::string_view to_string(AttrType type) noexcept;

/// What the library needs to know about one attribute (RFC 7643 §2.2 characteristics).
struct AttributeFacts {
  std::string name;  ///< canonical spelling, the JSON key in stored documents ("emails")
  AttrType type = AttrType::string;
  bool is_multi_valued = false;
  bool case_exact = false;                     ///< string comparison is case-sensitive
  std::vector<AttributeFacts> sub_attributes;  ///< for complex attributes

  /// The sub-attribute called `sub_name` (case-insensitive), or nullptr.
  const AttributeFacts* find_sub_attribute(std::string_view sub_name) const noexcept;
};

/// A top-level attribute found by AttributeInfo::find().
struct AttributeLookup {
  /// Canonical URN of the extension schema the attribute belongs to: the key of the object
  /// holding it in the resource JSON. Empty for core and common attributes (top level).
  std::string_view schema;
  const AttributeFacts* attribute = nullptr;  ///< never null in a returned lookup
};

/// Schema facts of one resource type, supplied by the caller.
class AttributeInfo {
 public:
  virtual ~AttributeInfo() = default;

  /// Finds the top-level attribute `name` qualified by the URN `schema` as the client wrote
  /// it (empty when unqualified); both match case-insensitively (RFC 7644 §3.10). Common
  /// attributes (id, externalId, meta; RFC 7643 §3.1) are top-level attributes. Returns
  /// nullopt for an unknown attribute. The returned view and pointer must stay valid as
  /// long as this object lives.
  virtual std::optional<AttributeLookup> find(std::string_view schema,
                                              std::string_view name) const = 0;
};

/// An attribute path resolved against the schema: canonical names and facts.
/// The JSON location of the value is [schema,] attribute->name [, sub_attribute->name].
struct ResolvedAttribute {
  std::string_view schema;                        ///< see AttributeLookup::schema
  const AttributeFacts* attribute = nullptr;      ///< the top-level attribute
  const AttributeFacts* sub_attribute = nullptr;  ///< the sub-attribute, if the path names one

  /// Facts of the addressed value: the sub-attribute if any, else the attribute.
  const AttributeFacts& target() const noexcept {
    return sub_attribute != nullptr ? *sub_attribute : *attribute;
  }
};

/// Resolves `path` (schema URN, attribute and sub-attribute, all case-insensitive).
/// Returns nullopt if the attribute or the sub-attribute is unknown.
std::optional<ResolvedAttribute> resolve(const AttrPath& path, const AttributeInfo& info);

/// A ready-made AttributeInfo over lists of AttributeFacts.
///
/// An unqualified name is looked up in the core schema first, then in the extensions; a
/// name that only one extension defines resolves to it (clients such as Entra sometimes
/// omit the URN). The core schema URN also qualifies the common attributes.
class SchemaAttributeInfo final : public AttributeInfo {
 public:
  /// `core_schema` is the resource type's schema URN (e.g.
  /// "urn:ietf:params:scim:schemas:core:2.0:User"); `core_attributes` must include the
  /// common attributes id, externalId and meta.
  SchemaAttributeInfo(std::string core_schema, std::vector<AttributeFacts> core_attributes);

  /// Adds an extension schema; its attributes live under the URN key in the resource.
  void add_extension(std::string urn, std::vector<AttributeFacts> attributes);

  std::optional<AttributeLookup> find(std::string_view schema,
                                      std::string_view name) const override;

 private:
  struct Schema {
    std::string urn;
    std::vector<AttributeFacts> attributes;
  };
  Schema core_;
  std::deque<Schema> extensions_;  // deque: find() results stay valid across add_extension
};

}  // namespace scimd::filters
