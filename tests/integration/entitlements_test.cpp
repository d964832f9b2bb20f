// /Entitlements and /Roles for Okta Identity Governance, on every backend.
#include "integration/fixture.hpp"

namespace scimd::test {
namespace {

class Entitlements : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(Entitlements);

TEST_P(Entitlements, OneEntryPerApplicationAndLevelPaged) {
  auto c = server().fresh_client(auth::Role::admin);
  for (const char* name : {"Billing", "Analytics"})
    ASSERT_EQ(c.post("/scim/v2/Applications", std::string(R"({"name":")") + name + "\"}").status, 201);
  auto all = c.get("/scim/v2/Entitlements");
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_EQ(all.json["totalResults"].GetInt(), 6);
  EXPECT_STREQ(all.json["Resources"][0]["displayName"].GetString(), "Analytics (view)");
  EXPECT_STREQ(all.json["Resources"][5]["displayName"].GetString(), "Billing (admin)");
  auto page = c.get("/scim/v2/Entitlements?startIndex=3&count=2");
  ASSERT_EQ(page.json["itemsPerPage"].GetInt(), 2);
  EXPECT_STREQ(page.json["Resources"][0]["displayName"].GetString(), "Analytics (admin)");
  EXPECT_STREQ(page.json["Resources"][1]["displayName"].GetString(), "Billing (view)");
  std::string id = page.json["Resources"][1]["id"].GetString();
  EXPECT_EQ(c.get("/scim/v2/Entitlements/" + id).status, 200);
  expect_scim_error(c.get("/scim/v2/Entitlements/nope:view"), 404, "");
}

TEST_P(Entitlements, OnlyAdminsManageApplications) {
  std::string tenant = unique_tenant("apps");
  auto provisioning = server().client(tenant, auth::Role::provisioning);
  auto admin = server().client(tenant, auth::Role::admin);
  expect_scim_error(provisioning.post("/scim/v2/Applications", R"({"name":"X"})"), 403, "");
  auto bulk = provisioning.post("/scim/v2/Bulk", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
      "Operations":[{"method":"POST","path":"/Applications","bulkId":"a","data":{"name":"X"}}]})");
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  EXPECT_STREQ(bulk.json["Operations"][0]["status"].GetString(), "403");
  EXPECT_EQ(admin.post("/scim/v2/Applications", R"({"name":"X"})").status, 201);
  EXPECT_EQ(provisioning.get("/scim/v2/Applications").json["totalResults"].GetInt(), 1) << "reading is allowed";
}

TEST_P(Entitlements, RolesAreTheUserLevelsAndDiscoverable) {
  auto c = server().fresh_client(auth::Role::read);
  auto r = c.get("/scim/v2/Roles?count=1&startIndex=1");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["itemsPerPage"].GetInt(), 1);
  EXPECT_EQ(r.json["totalResults"].GetInt(), 2);
  auto types = c.get("/scim/v2/ResourceTypes/Role");
  ASSERT_EQ(types.status, 200);
  EXPECT_STREQ(types.json["schema"].GetString(), "urn:okta:scim:schemas:core:1.0:Role");
  expect_scim_error(c.post("/scim/v2/Roles", "{}"), 405, "");
}

}  // namespace
}  // namespace scimd::test
