// PATCH (RFC 7644 §3.5.2) in the dialects Entra ID and Okta send, on every backend.
#include "integration/fixture.hpp"

namespace scimd::test {
namespace {

class Patch : public HttpTest {
 protected:
  static std::string ops(const std::string& operations) {
    return R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)" + operations + "}";
  }
  // PATCH asking for the resource back (RFC 7240 Prefer: return=representation).
  static Reply patch_rep(const HttpClient& c, const std::string& path, const std::string& body,
                         std::map<std::string, std::string> headers = {}) {
    headers.emplace("Prefer", "return=representation");
    return c.patch(path, body, headers);
  }
  std::vector<std::string> member_ids(const HttpClient& c, const std::string& group) {
    auto r = c.get("/scim/v2/Groups/" + group);
    std::vector<std::string> ids;
    if (r.json.HasMember("members"))
      for (const auto& m : r.json["members"].GetArray()) ids.push_back(m["value"].GetString());
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};
SCIMD_INSTANTIATE_BACKENDS(Patch);

TEST_P(Patch, ReplaceWithCapitalisedOpAndStringBoolean) {  // Entra without aadOptscim062020
  auto c = server().fresh_client();
  std::string id = create_user(c, "p1");
  auto r = patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"Replace","path":"active","value":"False"}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json["active"].GetBool());
  EXPECT_STREQ(r.json["meta"]["version"].GetString(), "W/\"2\"");
}

TEST_P(Patch, PathlessReplaceWithDottedAndUrnKeys) {  // Entra's newer dialect
  auto c = server().fresh_client();
  std::string id = create_user(c, "p2");
  auto r = patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"replace","value":{
      "displayName":"Ana Silva","name.givenName":"Ana",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Sales"}}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json["displayName"].GetString(), "Ana Silva");
  EXPECT_STREQ(r.json["name"]["givenName"].GetString(), "Ana");
  EXPECT_STREQ(r.json["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["department"].GetString(), "Sales");
  EXPECT_FALSE(r.json.HasMember("name.givenName"));
}

TEST_P(Patch, OktaDeactivateAndPasswordPathless) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "p3");
  auto r = patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"replace","value":{"active":false}},
      {"op":"replace","value":{"password":"N3w-Secret"}}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json["active"].GetBool());
  EXPECT_EQ(r.body.find("N3w-Secret"), std::string::npos);
}

TEST_P(Patch, FilteredValuePathCreatesMissingElement) {  // Entra emails[type eq "work"].value
  auto c = server().fresh_client();
  std::string id = create_user(c, "p4");
  auto r = patch_rep(c, "/scim/v2/Users/" + id, ops(R"([
      {"op":"Add","path":"emails[type eq \"work\"].value","value":"p4@example.com"},
      {"op":"Add","path":"emails[type eq \"work\"].primary","value":"True"}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["emails"].Size(), 1u);
  EXPECT_STREQ(r.json["emails"][0]["type"].GetString(), "work");
  EXPECT_STREQ(r.json["emails"][0]["value"].GetString(), "p4@example.com");
  EXPECT_TRUE(r.json["emails"][0]["primary"].GetBool());
  auto again = patch_rep(c, "/scim/v2/Users/" + id,
                       ops(R"([{"op":"replace","path":"emails[type eq \"work\"].value","value":"new@example.com"}])"));
  ASSERT_EQ(again.json["emails"].Size(), 1u);
  EXPECT_STREQ(again.json["emails"][0]["value"].GetString(), "new@example.com");
}

TEST_P(Patch, NewPrimaryDemotesTheOld) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "p5", R"(,"emails":[{"value":"a@x","type":"work","primary":true}])");
  auto r = patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"add","path":"emails","value":[{"value":"b@x","type":"home","primary":true}]}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["emails"].Size(), 2u);
  EXPECT_FALSE(r.json["emails"][0]["primary"].GetBool());
  EXPECT_TRUE(r.json["emails"][1]["primary"].GetBool());
}

TEST_P(Patch, ManagerAsBareString) {  // Entra
  auto c = server().fresh_client();
  std::string boss = create_user(c, "boss5");
  std::string id = create_user(c, "p6");
  auto r = patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":")" +
                                                 boss + R"("}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"]["value"].GetString(), boss);
}

TEST_P(Patch, RemoveAttributeAndSubAttribute) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "p7", R"(,"title":"CEO","name":{"givenName":"G","familyName":"F"})");
  auto r = patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"remove","path":"title"},{"op":"remove","path":"name.givenName"}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json.HasMember("title"));
  EXPECT_FALSE(r.json["name"].HasMember("givenName"));
  EXPECT_TRUE(r.json["name"].HasMember("familyName"));
}

TEST_P(Patch, ReadOnlyIsRefusedButOwnIdIsIgnored) {
  auto c = server().fresh_client();
  std::string g = create_group(c, "Old");
  auto ok = patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"replace","value":{"id":")" + g + R"(","displayName":"New"}}])"));
  ASSERT_EQ(ok.status, 200) << ok.body;  // Okta's rename
  EXPECT_STREQ(ok.json["displayName"].GetString(), "New");
  expect_scim_error(patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"replace","value":{"id":"other"}}])")), 400, "mutability");
  expect_scim_error(patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"replace","path":"meta.created","value":"2020-01-01T00:00:00Z"}])")),
                    400, "mutability");
}

TEST_P(Patch, RequestIsAtomic) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "p8", R"(,"displayName":"Before")");
  auto r = patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"replace","path":"displayName","value":"After"},
      {"op":"replace","path":"active","value":"not-a-boolean"}])"));
  expect_scim_error(r, 400, "invalidValue");
  auto g = c.get("/scim/v2/Users/" + id);
  EXPECT_STREQ(g.json["displayName"].GetString(), "Before");
  EXPECT_STREQ(g.json["meta"]["version"].GetString(), "W/\"1\"");
}

TEST_P(Patch, BadRequestsGetPreciseErrors) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "p9");
  expect_scim_error(patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"jump","path":"title","value":"x"}])")), 400, "invalidSyntax");
  expect_scim_error(patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"add","path":"emails[type eq","value":"x"}])")), 400, "invalidPath");
  expect_scim_error(patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"add","path":"noSuchAttribute","value":"x"}])")), 400, "invalidPath");
  expect_scim_error(patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"remove"}])")), 400, "noTarget");
  expect_scim_error(patch_rep(c, "/scim/v2/Users/" + id, R"({"Operations":"x"})"), 400, "invalidSyntax");
  expect_scim_error(patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"replace","path":"userName","value":null}])")), 400, "invalidValue");
  expect_scim_error(patch_rep(c, "/scim/v2/Users/nope", ops(R"([{"op":"replace","path":"title","value":"x"}])")), 404, "");
}

TEST_P(Patch, StaleIfMatchIs412) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "p10");
  expect_scim_error(patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"replace","path":"title","value":"x"}])"), {{"If-Match", "W/\"9\""}}),
                    412, "");
}

TEST_P(Patch, PreferMinimalAnswers204) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "p11");
  auto r = patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"replace","path":"title","value":"x"}])"), {{"Prefer", "return=minimal"}});
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
}

TEST_P(Patch, MembersAddManyAndRemoveByValueListOldDialect) {  // Entra without the flag
  auto c = server().fresh_client();
  std::string a = create_user(c, "m1"), b = create_user(c, "m2"), d = create_user(c, "m3");
  std::string g = create_group(c, "Team");
  auto add = patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"Add","path":"members","value":[{"value":")" + a +
                                                 R"("},{"value":")" + b + R"("},{"value":")" + d + R"("}]}])"));
  ASSERT_EQ(add.status, 200) << add.body;
  std::vector<std::string> all{a, b, d};
  std::sort(all.begin(), all.end());
  EXPECT_EQ(member_ids(c, g), all);
  auto again = patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"Add","path":"members","value":[{"value":")" + a + R"("}]}])"));
  EXPECT_EQ(again.status, 200) << "adding an existing member succeeds";
  EXPECT_EQ(member_ids(c, g).size(), 3u);
  auto rm = patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"Remove","path":"members","value":[{"value":")" + a + R"(","$ref":null}]}])"));
  ASSERT_EQ(rm.status, 200) << rm.body;
  std::vector<std::string> rest{b, d};
  std::sort(rest.begin(), rest.end());
  EXPECT_EQ(member_ids(c, g), rest);
}

TEST_P(Patch, MembersRemoveByFilterThenAddOkta) {
  auto c = server().fresh_client();
  std::string a = create_user(c, "o1"), b = create_user(c, "o2");
  std::string g = create_group(c, "OktaTeam", R"([{"value":")" + a + R"("}])");
  auto r = patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"remove","path":"members[value eq \")" + a + R"(\"]"},
      {"op":"add","path":"members","value":[{"value":")" + b + R"(","display":"o2"}]}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(member_ids(c, g), std::vector<std::string>{b});
}

TEST_P(Patch, ReplaceMembersAndRemoveAll) {
  auto c = server().fresh_client();
  std::string a = create_user(c, "r1"), b = create_user(c, "r2");
  std::string g = create_group(c, "Rep", R"([{"value":")" + a + R"("}])");
  patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"replace","path":"members","value":[{"value":")" + b + R"("}]}])"));
  EXPECT_EQ(member_ids(c, g), std::vector<std::string>{b});
  patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"remove","path":"members"}])"));
  EXPECT_TRUE(member_ids(c, g).empty());
}

TEST_P(Patch, UnknownMemberIdsAreSkippedOnAdd) {
  auto c = server().fresh_client();
  std::string a = create_user(c, "u1");
  std::string g = create_group(c, "Lenient");
  auto r = patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"add","path":"members","value":[{"value":")" + a + R"("},{"value":"ghost"}]}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(member_ids(c, g), std::vector<std::string>{a});
}

TEST_P(Patch, BareStringMemberValuesAreIds) {  // Microsoft's conformance collection
  auto c = server().fresh_client();
  std::string a = create_user(c, "bare");
  std::string g = create_group(c, "Bare");
  EXPECT_EQ(c.patch("/scim/v2/Groups/" + g, ops(R"([{"op":"add","path":"members","value":")" + a + R"("}])")).status, 204);
  EXPECT_EQ(member_ids(c, g), std::vector<std::string>{a});
}

TEST_P(Patch, DefaultAnswerIs204AndAttributesAsksFor200) {  // RFC 7644 §3.5.2
  auto c = server().fresh_client();
  std::string id = create_user(c, "p204");
  auto r = c.patch("/scim/v2/Users/" + id, ops(R"([{"op":"replace","path":"title","value":"x"}])"));
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.header("etag"), "W/\"2\"");
  auto a = c.patch("/scim/v2/Users/" + id + "?attributes=title", ops(R"([{"op":"replace","path":"title","value":"y"}])"));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_STREQ(a.json["title"].GetString(), "y");
  EXPECT_FALSE(a.json.HasMember("userName"));
}

TEST_P(Patch, MembershipChangeBumpsVersionAndLastModified) {
  auto c = server().fresh_client();
  std::string a = create_user(c, "v1");
  std::string g = create_group(c, "Ver");
  auto before = c.get("/scim/v2/Groups/" + g);
  auto r = patch_rep(c, "/scim/v2/Groups/" + g, ops(R"([{"op":"add","path":"members","value":[{"value":")" + a + R"("}]}])"));
  EXPECT_STREQ(r.json["meta"]["version"].GetString(), "W/\"2\"");
  EXPECT_GE(std::string(r.json["meta"]["lastModified"].GetString()), std::string(before.json["meta"]["lastModified"].GetString()));
}

TEST_P(Patch, UnknownExtensionUrnIsIgnored) {  // Entra custom extension attributes
  auto c = server().fresh_client();
  std::string id = create_user(c, "p12");
  auto r = patch_rep(c, "/scim/v2/Users/" + id, ops(R"([{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User:badge","value":"7"}])"));
  EXPECT_EQ(r.status, 200) << r.body;
}

}  // namespace
}  // namespace scimd::test
