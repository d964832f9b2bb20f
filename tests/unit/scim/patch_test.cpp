// The PATCH engine on canonical documents, and each named IdP quirk.
#include "scim/patch.hpp"

#include <gtest/gtest.h>
#include <scimd/filters/parse.hpp>

#include "scim/error.hpp"
#include "scim/patch_quirks.hpp"
#include "util/json.hpp"

namespace scimd::scim {
namespace {

const ResourceKinds& kinds() {
  static auto reg = SchemaRegistry::load_embedded();
  static ResourceKinds k(*reg, false);
  return k;
}

// Applies `operations` (a JSON array) to `doc` and returns the document, or "error:<scimType>".
std::string patched(const char* doc, const std::string& operations, const ResourceKind& kind = kinds().user()) {
  rapidjson::Document d, body;
  d.Parse(doc);
  std::string req = R"({"Operations":)" + operations + "}";
  body.Parse(req.c_str());
  try {
    apply_patch(kind, d, "self-id", parse_patch_request(body));
  } catch (const ScimError& e) {
    return "error:" + std::string(e.scim_type() ? to_string(*e.scim_type()) : "none");
  }
  return util::to_json(d);
}

rapidjson::Document json(const char* text) {
  rapidjson::Document d;
  d.Parse(text);
  return d;
}

TEST(Patch, AddSingularSetsValue) {
  EXPECT_EQ(patched(R"({"userName":"u"})", R"([{"op":"add","path":"title","value":"CEO"}])"),
            R"({"userName":"u","title":"CEO"})");
}

TEST(Patch, ReplaceComplexMergesSubAttributes) {
  EXPECT_EQ(patched(R"({"name":{"givenName":"a","familyName":"b"}})", R"([{"op":"replace","path":"name","value":{"givenName":"c"}}])"),
            R"({"name":{"givenName":"c","familyName":"b"}})");
}

TEST(Patch, AddMultiValuedAppendsWithoutDuplicates) {
  EXPECT_EQ(patched(R"({"emails":[{"value":"a"}]})", R"([{"op":"add","path":"emails","value":[{"value":"a"},{"value":"b"}]}])"),
            R"({"emails":[{"value":"a"},{"value":"b"}]})");
}

TEST(Patch, ReplaceMultiValuedReplacesAll) {
  EXPECT_EQ(patched(R"({"emails":[{"value":"a"}]})", R"([{"op":"replace","path":"emails","value":[{"value":"b"}]}])"),
            R"({"emails":[{"value":"b"}]})");
}

TEST(Patch, RemoveByFilterRemovesMatchingElementsOnly) {
  EXPECT_EQ(patched(R"({"emails":[{"value":"a","type":"work"},{"value":"b","type":"home"}]})",
                    R"([{"op":"remove","path":"emails[type eq \"work\"]"}])"),
            R"({"emails":[{"value":"b","type":"home"}]})");
}

TEST(Patch, RemoveLastElementRemovesAttribute) {
  EXPECT_EQ(patched(R"({"userName":"u","emails":[{"value":"a","type":"work"}]})", R"([{"op":"remove","path":"emails[type eq \"work\"]"}])"),
            R"({"userName":"u"})");
}

TEST(Patch, ReplaceWithNoMatchAndNonEqualityFilterIsNoTarget) {
  EXPECT_EQ(patched(R"({"emails":[{"value":"a","type":"home"}]})", R"([{"op":"replace","path":"emails[value co \"x\"].type","value":"w"}])"),
            "error:noTarget");
}

TEST(Patch, NullValueUnassigns) {
  EXPECT_EQ(patched(R"({"userName":"u","title":"t"})", R"([{"op":"replace","path":"title","value":null}])"), R"({"userName":"u"})");
}

TEST(Patch, ExtensionAttributeByUrnPath) {
  EXPECT_EQ(patched(R"({})", R"([{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"S"}])"),
            R"({"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"S"}})");
}

TEST(Patch, PathlessExtensionObject) {
  EXPECT_EQ(patched(R"({})", R"([{"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"division":"D"}}}])"),
            R"({"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"division":"D"}})");
}

TEST(Patch, PathlessUnknownKeysAreIgnored) {
  EXPECT_EQ(patched(R"({"userName":"u"})", R"([{"op":"replace","value":{"favourite":"x"}}])"), R"({"userName":"u"})");
}

TEST(Patch, WrongTypeIsInvalidValue) {
  EXPECT_EQ(patched(R"({})", R"([{"op":"add","path":"active","value":5}])"), "error:invalidValue");
}

TEST(Patch, MembersBecomeMemberChanges) {
  rapidjson::Document d = json(R"({"displayName":"g"})");
  rapidjson::Document body = json(R"({"Operations":[
      {"op":"remove","path":"members[value eq \"a\" or value eq \"b\"]"},
      {"op":"add","path":"members","value":[{"value":"c"}]},
      {"op":"replace","path":"members","value":[{"value":"d"}]},
      {"op":"remove","path":"members"}]})");
  PatchEffects e = apply_patch(kinds().group(), d, "g1", parse_patch_request(body));
  ASSERT_EQ(e.member_changes.size(), 5u);
  EXPECT_EQ(e.member_changes[0].kind, MemberChange::Kind::remove);
  EXPECT_EQ(e.member_changes[0].ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(e.member_changes[1].kind, MemberChange::Kind::add);
  EXPECT_EQ(e.member_changes[2].kind, MemberChange::Kind::clear);
  EXPECT_EQ(e.member_changes[3].ids, std::vector<std::string>{"d"});
  EXPECT_EQ(e.member_changes[4].kind, MemberChange::Kind::clear);
  EXPECT_EQ(util::to_json(d), R"({"displayName":"g"})") << "members never enter the document";
}

TEST(PatchQuirks, EntraRemoveByValueList) {
  auto v = json(R"([{"value":"a","$ref":null}])");
  EXPECT_TRUE(is_entra_remove_by_value_list(&v));
  auto bad = json(R"([{"display":"a"}])");
  EXPECT_FALSE(is_entra_remove_by_value_list(&bad));
  EXPECT_FALSE(is_entra_remove_by_value_list(nullptr));
}

TEST(PatchQuirks, EntraElementFromFilter) {
  auto eq = entra_element_from_filter(filters::parse_filter(R"(type eq "work" and primary eq true)"));
  ASSERT_TRUE(eq);
  EXPECT_EQ(eq->size(), 2u);
  EXPECT_FALSE(entra_element_from_filter(filters::parse_filter(R"(type co "work")")));
  EXPECT_FALSE(entra_element_from_filter(filters::parse_filter(R"(type eq "a" or type eq "b")")));
}

TEST(PatchQuirks, OktaEchoedId) {
  auto same = json(R"("abc")");
  auto other = json(R"("xyz")");
  EXPECT_TRUE(is_okta_echoed_id(same, "abc"));
  EXPECT_FALSE(is_okta_echoed_id(other, "abc"));
}

TEST(PatchQuirks, MemberIdsOfFilter) {
  EXPECT_EQ(*member_ids_of_filter(filters::parse_filter(R"(value eq "x")")), std::vector<std::string>{"x"});
  EXPECT_FALSE(member_ids_of_filter(filters::parse_filter(R"(type eq "User")")));
}

TEST(PatchRequest, OperationNamesInAnyCase) {
  auto body = json(R"({"Operations":[{"op":"REPLACE","path":"title","value":"x"}]})");
  EXPECT_EQ(parse_patch_request(body)[0].op, PatchOpType::replace);
}

TEST(PatchRequest, WrongSchemasIsInvalidSyntax) {
  auto body = json(R"({"schemas":["urn:x"],"Operations":[{"op":"add","path":"title","value":"x"}]})");
  EXPECT_THROW(parse_patch_request(body), ScimError);
}

}  // namespace
}  // namespace scimd::scim
