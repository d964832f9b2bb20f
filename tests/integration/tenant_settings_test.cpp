// A tenant setting changes the default of a group's access `active` (access model contract).
#include "integration/fixture.hpp"
#include "store/tenant_store.hpp"

namespace scimd::test {
namespace {

class TenantSettings : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(TenantSettings);

constexpr const char* ext = "urn:scimd:params:scim:schemas:extension:access:2.0:Group";

TEST_P(TenantSettings, GroupsActiveByDefaultFollowsTheTenant) {
  std::string tenant = unique_tenant("settings");
  auto c = server().client(tenant);
  auto before = c.post("/scim/v2/Groups", R"({"displayName":"Before"})");
  ASSERT_EQ(before.status, 201);
  EXPECT_FALSE(before.json[ext]["active"].GetBool()) << "groups start inactive by default";
  server().database().write([&](soci::session& s) {
    store::set_tenant_settings(s, *store::find_tenant(s, tenant), R"({"groupsActiveByDefault":true})");
  });
  auto after = c.post("/scim/v2/Groups", R"({"displayName":"After"})");
  EXPECT_TRUE(after.json[ext]["active"].GetBool());
  auto explicit_off = c.post("/scim/v2/Groups", std::string(R"({"displayName":"Off",")") + ext + R"(":{"active":false}})");
  EXPECT_FALSE(explicit_off.json[ext]["active"].GetBool());
}

}  // namespace
}  // namespace scimd::test
