// libFuzzer target for resource bodies (POST and PUT, RFC 7644 §3.3, §3.5.1): bytes are parsed
// as the server parses a request body (scim/json_body.hpp) and decoded as a User, a Group and
// an Application through the codec, with the required and immutable checks ResourceService runs
// before it stores; what would be stored is then rendered and projected. Properties:
//  - nothing but ScimError escapes, and never a 5xx one;
//  - a decoded document holds no id, meta, schemas or password, re-encodes, decodes to itself,
//    renders and projects (scim_fuzz.hpp, check_stored), whether or not the required check
//    passes (a PATCH can bring a stored document to any decoded state).
#include <cstddef>
#include <cstdint>

#include "scim/json_body.hpp"
#include "scim_fuzz.hpp"

namespace {

using namespace scimd::scim;

// What PUT compares against for immutable attributes: an earlier version of each type.
constexpr const char* earlier_user = R"({"userName":"earlier","active":true,"externalId":"e-1"})";
constexpr const char* earlier_group = R"({"displayName":"Earlier"})";
constexpr const char* earlier_application = R"({"name":"Earlier"})";

void decode_one(const ResourceKind& kind, const rapidjson::Value& body, const char* earlier) {
  DecodedResource decoded;
  try {
    decoded = decode_resource(body, *kind.type);
  } catch (const ScimError& e) {
    fuzz::expect_client_error(e, "decoding a resource answered 5xx");
    return;
  }
  for (const char* never : {"id", "meta", "schemas", "password"})
    if (decoded.doc.HasMember(never)) fuzz::fail("a decoded document holds a member it never stores", never);
  if (decoded.password && kind.flavor != Flavor::user) fuzz::fail("a password outside User", kind.type->name);
  try {
    check_required(decoded.doc, *kind.type);
    rapidjson::Document before = fuzz::reparse(earlier, "a fixture does not parse");
    check_immutable(before, decoded.doc, *kind.type);
  } catch (const ScimError& e) {
    fuzz::expect_client_error(e, "a resource check answered 5xx");
  }
  const Projection projection = fuzz::projection_from(body, kind);
  // Group members live in their own table: the service takes them out before storing.
  if (kind.flavor == Flavor::group) decoded.doc.RemoveMember("members");
  fuzz::check_stored(kind, decoded.doc, projection);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& kinds = fuzz::kinds();
  rapidjson::Document body;
  try {
    body = parse_json_body(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const ScimError& e) {
    fuzz::expect_client_error(e, "parsing a body answered 5xx");
    return 0;
  }
  decode_one(kinds.user(), body, earlier_user);
  decode_one(kinds.group(), body, earlier_group);
  decode_one(kinds.application(), body, earlier_application);
  return 0;
}
