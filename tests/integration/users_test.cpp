// POST/GET/PUT/DELETE on /Users (RFC 7644 §3.3-3.6) on every backend.
#include "integration/fixture.hpp"

namespace scimd::test {
namespace {

class Users : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(Users);

TEST_P(Users, CreateReturns201WithLocationEtagAndMeta) {
  auto c = server().fresh_client();
  auto r = c.post("/scim/v2/Users", R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
      "userName":"ana@example.com","name":{"givenName":"Ana","familyName":"Silva"},
      "emails":[{"value":"ana@example.com","type":"work","primary":true}]})");
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json["id"].GetString();
  EXPECT_EQ(r.header("location"), server().base() + "/scim/v2/Users/" + id);
  EXPECT_EQ(r.json["meta"]["location"].GetString(), r.header("location"));
  EXPECT_STREQ(r.json["meta"]["resourceType"].GetString(), "User");
  EXPECT_EQ(r.header("etag"), r.json["meta"]["version"].GetString());
  EXPECT_TRUE(r.json["meta"].HasMember("created"));
  EXPECT_TRUE(r.json["meta"].HasMember("lastModified"));
  EXPECT_TRUE(r.json["active"].GetBool()) << "users start active";
  EXPECT_NE(r.header("content-type").find("application/scim+json"), std::string::npos);
}

TEST_P(Users, GetReturnsWhatWasStored) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "bob", R"(,"displayName":"Bob","externalId":"ext-1")");
  auto r = c.get("/scim/v2/Users/" + id);
  ASSERT_EQ(r.status, 200);
  EXPECT_STREQ(r.json["userName"].GetString(), "bob");
  EXPECT_STREQ(r.json["displayName"].GetString(), "Bob");
  EXPECT_STREQ(r.json["externalId"].GetString(), "ext-1");
  EXPECT_EQ(r.json["id"].GetString(), id);
  EXPECT_FALSE(r.header("etag").empty());
}

TEST_P(Users, PasswordIsNeverReturned) {
  auto c = server().fresh_client();
  auto r = c.post("/scim/v2/Users", R"({"userName":"carol","password":"Secret#123"})");
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.body.find("Secret#123"), std::string::npos);
  EXPECT_FALSE(r.json.HasMember("password"));
  auto g = c.get("/scim/v2/Users/" + std::string(r.json["id"].GetString()));
  EXPECT_FALSE(g.json.HasMember("password"));
  auto l = c.get("/scim/v2/Users?attributes=password");
  EXPECT_EQ(l.body.find("Secret#123"), std::string::npos);
}

TEST_P(Users, DuplicateUserNameIgnoringCaseIs409Uniqueness) {
  auto c = server().fresh_client();
  create_user(c, "Dave@Example.com");
  auto r = c.post("/scim/v2/Users", R"({"userName":"dave@example.COM"})");
  expect_scim_error(r, 409, "uniqueness");
}

TEST_P(Users, SameUserNameInTwoTenantsIsAllowed) {
  auto a = server().fresh_client();
  auto b = server().fresh_client();
  create_user(a, "erin");
  create_user(b, "erin");
}

TEST_P(Users, MissingUserNameIs400InvalidValue) {
  auto c = server().fresh_client();
  expect_scim_error(c.post("/scim/v2/Users", R"({"displayName":"No Name"})"), 400, "invalidValue");
}

TEST_P(Users, WrongTypeIs400InvalidValueAndStoresNothing) {
  auto c = server().fresh_client();
  expect_scim_error(c.post("/scim/v2/Users", R"({"userName":"frank","active":"maybe"})"), 400, "invalidValue");
  expect_scim_error(c.post("/scim/v2/Users", R"({"userName":"frank","name":"Frank"})"), 400, "invalidValue");
  expect_scim_error(c.post("/scim/v2/Users", R"({"userName":"frank","emails":"x@y"})"), 400, "invalidValue");
  auto l = c.get("/scim/v2/Users");
  EXPECT_EQ(l.json["totalResults"].GetInt(), 0);
}

TEST_P(Users, StringBooleansFromEntraAreAccepted) {
  auto c = server().fresh_client();
  auto r = c.post("/scim/v2/Users", R"({"userName":"gina","active":"False"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json["active"].IsBool());
  EXPECT_FALSE(r.json["active"].GetBool());
}

TEST_P(Users, ReadOnlyAndUnknownInputIsIgnored) {
  auto c = server().fresh_client();
  auto r = c.post("/scim/v2/Users", R"({"userName":"hank","id":"client-id","meta":{"resourceType":"User"},
      "groups":[{"value":"x"}],"favouriteColour":"blue","roles":[]})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_STRNE(r.json["id"].GetString(), "client-id");
  EXPECT_FALSE(r.json.HasMember("favouriteColour"));
  EXPECT_FALSE(r.json.HasMember("groups"));
  EXPECT_FALSE(r.json.HasMember("roles")) << "[] means unassigned";
}

TEST_P(Users, AttributeNamesAndUrnsAreCaseInsensitive) {
  auto c = server().fresh_client();
  auto r = c.post("/scim/v2/Users", R"({"USERNAME":"ivy","Name":{"GivenName":"Ivy"},
      "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER":{"Department":"Sales"}})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_STREQ(r.json["userName"].GetString(), "ivy");
  EXPECT_STREQ(r.json["name"]["givenName"].GetString(), "Ivy");
  EXPECT_STREQ(r.json["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["department"].GetString(), "Sales");
}

TEST_P(Users, EntraManagerAsBareStringIsStoredAsComplex) {
  auto c = server().fresh_client();
  std::string boss = create_user(c, "boss");
  auto r = c.post("/scim/v2/Users", R"({"userName":"jack","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":")" +
                                        boss + "\"}}");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"]["value"].GetString(), boss);
}

TEST_P(Users, PlainJsonContentTypeIsAccepted) {
  auto c = server().fresh_client();
  auto r = c.post("/scim/v2/Users", R"({"userName":"kim"})", {{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(r.status, 201);
}

TEST_P(Users, PutReplacesAndClearsMissingAttributes) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "lee", R"(,"displayName":"Lee","nickName":"L")");
  auto r = c.put("/scim/v2/Users/" + id, R"({"userName":"lee","displayName":"Lee Renamed","id":")" + id + "\"}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_STREQ(r.json["displayName"].GetString(), "Lee Renamed");
  EXPECT_FALSE(r.json.HasMember("nickName"));
  EXPECT_STREQ(r.json["meta"]["version"].GetString(), "W/\"2\"");
}

TEST_P(Users, PutOnUnknownIdIs404AndCreatesNothing) {
  auto c = server().fresh_client();
  expect_scim_error(c.put("/scim/v2/Users/does-not-exist", R"({"userName":"ghost"})"), 404, "");
  EXPECT_EQ(c.get("/scim/v2/Users").json["totalResults"].GetInt(), 0);
}

TEST_P(Users, PutWithStaleIfMatchIs412AndChangesNothing) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "mia");
  auto r = c.put("/scim/v2/Users/" + id, R"({"userName":"mia2"})", {{"If-Match", "W/\"7\""}});
  expect_scim_error(r, 412, "");
  EXPECT_STREQ(c.get("/scim/v2/Users/" + id).json["userName"].GetString(), "mia");
  EXPECT_EQ(c.put("/scim/v2/Users/" + id, R"({"userName":"mia2"})", {{"If-Match", "W/\"1\""}}).status, 200);
}

TEST_P(Users, GetWithMatchingIfNoneMatchIs304) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "noah");
  auto r = c.get("/scim/v2/Users/" + id, {{"If-None-Match", "W/\"1\""}});
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
}

TEST_P(Users, DeleteIs204ThenEverythingIs404) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "olga");
  EXPECT_EQ(c.del("/scim/v2/Users/" + id).status, 204);
  expect_scim_error(c.get("/scim/v2/Users/" + id), 404, "");
  expect_scim_error(c.del("/scim/v2/Users/" + id), 404, "");
  expect_scim_error(c.put("/scim/v2/Users/" + id, R"({"userName":"olga"})"), 404, "");
}

TEST_P(Users, ListPagesInAStableOrder) {
  auto c = server().fresh_client();
  for (int i = 0; i < 7; ++i) create_user(c, "page" + std::to_string(i));
  auto all = c.get("/scim/v2/Users?startIndex=1&count=100");
  ASSERT_EQ(all.json["totalResults"].GetInt(), 7);
  auto page2 = c.get("/scim/v2/Users?startIndex=4&count=3");
  EXPECT_EQ(page2.json["totalResults"].GetInt(), 7);
  EXPECT_EQ(page2.json["startIndex"].GetInt(), 4);
  EXPECT_EQ(page2.json["itemsPerPage"].GetInt(), 3);
  for (int i = 0; i < 3; ++i)
    EXPECT_STREQ(page2.json["Resources"][i]["id"].GetString(), all.json["Resources"][i + 3]["id"].GetString());
  auto none = c.get("/scim/v2/Users?count=0");
  EXPECT_EQ(none.json["totalResults"].GetInt(), 7);
  EXPECT_EQ(none.json["Resources"].Size(), 0u);
  auto clamped = c.get("/scim/v2/Users?startIndex=-5&count=2");
  EXPECT_EQ(clamped.json["startIndex"].GetInt(), 1);
  EXPECT_EQ(clamped.json["itemsPerPage"].GetInt(), 2);
}

TEST_P(Users, AttributesAndExcludedAttributesProjectTheResource) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "pat", R"(,"displayName":"Pat","name":{"givenName":"P","familyName":"Q"})");
  auto r = c.get("/scim/v2/Users/" + id + "?attributes=userName,name.givenName");
  EXPECT_TRUE(r.json.HasMember("id")) << "id is returned always";
  EXPECT_TRUE(r.json.HasMember("userName"));
  EXPECT_FALSE(r.json.HasMember("displayName"));
  EXPECT_TRUE(r.json["name"].HasMember("givenName"));
  EXPECT_FALSE(r.json["name"].HasMember("familyName"));
  auto e = c.get("/scim/v2/Users/" + id + "?excludedAttributes=displayName,name");
  EXPECT_TRUE(e.json.HasMember("userName"));
  EXPECT_FALSE(e.json.HasMember("displayName"));
  EXPECT_FALSE(e.json.HasMember("name"));
}

}  // namespace
}  // namespace scimd::test
