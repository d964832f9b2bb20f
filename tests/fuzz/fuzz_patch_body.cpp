// libFuzzer target for PATCH bodies (RFC 7644 §3.5.2): bytes are parsed as the server parses
// a request body (scim/json_body.hpp), read as a PatchOp message and applied to a stored User
// and a stored Group through the code ResourceService::patch runs before it touches the
// database (apply_patch, then the immutable and required checks). Properties:
//  - nothing but ScimError escapes, and never a 5xx one;
//  - a request that is accepted leaves a document that re-encodes, decodes to itself, renders
//    and projects (scim_fuzz.hpp, check_stored), and member adds that name ids.
#include <cstddef>
#include <cstdint>

#include "scim/json_body.hpp"
#include "scim/patch.hpp"
#include "scim/patch_request.hpp"
#include "scim_fuzz.hpp"

namespace {

using namespace scimd::scim;
using scimd::util::to_json;

// Canonical stored documents (what decode_resource made of an identity provider's POST).
constexpr const char* stored_user = R"({"userName":"bjensen@example.com","externalId":"701984",
  "name":{"formatted":"Ms. Barbara J Jensen III","familyName":"Jensen","givenName":"Barbara"},
  "displayName":"Babs Jensen","title":"Tour Guide","active":true,
  "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],
  "phoneNumbers":[{"value":"555-555-8377","type":"work"}],
  "addresses":[{"type":"work","streetAddress":"100 Universal City Plaza","locality":"Hollywood","primary":true}],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","department":"Tour Operations",
    "manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d"}},
  "urn:scimd:params:scim:schemas:extension:access:2.0:User":{"level":"User","privileges":[{"application":"a1","access":"view"}]}})";
constexpr const char* stored_group = R"({"displayName":"Tour Guides","externalId":"g-1",
  "urn:scimd:params:scim:schemas:extension:access:2.0:Group":{"active":true,"applyPrivileges":true,
    "privileges":[{"application":"a1","access":"edit"}],"loginAs":{"user":"staff","admin":"boss"}}})";

void patch_one(const ResourceKind& kind, const char* stored, const std::vector<PatchOperation>& operations,
               const rapidjson::Value& body) {
  static const std::string id = "2819c223-7f76-453a-919d-413861904646";
  rapidjson::Document before = fuzz::reparse(stored, "a stored fixture does not parse");
  rapidjson::Document after;
  after.CopyFrom(before, after.GetAllocator());
  try {
    PatchEffects effects = apply_patch(kind, after, id, operations);
    check_immutable(before, after, *kind.type);
    check_required(after, *kind.type);
    for (const auto& change : effects.member_changes)
      for (const auto& member : change.ids)
        if (change.kind == MemberChange::Kind::add && member.empty())
          fuzz::fail("a member add names an empty id", to_json(body));
  } catch (const ScimError& e) {
    fuzz::expect_client_error(e, "PATCH answered 5xx");
    return;
  }
  fuzz::check_stored(kind, after, fuzz::projection_from(body, kind));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& kinds = scimd::scim::fuzz::kinds();
  rapidjson::Document body;
  std::vector<PatchOperation> operations;
  try {
    body = parse_json_body(std::string_view(reinterpret_cast<const char*>(data), size));
    operations = parse_patch_request(body);
  } catch (const ScimError& e) {
    fuzz::expect_client_error(e, "parsing a PATCH body answered 5xx");
    return 0;
  }
  patch_one(kinds.user(), stored_user, operations, body);
  patch_one(kinds.group(), stored_group, operations, body);
  return 0;
}
