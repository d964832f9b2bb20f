#pragma once
// The PatchOp request message (RFC 7644 §3.5.2): its operations, read leniently where identity
// providers deviate (operation names in any case: Entra sends "Add", "Replace", "Remove").
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

namespace scimd::scim {

enum class PatchOpType { add, remove, replace };

/// One entry of "Operations".
struct PatchOperation {
  PatchOpType op = PatchOpType::add;
  std::optional<std::string> path;         ///< absent for path-less add/replace
  const rapidjson::Value* value = nullptr;  ///< points into the request body; null when absent
};

/// Reads the operations of a PatchOp body. Throws ScimError::invalid_syntax when the body is not
/// a PatchOp message, an op is unknown, or a value is missing where RFC 7644 requires one.
std::vector<PatchOperation> parse_patch_request(const rapidjson::Value& body);

}  // namespace scimd::scim
