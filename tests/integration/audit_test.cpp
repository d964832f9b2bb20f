// The audit trail (issue 7, point 3): every successful write is one record in its own
// transaction, with the actor, versions and redacted PATCH operations; failed writes leave
// none; GET /access/v1/audit pages, filters, is tenant-scoped and admin-only (both backends).
#include <algorithm>
#include <fstream>
#include <sstream>

#include "cli/audit_command.hpp"
#include "cli/import_command.hpp"
#include "integration/fixture.hpp"
#include "store/tenant_store.hpp"

namespace scimd::test {
namespace {

constexpr const char* kSecret = "Pa55-word-never-logged";

std::string ops(const std::string& operations) {
  return R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)" + operations + "}";
}

std::string text(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject() || !v.HasMember(name)) return "(absent)";
  if (v[name].IsNull()) return "(null)";
  return v[name].IsString() ? v[name].GetString() : util::to_json(v[name]);
}

class Audit : public HttpTest {
 protected:
  // A fresh tenant with an admin client and the id of the admin's token.
  struct Tenant {
    std::string name;
    HttpClient admin;
    std::string admin_token_id;
  };

  Tenant tenant() {
    std::string name = unique_tenant("audit");
    HttpClient admin = server().client(name, auth::Role::admin);
    return {name, admin, token_id_of(admin)};
  }

  std::string token_id_of(const HttpClient& c) {
    std::string id;
    server().database().read([&](soci::session& s) { id = store::find_token(s, auth::hash_token(c.token()))->id; });
    return id;
  }

  // The tenant's whole audit log (asserting 200).
  Reply audit(const HttpClient& c, const std::string& query = "") {
    auto r = c.get("/access/v1/audit" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r;
  }

  static long long total(const Reply& r) { return r.json.IsObject() ? r.json["totalResults"].GetInt64() : -1; }
};
SCIMD_INSTANTIATE_BACKENDS(Audit);

TEST_P(Audit, EachScimWriteIsOneRecordWithActorAndVersions) {
  auto t = tenant();
  const std::map<std::string, std::string> rid{{"X-Request-Id", "req-audit-1"}};
  auto created = t.admin.post("/scim/v2/Users", std::string(R"({"userName":"ana","password":")") + kSecret + "\"}", rid);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json["id"].GetString();
  ASSERT_EQ(t.admin.put("/scim/v2/Users/" + id, std::string(R"({"userName":"ana","password":")") + kSecret + "2\"}").status, 200);
  ASSERT_EQ(t.admin.patch("/scim/v2/Users/" + id, ops(R"([{"op":"replace","path":"title","value":"Boss"}])")).status, 204);
  ASSERT_EQ(t.admin.del("/scim/v2/Users/" + id).status, 204);

  auto r = audit(t.admin);
  ASSERT_EQ(total(r), 4) << r.body;
  EXPECT_STREQ(r.json["schemas"][0].GetString(), "urn:ietf:params:scim:api:messages:2.0:ListResponse");
  EXPECT_EQ(r.json["startIndex"].GetInt(), 1);
  EXPECT_EQ(r.json["itemsPerPage"].GetInt(), 4);
  const auto& rs = r.json["Resources"];
  const char* methods[] = {"POST", "PUT", "PATCH", "DELETE"};
  const char* before[] = {"(null)", "1", "2", "3"};
  const char* after[] = {"1", "2", "3", "(null)"};
  for (rapidjson::SizeType i = 0; i < 4; ++i) {
    const auto& rec = rs[i];
    EXPECT_EQ(text(rec, "method"), methods[i]) << util::to_json(rec);
    EXPECT_EQ(text(rec, "resourceType"), "User");
    EXPECT_EQ(text(rec, "resourceId"), id);
    EXPECT_EQ(text(rec, "tokenId"), t.admin_token_id) << "the token's id, from its creation";
    EXPECT_EQ(text(rec, "clientAddress"), "127.0.0.1");
    EXPECT_EQ(text(rec, "versionBefore"), before[i]) << util::to_json(rec);
    EXPECT_EQ(text(rec, "versionAfter"), after[i]) << util::to_json(rec);
    EXPECT_TRUE(rec["seq"].IsInt64());
    EXPECT_EQ(text(rec, "at").size(), 24u) << "fixed-width UTC time";
    if (i > 0) {
      EXPECT_GT(rec["seq"].GetInt64(), rs[i - 1]["seq"].GetInt64()) << "oldest first";
    }
  }
  EXPECT_EQ(text(rs[0], "requestId"), "req-audit-1");
  EXPECT_EQ(text(rs[0], "operations"), "(null)") << "POST keeps no body";
  EXPECT_EQ(text(rs[1], "operations"), "(null)") << "PUT keeps no body";
  EXPECT_NE(text(rs[2], "operations").find("Boss"), std::string::npos) << "PATCH keeps its operations";
  EXPECT_EQ(r.body.find(kSecret), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(t.admin.token()), std::string::npos) << "never the token";
}

TEST_P(Audit, PatchPasswordsAreRedactedInEveryShape) {
  auto t = tenant();
  std::string id = create_user(t.admin, "bob");
  std::string s = kSecret;
  auto p = t.admin.patch("/scim/v2/Users/" + id,
                         ops(R"([{"op":"replace","path":"password","value":")" + s + R"(1"},
      {"op":"Replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:PASSWORD","value":")" + s + R"(2"},
      {"op":"replace","value":{"password":")" + s + R"(3","displayName":"Bob B"}},
      {"op":"replace","value":{"urn:ietf:params:scim:schemas:core:2.0:User:password":")" + s + R"(4"}}])"));
  ASSERT_EQ(p.status, 204) << p.body;
  auto r = audit(t.admin, "?resourceId=" + id);
  ASSERT_EQ(total(r), 2) << r.body;
  const auto& rec = r.json["Resources"][1];
  EXPECT_EQ(text(rec, "method"), "PATCH");
  const auto& operations = rec["operations"];
  ASSERT_TRUE(operations.IsArray()) << r.body;
  ASSERT_EQ(operations.Size(), 4u);
  EXPECT_EQ(text(operations[0], "value"), "[redacted]");
  EXPECT_EQ(text(operations[1], "value"), "[redacted]");
  EXPECT_EQ(text(operations[2]["value"], "password"), "[redacted]");
  EXPECT_EQ(text(operations[2]["value"], "displayName"), "Bob B") << "other attributes stay";
  EXPECT_EQ(text(operations[3]["value"], "urn:ietf:params:scim:schemas:core:2.0:User:password"), "[redacted]");
  EXPECT_EQ(r.body.find(kSecret), std::string::npos) << r.body;
}

TEST_P(Audit, GroupMemberPatchAndBulkRecordTheOperationsMethods) {
  auto t = tenant();
  std::string u = create_user(t.admin, "member");
  std::string g = create_group(t.admin, "Team");
  ASSERT_EQ(t.admin.patch("/scim/v2/Groups/" + g, ops(R"([{"op":"add","path":"members","value":[{"value":")" + u + R"("}]}])")).status, 204);
  auto bulk = t.admin.post("/scim/v2/Bulk", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
      {"method":"POST","path":"/Users","bulkId":"b1","data":{"userName":"bulk-one","password":")" + std::string(kSecret) + R"("}},
      {"method":"PATCH","path":"/Users/bulkId:b1","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations":[{"op":"replace","path":"password","value":")" + std::string(kSecret) + R"("}]}},
      {"method":"PUT","path":"/Groups/)" + g + R"(","data":{"displayName":"Team 2"}},
      {"method":"DELETE","path":"/Users/bulkId:b1"},
      {"method":"DELETE","path":"/Users/no-such-user"}]})",
                           {{"X-Request-Id", "bulk-req"}});
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  auto r = audit(t.admin);
  ASSERT_EQ(total(r), 7) << "user, group, member PATCH and the four bulk operations that succeeded: " << r.body;
  const auto& rs = r.json["Resources"];
  EXPECT_EQ(text(rs[2], "method"), "PATCH");
  EXPECT_EQ(text(rs[2], "resourceType"), "Group");
  EXPECT_NE(text(rs[2], "operations").find(u), std::string::npos) << "the member added";
  const char* methods[] = {"POST", "PATCH", "PUT", "DELETE"};
  for (rapidjson::SizeType i = 0; i < 4; ++i) {
    EXPECT_EQ(text(rs[3 + i], "method"), methods[i]) << util::to_json(rs[3 + i]);
    EXPECT_EQ(text(rs[3 + i], "requestId"), "bulk-req");
    EXPECT_EQ(text(rs[3 + i], "tokenId"), t.admin_token_id);
  }
  EXPECT_EQ(text(rs[5], "resourceId"), g);
  EXPECT_EQ(text(rs[5], "versionBefore"), "2");
  EXPECT_EQ(text(rs[5], "versionAfter"), "3");
  EXPECT_EQ(r.body.find(kSecret), std::string::npos) << r.body;
}

TEST_P(Audit, PrivilegeEditIsOneRecordPerGroup) {
  auto t = tenant();
  auto app = t.admin.post("/scim/v2/Applications", R"({"name":"CRM"})");
  ASSERT_EQ(app.status, 201) << app.body;
  std::string crm = app.json["id"].GetString();
  std::string g1 = create_group(t.admin, "G1");
  std::string g2 = create_group(t.admin, "G2");
  auto edit = t.admin.post("/access/v1/groups/privileges", R"({"groups":[")" + g1 + R"(",")" + g2 +
                                                               R"("],"set":[{"application":")" + crm +
                                                               R"(","access":"edit"}]})");
  ASSERT_EQ(edit.status, 200) << edit.body;
  auto r = audit(t.admin, "?startIndex=4");
  ASSERT_EQ(total(r), 5) << r.body;
  ASSERT_EQ(r.json["Resources"].Size(), 2u);
  for (rapidjson::SizeType i = 0; i < 2; ++i) {
    const auto& rec = r.json["Resources"][i];
    EXPECT_EQ(text(rec, "method"), "POST");
    EXPECT_EQ(text(rec, "resourceType"), "Group");
    EXPECT_EQ(text(rec, "resourceId"), i == 0 ? g1 : g2);
    EXPECT_EQ(text(rec, "versionBefore"), "1");
    EXPECT_EQ(text(rec, "versionAfter"), "2");
    EXPECT_EQ(text(rec, "tokenId"), t.admin_token_id);
    EXPECT_NE(text(rec, "operations").find(crm), std::string::npos) << util::to_json(rec);
  }
}

TEST_P(Audit, FailedWritesLeaveNoRecord) {
  auto t = tenant();
  std::string id = create_user(t.admin, "carol");
  std::string g = create_group(t.admin, "Carols");
  expect_scim_error(t.admin.post("/scim/v2/Users", R"({"userName":"CAROL"})"), 409, "uniqueness");
  EXPECT_EQ(t.admin.patch("/scim/v2/Users/" + id, ops(R"([{"op":"replace","path":"userName","value":null},
      {"op":"bogus","path":"title","value":"x"}])")).status, 400);
  EXPECT_EQ(t.admin.put("/scim/v2/Users/" + id, R"({"userName":"carol2"})", {{"If-Match", "W/\"99\""}}).status, 412);
  EXPECT_EQ(t.admin.del("/scim/v2/Users/no-such-user").status, 404);
  EXPECT_EQ(t.admin.patch("/scim/v2/Groups/" + g, ops(R"([{"op":"add","path":"members","value":[{"value":")" + g + R"("}]}])")).status, 400)
      << "a group in itself fails after the update, inside the transaction";
  expect_scim_error(t.admin.post("/access/v1/groups/privileges", R"({"groups":[")" + g + R"(","no-such-group"]})"), 400,
                    "invalidValue");
  auto read = server().client(t.name, auth::Role::read);
  EXPECT_EQ(read.post("/scim/v2/Users", R"({"userName":"dave"})").status, 403);
  auto r = audit(t.admin);
  EXPECT_EQ(total(r), 2) << "only the two creates: " << r.body;
}

TEST_P(Audit, PagingSinceAndResourceIdFilter) {
  auto t = tenant();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(create_user(t.admin, "p" + std::to_string(i)));
  ASSERT_EQ(t.admin.patch("/scim/v2/Users/" + ids[2], ops(R"([{"op":"replace","path":"title","value":"T"}])")).status, 204);

  auto page = audit(t.admin, "?startIndex=2&count=2");
  EXPECT_EQ(total(page), 6);
  EXPECT_EQ(page.json["startIndex"].GetInt(), 2);
  EXPECT_EQ(page.json["itemsPerPage"].GetInt(), 2);
  EXPECT_EQ(text(page.json["Resources"][0], "resourceId"), ids[1]);
  EXPECT_EQ(text(page.json["Resources"][1], "resourceId"), ids[2]);
  EXPECT_EQ(audit(t.admin, "?startIndex=7").json["Resources"].Size(), 0u);
  EXPECT_EQ(audit(t.admin, "?count=0").json["Resources"].Size(), 0u);
  EXPECT_EQ(total(audit(t.admin, "?count=0")), 6);

  auto one = audit(t.admin, "?resourceId=" + ids[2]);
  ASSERT_EQ(total(one), 2) << one.body;
  EXPECT_EQ(text(one.json["Resources"][1], "method"), "PATCH");

  // since is inclusive: the time of the fourth record keeps it and what follows.
  auto all = audit(t.admin);
  std::string fourth_at = text(all.json["Resources"][3], "at");
  auto since = audit(t.admin, "?since=" + fourth_at);
  EXPECT_GE(total(since), 3);
  EXPECT_LE(total(since), 6);
  for (const auto& rec : since.json["Resources"].GetArray()) EXPECT_GE(text(rec, "at"), fourth_at);
  EXPECT_EQ(text(since.json["Resources"][since.json["Resources"].Size() - 1], "resourceId"), ids[2]);
  EXPECT_EQ(total(audit(t.admin, "?since=2999-01-01")), 0);
  EXPECT_EQ(total(audit(t.admin, "?since=2000-01-01T00:00:00%2B02:00")), 6);
  EXPECT_EQ(total(audit(t.admin, "?since=" + fourth_at + "&resourceId=" + ids[0])), 0);

  expect_scim_error(t.admin.get("/access/v1/audit?since=yesterday"), 400, "invalidValue");
  expect_scim_error(t.admin.get("/access/v1/audit?since=2026-02-30"), 400, "invalidValue");
  expect_scim_error(t.admin.get("/access/v1/audit?count=ten"), 400, "invalidValue");
  expect_scim_error(t.admin.get("/access/v1/audit?startIndex=1.5"), 400, "invalidValue");
}

TEST_P(Audit, TenantsSeeOnlyTheirOwnRecords) {
  auto a = tenant();
  auto b = tenant();
  std::string id = create_user(a.admin, "secret-of-a");
  EXPECT_EQ(total(audit(a.admin)), 1);
  auto seen = audit(b.admin);
  EXPECT_EQ(total(seen), 0) << seen.body;
  EXPECT_EQ(total(audit(b.admin, "?resourceId=" + id)), 0);
}

TEST_P(Audit, OnlyAdminTokensReadTheLog) {
  auto t = tenant();
  EXPECT_EQ(HttpClient(server().base(), "").get("/access/v1/audit").status, 401);
  expect_scim_error(server().client(t.name, auth::Role::provisioning).get("/access/v1/audit"), 403, "");
  expect_scim_error(server().client(t.name, auth::Role::read).get("/access/v1/audit"), 403, "");
  EXPECT_EQ(t.admin.post("/access/v1/audit", "{}").status, 405);
  EXPECT_EQ(t.admin.get("/access/v1/audit").status, 200);
}

TEST_P(Audit, ImportIsRecordedWithoutTokenAndTheCliPrintsJsonLines) {
  std::string tenant = unique_tenant("audit-import");
  std::string path = "/tmp/scimd-audit-" + tenant + ".jsonl";
  {
    std::ofstream f(path);
    f << R"({"id":"imp-a","userName":"imp-a@example.com","password":")" << kSecret << "\"}\n";
    f << R"({"userName":"IMP-A@example.com"})" << "\n";  // rejected: no record
    f << R"({"id":"imp-g","displayName":"Imported"})" << "\n";
  }
  const std::string db_url = backend(GetParam()).db_url;
  EXPECT_EQ(cli::run_import({db_url, tenant, path, 10}), 1);
  std::remove(path.c_str());
  auto admin = server().client(tenant, auth::Role::admin);
  auto r = audit(admin);
  ASSERT_EQ(total(r), 2) << r.body;
  for (const auto& rec : r.json["Resources"].GetArray()) {
    EXPECT_EQ(text(rec, "method"), "IMPORT");
    EXPECT_EQ(text(rec, "tokenId"), "(null)");
    EXPECT_EQ(text(rec, "clientAddress"), "cli");
    EXPECT_EQ(text(rec, "versionAfter"), "1");
  }
  EXPECT_EQ(text(r.json["Resources"][0], "resourceId"), "imp-a");
  EXPECT_EQ(text(r.json["Resources"][1], "resourceType"), "Group");

  std::ostringstream out;
  cli::AuditOptions options;
  options.db_url = db_url;
  options.tenant = tenant;
  ASSERT_EQ(cli::run_audit(options, out), 0);
  std::istringstream lines(out.str());
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    ASSERT_TRUE(d.IsObject()) << line;
    EXPECT_EQ(text(d, "method"), "IMPORT");
    ++n;
  }
  EXPECT_EQ(n, 2);
  EXPECT_EQ(out.str().find(kSecret), std::string::npos);

  std::ostringstream filtered;
  options.resource_id = "imp-g";
  ASSERT_EQ(cli::run_audit(options, filtered), 0);
  EXPECT_NE(filtered.str().find("\"resourceId\":\"imp-g\""), std::string::npos) << filtered.str();
  EXPECT_EQ(filtered.str().find("imp-a"), std::string::npos);
  options.resource_id.clear();
  options.count = 1;
  std::ostringstream limited;
  ASSERT_EQ(cli::run_audit(options, limited), 0);
  const std::string limited_text = limited.str();
  EXPECT_EQ(std::count(limited_text.begin(), limited_text.end(), '\n'), 1);
  options.since = "not a time";
  std::ostringstream bad;
  EXPECT_EQ(cli::run_audit(options, bad), 2);
  options.since.clear();
  options.tenant = unique_tenant("no-such");
  EXPECT_EQ(cli::run_audit(options, bad), 1);
}

}  // namespace
}  // namespace scimd::test
