// /Groups with membership in its own table (issue: foundation §6) on every backend.
#include "integration/fixture.hpp"

namespace scimd::test {
namespace {

class Groups : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(Groups);

TEST_P(Groups, CreateWithMembersReturnsValueRefTypeDisplay) {
  auto c = server().fresh_client();
  std::string u = create_user(c, "ann", R"(,"displayName":"Ann A")");
  auto r = c.post("/scim/v2/Groups", R"({"displayName":"Sales","members":[{"value":")" + u + R"("}]})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto& m = r.json["members"][0];
  EXPECT_EQ(m["value"].GetString(), u);
  EXPECT_STREQ(m["type"].GetString(), "User");
  EXPECT_STREQ(m["display"].GetString(), "Ann A");
  EXPECT_EQ(m["$ref"].GetString(), server().base() + "/scim/v2/Users/" + u);
}

TEST_P(Groups, ClientDisplayLabelIsKept) {  // RFC 7643 §2.4: display is immutable
  auto c = server().fresh_client();
  std::string u = create_user(c, "labelled", R"(,"displayName":"Own Name")");
  auto r = c.post("/scim/v2/Groups", R"({"displayName":"Labels","members":[{"value":")" + u + R"(","display":"okta.login"}]})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_STREQ(r.json["members"][0]["display"].GetString(), "okta.login");
}

TEST_P(Groups, NestedGroupMembersHaveTypeGroup) {
  auto c = server().fresh_client();
  std::string inner = create_group(c, "Inner");
  std::string outer = create_group(c, "Outer", R"([{"value":")" + inner + R"("}])");
  auto r = c.get("/scim/v2/Groups/" + outer);
  EXPECT_STREQ(r.json["members"][0]["type"].GetString(), "Group");
}

TEST_P(Groups, UnknownMemberIs400AndNothingIsCreated) {
  auto c = server().fresh_client();
  auto r = c.post("/scim/v2/Groups", R"({"displayName":"Ghosts","members":[{"value":"no-such-id"}]})");
  expect_scim_error(r, 400, "invalidValue");
  EXPECT_EQ(c.get("/scim/v2/Groups").json["totalResults"].GetInt(), 0);
}

TEST_P(Groups, ExcludedMembersLeavesMembersOut) {
  auto c = server().fresh_client();
  std::string u = create_user(c, "ben");
  std::string g = create_group(c, "Eng", R"([{"value":")" + u + R"("}])");
  auto one = c.get("/scim/v2/Groups/" + g + "?excludedAttributes=members");
  EXPECT_FALSE(one.json.HasMember("members"));
  EXPECT_STREQ(one.json["displayName"].GetString(), "Eng");
  auto list = c.get("/scim/v2/Groups?excludedAttributes=members");
  EXPECT_FALSE(list.json["Resources"][0].HasMember("members"));
}

TEST_P(Groups, DeletedUserLeavesEveryGroup) {
  auto c = server().fresh_client();
  std::string u = create_user(c, "cat");
  std::string v = create_user(c, "dan");
  std::string g1 = create_group(c, "G1", R"([{"value":")" + u + R"("},{"value":")" + v + R"("}])");
  std::string g2 = create_group(c, "G2", R"([{"value":")" + u + R"("}])");
  ASSERT_EQ(c.del("/scim/v2/Users/" + u).status, 204);
  auto r1 = c.get("/scim/v2/Groups/" + g1);
  ASSERT_EQ(r1.json["members"].Size(), 1u);
  EXPECT_EQ(r1.json["members"][0]["value"].GetString(), v);
  EXPECT_EQ(c.get("/scim/v2/Groups/" + g2).json["members"].Size(), 0u);
}

TEST_P(Groups, UserShowsItsGroups) {
  auto c = server().fresh_client();
  std::string u = create_user(c, "eve");
  std::string g = create_group(c, "Ops", R"([{"value":")" + u + R"("}])");
  auto r = c.get("/scim/v2/Users/" + u);
  ASSERT_TRUE(r.json.HasMember("groups")) << r.body;
  EXPECT_EQ(r.json["groups"][0]["value"].GetString(), g);
  EXPECT_STREQ(r.json["groups"][0]["display"].GetString(), "Ops");
}

TEST_P(Groups, PutReplacesMembersAsASet) {
  auto c = server().fresh_client();
  std::string a = create_user(c, "fay");
  std::string b = create_user(c, "gus");
  std::string g = create_group(c, "Team", R"([{"value":")" + a + R"("}])");
  auto r = c.put("/scim/v2/Groups/" + g, R"({"displayName":"Team","members":[{"value":")" + b + R"("}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["members"].Size(), 1u);
  EXPECT_EQ(r.json["members"][0]["value"].GetString(), b);
  EXPECT_STREQ(r.json["meta"]["version"].GetString(), "W/\"2\"");
}

TEST_P(Groups, DuplicateDisplayNameIs409) {
  auto c = server().fresh_client();
  create_group(c, "Finance");
  expect_scim_error(c.post("/scim/v2/Groups", R"({"displayName":"FINANCE"})"), 409, "uniqueness");
}

TEST_P(Groups, DeletingAGroupRemovesItFromParents) {
  auto c = server().fresh_client();
  std::string inner = create_group(c, "Child");
  std::string outer = create_group(c, "Parent", R"([{"value":")" + inner + R"("}])");
  EXPECT_EQ(c.del("/scim/v2/Groups/" + inner).status, 204);
  EXPECT_EQ(c.get("/scim/v2/Groups/" + outer).json["members"].Size(), 0u);
}

TEST_P(Groups, SelfMembershipIsRejected) {
  auto c = server().fresh_client();
  std::string g = create_group(c, "Loop");
  expect_scim_error(c.put("/scim/v2/Groups/" + g, R"({"displayName":"Loop","members":[{"value":")" + g + R"("}]})"),
                    400, "invalidValue");
}

}  // namespace
}  // namespace scimd::test
