// PATCH leaves the stored document in the codec's canonical form: no unassigned value (RFC 7643
// §2.5) and at most one primary (§2.4). Found by fuzz_patch_body's property that a stored
// document decodes to itself.
#include <gtest/gtest.h>

#include "scim/error.hpp"
#include "scim/patch.hpp"
#include "util/json.hpp"

namespace scimd::scim {
namespace {

std::string patched_user(const char* doc, const std::string& operations) {
  static auto registry = SchemaRegistry::load_embedded();
  static ResourceKinds kinds(*registry, false);
  rapidjson::Document d, body;
  d.Parse(doc);
  std::string request = R"({"Operations":)" + operations + "}";
  body.Parse(request.c_str());
  apply_patch(kinds.user(), d, "self-id", parse_patch_request(body));
  return util::to_json(d);
}

TEST(PatchUnassigned, ElementsEmptiedBySubAttributeRemovesAreDropped) {
  EXPECT_EQ(patched_user(R"({"userName":"u","phoneNumbers":[{"value":"1","type":"work"},{"value":"2"}]})",
                         R"([{"op":"remove","path":"phoneNumbers.value"},{"op":"remove","path":"phoneNumbers[type eq \"work\"].type"}])"),
            R"({"userName":"u"})");
  EXPECT_EQ(patched_user(R"({"userName":"u","emails":[{"value":"a","type":"work"},{"value":"b","type":"home"}]})",
                         R"([{"op":"remove","path":"emails[type eq \"work\"].value"},{"op":"remove","path":"emails[type eq \"work\"].type"}])"),
            R"({"userName":"u","emails":[{"value":"b","type":"home"}]})");
}

TEST(PatchUnassigned, AnExtensionWithoutAttributesIsDropped) {
  const char* urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  EXPECT_EQ(patched_user(R"({"userName":"u","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"d"}})",
                         std::string(R"([{"op":"remove","path":")") + urn + R"(:department"}])"),
            R"({"userName":"u"})");
  EXPECT_EQ(patched_user(R"({"userName":"u"})",
                         std::string(R"([{"op":"add","path":")") + urn + R"(:manager","value":null}])"),
            R"({"userName":"u"})");
}

// RFC 7643 §2.4: found by fuzz_patch_body, `emails.primary` set true on every element at once.
TEST(PatchUnassigned, PrimaryOnEveryElementIsInvalidValue) {
  try {
    patched_user(R"({"userName":"u","emails":[{"value":"a"},{"value":"b"}]})",
                 R"([{"op":"add","path":"emails.primary","value":true}])");
    FAIL() << "accepted two primary emails";
  } catch (const ScimError& e) {
    EXPECT_EQ(e.scim_type(), ScimType::invalid_value);
  }
  EXPECT_EQ(patched_user(R"({"userName":"u","emails":[{"value":"a"}]})",
                         R"([{"op":"add","path":"emails.primary","value":true}])"),
            R"({"userName":"u","emails":[{"value":"a","primary":true}]})");
}

}  // namespace
}  // namespace scimd::scim
