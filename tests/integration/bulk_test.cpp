// Bulk (RFC 7644 §3.7) on every backend.
#include "integration/fixture.hpp"

namespace scimd::test {
namespace {

class Bulk : public HttpTest {
 protected:
  static std::string bulk(const std::string& operations, const std::string& extra = "") {
    return R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"])" + extra + R"(,"Operations":)" + operations + "}";
  }
};
SCIMD_INSTANTIATE_BACKENDS(Bulk);

TEST_P(Bulk, CreatesUsersAndAGroupReferencingThemByBulkId) {
  auto c = server().fresh_client();
  // The group comes first but needs the users: it is processed after them.
  auto r = c.post("/scim/v2/Bulk", bulk(R"([
    {"method":"POST","path":"/Groups","bulkId":"g","data":{"displayName":"Bulk Team","members":[{"value":"bulkId:u1"},{"value":"bulkId:u2"}]}},
    {"method":"POST","path":"/Users","bulkId":"u1","data":{"userName":"bulk1"}},
    {"method":"POST","path":"/Users","bulkId":"u2","data":{"userName":"bulk2"}}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json["schemas"][0].GetString(), "urn:ietf:params:scim:api:messages:2.0:BulkResponse");
  ASSERT_EQ(r.json["Operations"].Size(), 3u);
  std::string group_location;
  for (const auto& op : r.json["Operations"].GetArray()) {
    EXPECT_STREQ(op["status"].GetString(), "201");
    if (std::string(op["bulkId"].GetString()) == "g") group_location = op["location"].GetString();
  }
  std::string group_path = group_location.substr(server().base().size());
  auto g = c.get(group_path);
  ASSERT_EQ(g.status, 200) << group_path;
  EXPECT_EQ(g.json["members"].Size(), 2u);
}

TEST_P(Bulk, EachOperationHasItsOwnStatus) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "existing");
  auto r = c.post("/scim/v2/Bulk", bulk(R"([
    {"method":"POST","path":"/Users","bulkId":"dup","data":{"userName":"existing"}},
    {"method":"PATCH","path":"/Users/)" + id + R"(","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"T"}]}},
    {"method":"DELETE","path":"/Users/nope"}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json["Operations"][0]["status"].GetString(), "409");
  EXPECT_STREQ(r.json["Operations"][0]["response"]["scimType"].GetString(), "uniqueness");
  EXPECT_STREQ(r.json["Operations"][1]["status"].GetString(), "200");
  EXPECT_STREQ(r.json["Operations"][2]["status"].GetString(), "404");
  EXPECT_STREQ(c.get("/scim/v2/Users/" + id).json["title"].GetString(), "T");
}

TEST_P(Bulk, FailOnErrorsStopsProcessing) {
  auto c = server().fresh_client();
  auto r = c.post("/scim/v2/Bulk", bulk(R"([
    {"method":"DELETE","path":"/Users/a"},
    {"method":"POST","path":"/Users","bulkId":"late","data":{"userName":"never-created"}}])", R"(,"failOnErrors":1)"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["Operations"].Size(), 1u);
  EXPECT_EQ(c.get("/scim/v2/Users").json["totalResults"].GetInt(), 0);
}

TEST_P(Bulk, CircularReferencesAreReported) {
  auto c = server().fresh_client();
  auto r = c.post("/scim/v2/Bulk", bulk(R"([
    {"method":"POST","path":"/Groups","bulkId":"a","data":{"displayName":"A","members":[{"value":"bulkId:b"}]}},
    {"method":"POST","path":"/Groups","bulkId":"b","data":{"displayName":"B","members":[{"value":"bulkId:a"}]}}])"));
  ASSERT_EQ(r.status, 200) << r.body;
  for (const auto& op : r.json["Operations"].GetArray()) EXPECT_STREQ(op["status"].GetString(), "409");
}

TEST_P(Bulk, LimitsAreEnforcedWith413) {
  auto c = server().fresh_client();
  std::string ops = "[";
  for (int i = 0; i < 1001; ++i) ops += std::string(i ? "," : "") + R"({"method":"DELETE","path":"/Users/x"})";
  ops += "]";
  expect_scim_error(c.post("/scim/v2/Bulk", bulk(ops)), 413, "");
  std::string big = bulk(R"([{"method":"POST","path":"/Users","bulkId":"x","data":{"userName":")" + std::string(1100000, 'a') + R"("}}])");
  expect_scim_error(c.post("/scim/v2/Bulk", big), 413, "");
  EXPECT_EQ(c.get("/scim/v2/Users").json["totalResults"].GetInt(), 0);
}

TEST_P(Bulk, MalformedRequestsAre400) {
  auto c = server().fresh_client();
  expect_scim_error(c.post("/scim/v2/Bulk", R"({"Operations":[]})"), 400, "invalidSyntax");
  expect_scim_error(c.post("/scim/v2/Bulk", bulk(R"([{"method":"GET","path":"/Users"}])")), 400, "invalidSyntax");
  expect_scim_error(c.post("/scim/v2/Bulk", bulk(R"([{"method":"POST","path":"/Users","data":{"userName":"x"}}])")), 400, "invalidSyntax");
  auto reader = server().client(unique_tenant("bulk"), auth::Role::read);
  expect_scim_error(reader.post("/scim/v2/Bulk", bulk("[]")), 403, "");
}

}  // namespace
}  // namespace scimd::test
