#include "scim/patch_request.hpp"

#include "scim/error.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

namespace {
constexpr std::string_view patch_op_urn = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

PatchOpType parse_op(const rapidjson::Value& v, size_t index) {
  if (v.IsString()) {
    // Entra ID without the aadOptscim062020 flag capitalises operation names.
    std::string_view s = util::view(v);
    if (util::iequals(s, "add")) return PatchOpType::add;
    if (util::iequals(s, "remove")) return PatchOpType::remove;
    if (util::iequals(s, "replace")) return PatchOpType::replace;
  }
  throw ScimError::invalid_syntax("Operations[" + std::to_string(index) + "].op must be add, remove or replace");
}
}  // namespace

std::vector<PatchOperation> parse_patch_request(const rapidjson::Value& body) {
  if (!body.IsObject()) throw ScimError::invalid_syntax("the request body must be a PatchOp object");
  if (const auto* schemas = util::find_member_icase(body, "schemas")) {
    bool ok = false;
    if (schemas->IsArray())
      for (const auto& s : schemas->GetArray())
        if (s.IsString() && util::iequals(util::view(s), patch_op_urn)) ok = true;
    if (!ok) throw ScimError::invalid_syntax("'schemas' must list " + std::string(patch_op_urn));
  }
  const auto* ops = util::find_member_icase(body, "Operations");
  if (!ops || !ops->IsArray() || ops->Empty())
    throw ScimError::invalid_syntax("a PatchOp needs a non-empty 'Operations' array");
  std::vector<PatchOperation> out;
  size_t index = 0;
  for (const auto& o : ops->GetArray()) {
    if (!o.IsObject()) throw ScimError::invalid_syntax("Operations[" + std::to_string(index) + "] must be an object");
    const auto* op = util::find_member_icase(o, "op");
    if (!op) throw ScimError::invalid_syntax("Operations[" + std::to_string(index) + "] has no 'op'");
    PatchOperation p;
    p.op = parse_op(*op, index);
    if (const auto* path = util::find_member_icase(o, "path"); path && !path->IsNull()) {
      if (!path->IsString()) throw ScimError::invalid_path("Operations[" + std::to_string(index) + "].path must be a string");
      std::string_view text = util::view(*path);
      if (text.find_first_not_of(' ') != std::string_view::npos) p.path = std::string(text);
    }
    if (const auto* value = util::find_member_icase(o, "value")) p.value = value;
    // RFC 7644 §3.5.2.1/.3: add and replace carry a value; §3.5.2.2: remove needs a path.
    if (p.op != PatchOpType::remove && !p.value)
      throw ScimError::invalid_syntax("Operations[" + std::to_string(index) + "] needs a 'value'");
    if (p.op == PatchOpType::remove && !p.path && !p.value)
      throw ScimError::no_target("Operations[" + std::to_string(index) + "]: remove needs a 'path'");
    out.push_back(p);
    ++index;
  }
  return out;
}

}  // namespace scimd::scim
