#pragma once
// Turns a client's resource body into scimd's canonical stored form, driven by the schemas
// (RFC 7643 §2, §7; RFC 7644 §3.3, §3.5.1):
//  - attribute names and schema URNs matched ignoring case, written back in canonical case;
//  - readOnly attributes (id, meta, groups, ...) and unknown attributes ignored;
//  - null and [] mean "unassigned" (RFC 7643 §2.5) and are dropped;
//  - every value checked against its type (400 invalidValue), with the IdP leniencies named below.
// The canonical document keeps core attributes (and externalId) at the top level and extension
// attributes in an object under the extension URN; it never holds id, meta, schemas or password.
#include <rapidjson/document.h>

#include <optional>
#include <string>

#include "scim/schema.hpp"

namespace scimd::scim {

/// A decoded client body.
struct DecodedResource {
  rapidjson::Document doc;              ///< canonical attributes, as described above
  std::optional<std::string> password;  ///< the writeOnly password, when one was sent
};

/// Decodes a POST or PUT body for `type`. Throws ScimError (invalid_syntax when the body is not
/// a JSON object or `schemas` is malformed, invalid_value for type errors).
DecodedResource decode_resource(const rapidjson::Value& body, const ResourceTypeDef& type);

/// Decodes one attribute value against its definition into `out` (allocated with `alloc`).
/// Returns false when the value means "unassigned" (null, [] or an all-null complex value).
/// `where` names the attribute in error details. Throws ScimError::invalid_value.
bool decode_value(const rapidjson::Value& in, const AttributeDef& def, rapidjson::Value& out,
                  rapidjson::Document::AllocatorType& alloc, const std::string& where);

/// RFC 7643 §2.4: at most one element of a multi-valued attribute may have primary true.
/// Throws ScimError::invalid_value naming the attribute.
void check_single_primary(const rapidjson::Value& array, const std::string& where);

/// Checks that every required attribute of the core schema and of the extensions present is
/// assigned (RFC 7643 §7 "required"); throws ScimError::invalid_value naming the first missing.
void check_required(const rapidjson::Value& doc, const ResourceTypeDef& type);

/// RFC 7643 §2.2 / RFC 7644 §3.5.1: an immutable attribute that already has a value may not
/// change. Throws ScimError::mutability naming the attribute.
void check_immutable(const rapidjson::Value& before, const rapidjson::Value& after, const ResourceTypeDef& type);

/// Entra ID (without the aadOptscim062020 flag) and Microsoft's conformance collection send
/// booleans as the strings "True" / "False"; accept them in any case. Returns nullopt otherwise.
std::optional<bool> entra_string_boolean(const rapidjson::Value& v);

/// Entra ID sends the enterprise `manager` (a complex attribute with a `value` sub-attribute)
/// as a bare id string, in POST bodies and PATCH values. True when `v` is such a bare string
/// for `def`, which the codec then stores as {"value": v}.
bool is_entra_bare_manager(const rapidjson::Value& v, const AttributeDef& def);

/// True when s is an xsd:dateTime (RFC 7643 §2.3.5), e.g. 2026-11-25T13:04:05Z or with an offset.
bool is_date_time(std::string_view s);

}  // namespace scimd::scim
