#pragma once
// Identity-provider PATCH dialects that a strict reading of RFC 7644 §3.5.2 would reject or
// misapply. Each is a named function with a test (tests/unit/scim/patch_test.cpp).
#include <rapidjson/document.h>
#include <scimd/filters/ast.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scimd::scim {

/// Entra ID's older dialect removes members with {"op":"Remove","path":"members",
/// "value":[{"value":"<id>"}]}; read literally, RFC 7644 would clear the whole list. True when
/// a remove on a multi-valued attribute carries such a value list: remove only those values.
bool is_entra_remove_by_value_list(const rapidjson::Value* value);

/// Entra ID adds or replaces `emails[type eq "work"].value` on a user that has no work email
/// yet and expects the element to be created with type "work" (identity-providers.md §1.3.4).
/// Returns the sub-attribute assignments of a filter made only of `eq` conditions joined by
/// `and` (e.g. {"type","work"}), or nullopt when the filter is anything else.
std::optional<std::vector<std::pair<std::string, filters::CompValue>>> entra_element_from_filter(
    const filters::Filter& filter);

/// Okta's group rename sends {"op":"replace","value":{"id":"<groupId>","displayName":"New"}}:
/// the read-only id is echoed. True when `value` is the resource's own id (then it is ignored).
bool is_okta_echoed_id(const rapidjson::Value& value, const std::string& resource_id);

/// Microsoft's conformance collection adds members as bare strings ("value": "<id>") instead of
/// {"value": "<id>"}. True when a members value (or array element) is such a string.
bool is_bare_member_id(const rapidjson::Value& v);

/// The label sent with a member: its `display`, or `displayName`, which Microsoft's conformance
/// collection sends in its place. "" when neither is a string.
std::string member_display(const rapidjson::Value& member);

/// The member ids named by a members filter of the form `value eq "id"` (or several joined by
/// `or`), as Entra's newer dialect and Okta send; nullopt for any other filter.
std::optional<std::vector<std::string>> member_ids_of_filter(const filters::Filter& filter);

}  // namespace scimd::scim
