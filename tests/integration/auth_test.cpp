// Bearer tokens, tenants and roles (foundation §7) on every backend.
#include "integration/fixture.hpp"
#include "store/tenant_store.hpp"
#include "util/random.hpp"

namespace scimd::test {
namespace {

class Auth : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(Auth);

TEST_P(Auth, MissingOrWrongTokenIs401WithScimBody) {
  HttpClient anonymous(server().base(), "");
  auto r = anonymous.get("/scim/v2/Users");
  expect_scim_error(r, 401, "");
  EXPECT_NE(r.header("www-authenticate").find("Bearer"), std::string::npos);
  HttpClient wrong(server().base(), "scimd_not-a-real-token");
  expect_scim_error(wrong.get("/scim/v2/Users"), 401, "");
  // Okta's spec test sends a non-bearer header.
  expect_scim_error(anonymous.get("/scim/v2/Users", {{"Authorization", "non-token"}}), 401, "");
  expect_scim_error(anonymous.get("/scim/v2/ServiceProviderConfig"), 401, "");
}

TEST_P(Auth, TenantsSeeOnlyTheirOwnData) {
  auto a = server().fresh_client();
  auto b = server().fresh_client();
  std::string id = create_user(a, "secret-user");
  expect_scim_error(b.get("/scim/v2/Users/" + id), 404, "");
  expect_scim_error(b.del("/scim/v2/Users/" + id), 404, "");
  EXPECT_EQ(b.get("/scim/v2/Users").json["totalResults"].GetInt(), 0);
  EXPECT_EQ(a.get("/scim/v2/Users/" + id).status, 200);
}

TEST_P(Auth, ReadRoleReadsButCannotWrite) {
  std::string tenant = unique_tenant("roles");
  auto writer = server().client(tenant, auth::Role::provisioning);
  auto reader = server().client(tenant, auth::Role::read);
  std::string id = create_user(writer, "reader-target");
  EXPECT_EQ(reader.get("/scim/v2/Users/" + id).status, 200);
  expect_scim_error(reader.post("/scim/v2/Users", R"({"userName":"nope"})"), 403, "");
  expect_scim_error(reader.del("/scim/v2/Users/" + id), 403, "");
  EXPECT_EQ(writer.get("/scim/v2/Users/" + id).status, 200);
}

TEST_P(Auth, AdminMayDoWhatProvisioningMay) {
  auto admin = server().fresh_client(auth::Role::admin);
  std::string id = create_user(admin, "by-admin");
  EXPECT_EQ(admin.del("/scim/v2/Users/" + id).status, 204);
}

TEST_P(Auth, RevokedAndExpiredTokensStopOnTheNextRequest) {
  std::string tenant = unique_tenant("life");
  auto c = server().client(tenant);
  EXPECT_EQ(c.get("/scim/v2/Users").status, 200);
  server().database().write([&](soci::session& s) {
    long long id = *store::find_tenant(s, tenant);
    for (const auto& t : store::list_tokens(s, id)) store::revoke_token(s, id, t.id);
  });
  expect_scim_error(c.get("/scim/v2/Users"), 401, "");

  std::string expired = auth::new_token();
  server().database().write([&](soci::session& s) {
    store::insert_token(s, store::ensure_tenant(s, tenant), util::new_uuid(), auth::hash_token(expired), "read",
                        "2020-01-01T00:00:00.000Z");
  });
  expect_scim_error(HttpClient(server().base(), expired).get("/scim/v2/Users"), 401, "");
}

TEST_P(Auth, HealthEndpointsNeedNoToken) {
  HttpClient anonymous(server().base(), "");
  EXPECT_EQ(anonymous.get("/healthz").status, 200);
  EXPECT_EQ(anonymous.get("/readyz").status, 200);
}

TEST_P(Auth, MetricsCountRequestsByRouteAndStatus) {
  auto c = server().fresh_client();
  c.get("/scim/v2/Users");
  c.get("/scim/v2/Users/nope");
  HttpClient anonymous(server().base(), "");
  auto m = anonymous.get("/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("scimd_http_requests_total{route=\"/scim/v2/Users\",status=\"2xx\"}"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("scimd_http_requests_total{route=\"/scim/v2/Users/{id}\",status=\"4xx\"}"), std::string::npos);
  EXPECT_NE(m.body.find("scimd_http_request_duration_seconds_bucket{le=\"+Inf\"}"), std::string::npos);
  EXPECT_NE(m.body.find("scimd_db_pool_connections"), std::string::npos);
  EXPECT_EQ(m.body.find(c.token()), std::string::npos);
}

}  // namespace
}  // namespace scimd::test
