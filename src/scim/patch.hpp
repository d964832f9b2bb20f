#pragma once
// PATCH (RFC 7644 §3.5.2) applied to a resource's canonical document. Group members are not in
// the document: operations on `members` become MemberChanges that the service applies to the
// membership table, so a PATCH costs the same for a group of 10 or of 1,000,000 members.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "scim/patch_request.hpp"
#include "scim/resource_kind.hpp"

namespace scimd::scim {

/// One change to a group's membership, applied in request order.
struct MemberChange {
  enum class Kind { add, remove, clear } kind;
  std::vector<std::string> ids;       ///< for add and remove
  std::vector<std::string> displays;  ///< for add: the label sent with each id ("" for none)
};

/// What a PATCH request does beyond the document itself.
struct PatchEffects {
  std::vector<MemberChange> member_changes;
  std::optional<std::string> password;  ///< a new writeOnly password
};

/// Applies every operation to `doc` (the canonical stored document of resource `resource_id`).
/// Throws ScimError (invalidPath, invalidValue, mutability, noTarget, invalidSyntax); the caller
/// discards `doc` then, so a failed request changes nothing.
PatchEffects apply_patch(const ResourceKind& kind, rapidjson::Document& doc, const std::string& resource_id,
                         const std::vector<PatchOperation>& operations);

}  // namespace scimd::scim
