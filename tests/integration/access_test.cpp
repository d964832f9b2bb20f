// The access model over HTTP (README "The access model", DESIGN.md §3) on every backend:
// /Applications, the access extensions of Group and User, and the /access/v1 API.
#include "integration/access_fixture.hpp"

namespace scimd::test {
namespace {

using namespace access_http;

SCIMD_INSTANTIATE_BACKENDS(Access);

// ---- /Applications

TEST_P(Access, ApplicationsCrudFilterSortAndPaging) {
  auto t = tenant();
  // Applications are scimd's own catalogue: an admin token manages them (commit 0594433)
  expect_scim_error(t.prov.post("/scim/v2/Applications", std::string(R"({"schemas":[")") + kAppSchema +
                                                             R"("],"name":"CRM"})"),
                    403, "");
  auto r = t.admin.post("/scim/v2/Applications", std::string(R"({"schemas":[")") + kAppSchema +
                                                     R"("],"name":"CRM","description":"customers"})");
  ASSERT_EQ(r.status, 201) << r.body;
  std::string crm = str(r.json, "id");
  EXPECT_STREQ(r.json["meta"]["resourceType"].GetString(), "Application");
  EXPECT_EQ(r.header("location"), server().base() + "/scim/v2/Applications/" + crm);
  create_app(t.admin, "wiki");
  create_app(t.admin, "ERP");

  auto got = t.read.get("/scim/v2/Applications/" + crm);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(str(got.json, "name"), "CRM");
  EXPECT_EQ(str(got.json, "description"), "customers");

  auto put = t.admin.put("/scim/v2/Applications/" + crm, std::string(R"({"schemas":[")") + kAppSchema +
                                                          R"("],"name":"CRM","description":"sales CRM"})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(str(put.json, "description"), "sales CRM");
  auto patch = t.admin.patch("/scim/v2/Applications/" + crm,
                            ops(R"([{"op":"replace","path":"description","value":"patched"}])"));
  EXPECT_EQ(patch.status, 204) << patch.body;
  EXPECT_EQ(str(t.read.get("/scim/v2/Applications/" + crm).json, "description"), "patched");

  auto filtered = t.read.get("/scim/v2/Applications?filter=name%20eq%20%22crm%22");
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  ASSERT_EQ(filtered.json["totalResults"].GetInt(), 1);
  EXPECT_EQ(str(filtered.json["Resources"][0], "id"), crm);

  auto sorted = t.read.get("/scim/v2/Applications?sortBy=name&startIndex=2&count=1");
  ASSERT_EQ(sorted.status, 200) << sorted.body;
  EXPECT_EQ(sorted.json["totalResults"].GetInt(), 3);
  ASSERT_EQ(sorted.json["Resources"].Size(), 1u);
  EXPECT_EQ(str(sorted.json["Resources"][0], "name"), "ERP");  // CRM, ERP, wiki

  EXPECT_EQ(t.admin.del("/scim/v2/Applications/" + crm).status, 204);
  expect_scim_error(t.read.get("/scim/v2/Applications/" + crm), 404, "");
  EXPECT_EQ(t.read.get("/scim/v2/Applications").json["totalResults"].GetInt(), 2);
}

TEST_P(Access, ApplicationNameIsRequiredAndUniqueIgnoringCase) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string wiki = create_app(t.admin, "Wiki");
  expect_scim_error(t.admin.post("/scim/v2/Applications", std::string(R"({"schemas":[")") + kAppSchema +
                                                              R"("],"name":"crm"})"),
                    409, "uniqueness");
  expect_scim_error(t.admin.put("/scim/v2/Applications/" + wiki, std::string(R"({"schemas":[")") + kAppSchema +
                                                                    R"("],"name":"Crm"})"),
                    409, "uniqueness");
  auto missing = t.admin.post("/scim/v2/Applications", std::string(R"({"schemas":[")") + kAppSchema +
                                                          R"("],"description":"no name"})");
  EXPECT_EQ(missing.status, 400) << missing.body;
  // another tenant may use the same name
  auto other_admin = server().fresh_client(auth::Role::admin);
  create_app(other_admin, "CRM");
  EXPECT_EQ(t.read.get("/scim/v2/Applications").json["totalResults"].GetInt(), 2);
}

// ---- extension defaults and validation

TEST_P(Access, ExtensionDefaults) {
  auto t = tenant();
  auto g = t.prov.post("/scim/v2/Groups", R"({"displayName":"Plain"})");
  ASSERT_EQ(g.status, 201) << g.body;
  ASSERT_TRUE(g.json.HasMember(kGroupExt)) << g.body;
  EXPECT_FALSE(g.json[kGroupExt]["active"].GetBool()) << "a group created without active is inactive";
  EXPECT_TRUE(g.json[kGroupExt]["applyPrivileges"].GetBool());
  EXPECT_FALSE(g.json[kGroupExt].HasMember("parent"));

  std::string partial = access_group(t.prov, "Partial", R"("applyPrivileges":false)");
  auto pg = t.read.get("/scim/v2/Groups/" + partial);
  EXPECT_FALSE(pg.json[kGroupExt]["active"].GetBool());
  EXPECT_FALSE(pg.json[kGroupExt]["applyPrivileges"].GetBool());

  std::string u = create_user(t.prov, "defaults");
  auto ur = t.read.get("/scim/v2/Users/" + u);
  ASSERT_TRUE(ur.json.HasMember(kUserExt)) << ur.body;
  EXPECT_EQ(str(ur.json[kUserExt], "level"), "User");
  auto a = users(t.read, u);
  EXPECT_EQ(str(a.json, "level"), "User");
  EXPECT_TRUE(a.json["active"].GetBool());
}

TEST_P(Access, InactiveByDefaultGroupGrantsNothingUntilActivated) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string u = create_user(t.prov, "waiting");
  std::string g = access_group(t.prov, "Fresh", R"("privileges":[)" + priv(crm, "edit") + "]", member(u));
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "none");
  patch_group_ext(t.prov, g, "active", "true");
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "edit");
}

TEST_P(Access, PutAndPatchWithoutTheExtensionKeepIt) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string parent = access_group(t.prov, "Parent", R"("active":true)");
  std::string g = access_group(t.prov, "Child",
                               R"("active":true,"applyPrivileges":false,"parent":")" + parent +
                                   R"(","privileges":[)" + priv(crm, "admin") +
                                   R"(],"loginAs":{"user":"child-usr","admin":"child-adm"})");
  auto put = t.prov.put("/scim/v2/Groups/" + g,
                        R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Child","members":[]})");
  ASSERT_EQ(put.status, 200) << put.body;
  auto check_kept = [&](const Reply& r) {
    const auto& e = ext_of(r, kGroupExt);
    ASSERT_TRUE(e.HasMember("active")) << r.body;
    EXPECT_TRUE(e["active"].GetBool()) << r.body;
    EXPECT_FALSE(e["applyPrivileges"].GetBool()) << r.body;
    EXPECT_EQ(str(e, "parent"), parent) << r.body;
    ASSERT_TRUE(e.HasMember("privileges")) << r.body;
    ASSERT_EQ(e["privileges"].Size(), 1u);
    EXPECT_EQ(str(e["privileges"][0], "application"), crm);
    EXPECT_EQ(str(e["privileges"][0], "access"), "admin");
    EXPECT_EQ(str(e["loginAs"], "admin"), "child-adm");
  };
  check_kept(put);
  auto patch = t.prov.patch("/scim/v2/Groups/" + g, ops(R"([{"op":"replace","path":"displayName","value":"Child 2"}])"));
  EXPECT_EQ(patch.status, 204) << patch.body;
  check_kept(t.read.get("/scim/v2/Groups/" + g));

  // the same for a user: level and individual privileges survive an IdP PUT
  std::string u = create_user(t.prov, "kept", std::string(R"(,")") + kUserExt +
                                                  R"(":{"level":"Admin","reportLink":"https://r.example/u","privileges":[)" +
                                                  priv(crm, "view") + "]}");
  auto uput = t.prov.put("/scim/v2/Users/" + u, R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"kept","displayName":"Kept"})");
  ASSERT_EQ(uput.status, 200) << uput.body;
  const auto& ue = ext_of(uput, kUserExt);
  EXPECT_EQ(str(ue, "level"), "Admin") << uput.body;
  EXPECT_EQ(str(ue, "reportLink"), "https://r.example/u") << uput.body;
  ASSERT_TRUE(ue.HasMember("privileges")) << uput.body;
  EXPECT_EQ(str(users(t.read, u).json, "level"), "Admin");
}

TEST_P(Access, PutWithoutExtensionKeepsItAfterItsApplicationWasDeleted) {
  // The identity provider's PUT does not mention the extension: it must be left as it is, and
  // the PUT must not fail on the kept individual privilege of an application deleted since.
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string u = create_user(t.prov, "stale", std::string(R"(,")") + kUserExt + R"(":{"privileges":[)" +
                                                   priv(crm, "view") + "]}");
  ASSERT_EQ(t.admin.del("/scim/v2/Applications/" + crm).status, 204);
  auto uput = t.prov.put("/scim/v2/Users/" + u, R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"stale","displayName":"S"})");
  EXPECT_EQ(uput.status, 200) << uput.body;
  auto upatch = t.prov.patch("/scim/v2/Users/" + u, ops(R"([{"op":"replace","path":"displayName","value":"S2"}])"));
  EXPECT_EQ(upatch.status, 204) << upatch.body;
  // the identity provider's deactivation must go through
  auto off = t.prov.patch("/scim/v2/Users/" + u, ops(R"([{"op":"replace","path":"active","value":false}])"));
  EXPECT_EQ(off.status, 204) << off.body;
  EXPECT_FALSE(users(t.read, u).json["active"].GetBool());
  EXPECT_TRUE(users(t.read, u).json["applications"].Empty());
}

TEST_P(Access, InvalidExtensionValuesAre400InvalidValue) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string a = access_group(t.prov, "A", R"("active":true)");
  std::string b = access_group(t.prov, "B", R"("active":true,"parent":")" + a + "\"");
  std::string c = access_group(t.prov, "C", R"("active":true,"parent":")" + b + "\"");
  auto group_body = [&](const std::string& name, const std::string& ext) {
    return R"({"displayName":")" + name + R"(",")" + std::string(kGroupExt) + R"(":{)" + ext + "}}";
  };
  // tree cycles: A under C (A > B > C), A under itself
  expect_scim_error(t.prov.put("/scim/v2/Groups/" + a, group_body("A", R"("active":true,"parent":")" + c + "\"")), 400,
                    "invalidValue");
  expect_scim_error(t.prov.patch("/scim/v2/Groups/" + a, ops(R"([{"op":"replace","path":")" + std::string(kGroupExt) +
                                                             R"(:parent","value":")" + b + R"("}])")),
                    400, "invalidValue");
  expect_scim_error(t.prov.patch("/scim/v2/Groups/" + a, ops(R"([{"op":"replace","path":")" + std::string(kGroupExt) +
                                                             R"(:parent","value":")" + a + R"("}])")),
                    400, "invalidValue");
  EXPECT_FALSE(ext_of(t.read.get("/scim/v2/Groups/" + a), kGroupExt).HasMember("parent")) << "nothing changed";
  // unknown parent
  expect_scim_error(t.prov.post("/scim/v2/Groups", group_body("Orphan", R"("parent":"no-such-group")")), 400,
                    "invalidValue");
  // two privileges for one application
  expect_scim_error(t.prov.post("/scim/v2/Groups", group_body("Twice", R"("privileges":[)" + priv(crm, "view") + "," +
                                                                           priv(crm, "edit") + "]")),
                    400, "invalidValue");
  // an application that does not exist (group and individual privileges)
  expect_scim_error(t.prov.post("/scim/v2/Groups", group_body("Ghost", R"("privileges":[)" + priv("no-such-app", "view") + "]")),
                    400, "invalidValue");
  expect_scim_error(t.prov.post("/scim/v2/Users", R"({"userName":"ghost",")" + std::string(kUserExt) +
                                                      R"(":{"privileges":[)" + priv("no-such-app", "view") + "]}}"),
                    400, "invalidValue");
  expect_scim_error(t.prov.post("/scim/v2/Users", R"({"userName":"twice",")" + std::string(kUserExt) +
                                                      R"(":{"privileges":[)" + priv(crm, "view") + "," +
                                                      priv(crm, "admin") + "]}}"),
                    400, "invalidValue");
  // an access level that is not none|view|edit|admin
  expect_scim_error(t.prov.post("/scim/v2/Groups", group_body("Bad", R"("privileges":[)" + priv(crm, "write") + "]")),
                    400, "invalidValue");
  EXPECT_EQ(t.read.get("/scim/v2/Groups").json["totalResults"].GetInt(), 3) << "no group was created";
  EXPECT_EQ(t.read.get("/scim/v2/Users").json["totalResults"].GetInt(), 0) << "no user was created";
}

TEST_P(Access, DeletingAGroupMovesItsSubgroupsToItsParent) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string u = create_user(t.prov, "in-c1");
  std::string top = access_group(t.prov, "Top", R"("active":true,"privileges":[)" + priv(crm, "edit") + "]");
  std::string mid = access_group(t.prov, "Mid", R"("active":true,"parent":")" + top + R"(","privileges":[)" +
                                                    priv(crm, "view") + "]");
  std::string c1 = access_group(t.prov, "C1", R"("active":true,"parent":")" + mid + R"(","privileges":[)" +
                                                  priv(crm, "admin") + "]",
                                member(u));
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "view") << "capped by Mid";
  std::string c2 = access_group(t.prov, "C2", R"("active":true,"parent":")" + mid + "\"");
  std::string leaf = access_group(t.prov, "Leaf", R"("active":true,"parent":")" + c1 + "\"");
  ASSERT_EQ(t.prov.del("/scim/v2/Groups/" + mid).status, 204);
  EXPECT_EQ(str(ext_of(t.read.get("/scim/v2/Groups/" + c1), kGroupExt), "parent"), top);
  EXPECT_EQ(str(ext_of(t.read.get("/scim/v2/Groups/" + c2), kGroupExt), "parent"), top);
  EXPECT_EQ(str(ext_of(t.read.get("/scim/v2/Groups/" + leaf), kGroupExt), "parent"), c1) << "grandchildren stay";
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "edit") << "now capped by Top only";
  auto under_top = t.read.get("/scim/v2/Groups?filter=" + std::string(kGroupExt) + ":parent%20eq%20%22" + top + "%22");
  ASSERT_EQ(under_top.status, 200) << under_top.body;
  EXPECT_EQ(under_top.json["totalResults"].GetInt(), 2);
  // deleting a top-level group makes its children top-level
  ASSERT_EQ(t.prov.del("/scim/v2/Groups/" + top).status, 204);
  auto r1 = t.read.get("/scim/v2/Groups/" + c1);
  EXPECT_FALSE(ext_of(r1, kGroupExt).HasMember("parent")) << r1.body;
  EXPECT_FALSE(ext_of(t.read.get("/scim/v2/Groups/" + c2), kGroupExt).HasMember("parent"));
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "admin") << "no ancestor left to cap C1";
  // and the moved groups are fully usable: a cycle check still sees the new tree
  expect_scim_error(t.prov.patch("/scim/v2/Groups/" + c1, ops(R"([{"op":"replace","path":")" + std::string(kGroupExt) +
                                                              R"(:parent","value":")" + leaf + R"("}])")),
                    400, "invalidValue");
}

// ---- /access/v1: the README example

struct Readme {
  std::string crm, wiki, erp, ana, bob, sales, eu, us;
};

class AccessReadme : public Access {
 protected:
  Readme build(const Tenant& t) {
    Readme x;
    x.crm = create_app(t.admin, "CRM");
    x.wiki = create_app(t.admin, "Wiki");
    x.erp = create_app(t.admin, "ERP");
    x.ana = create_user(t.prov, "ana@acme.example", std::string(R"(,")") + kUserExt +
                                                         R"(":{"reportLink":"https://reports.example/ana"})");
    x.bob = create_user(t.prov, "bob@acme.example");
    x.sales = access_group(t.prov, "Sales",
                           R"("active":true,"privileges":[)" + priv(x.crm, "edit") + "," + priv(x.wiki, "view") +
                               R"(],"loginAs":{"user":"sales-staff","admin":"sales-admin"})");
    x.eu = access_group(t.prov, "Sales EU",
                        R"("active":true,"parent":")" + x.sales + R"(","privileges":[)" + priv(x.crm, "admin") + "," +
                            priv(x.erp, "view") + "]",
                        member(x.ana));
    x.us = access_group(t.prov, "Sales US",
                        R"("active":true,"parent":")" + x.sales + R"(","privileges":[)" + priv(x.wiki, "edit") + "]",
                        member(x.bob));
    return x;
  }
};
SCIMD_INSTANTIATE_BACKENDS(AccessReadme);

TEST_P(AccessReadme, UsersShowsCappedAccessGroupAndLoginAs) {
  auto t = tenant();
  Readme x = build(t);
  auto r = users(t.read, x.ana);
  EXPECT_EQ(str(r.json, "userId"), x.ana);
  EXPECT_EQ(str(r.json, "userName"), "ana@acme.example");
  EXPECT_TRUE(r.json["active"].GetBool());
  EXPECT_EQ(str(r.json, "level"), "User");
  ASSERT_TRUE(r.json["group"].IsObject()) << r.body;
  EXPECT_EQ(str(r.json["group"], "id"), x.eu);
  EXPECT_EQ(str(r.json["group"], "displayName"), "Sales EU");
  EXPECT_EQ(str(r.json, "groupStatus"), "member");
  EXPECT_EQ(str(r.json, "reportLink"), "https://reports.example/ana");
  ASSERT_EQ(r.json["applications"].Size(), 1u) << "Wiki and ERP are none and left out: " << r.body;
  const auto* crm = app_entry(r, x.crm);
  ASSERT_NE(crm, nullptr) << r.body;
  EXPECT_EQ(str(*crm, "name"), "CRM");
  EXPECT_EQ(str(*crm, "access"), "edit");
  EXPECT_EQ(login_as(*crm), "sales-staff");
  EXPECT_EQ(grants(*crm), (std::vector<std::string>{"group:" + x.eu + ":Sales EU:edit"}));

  // Bob in Sales US: Wiki is capped by Sales at view; CRM and ERP are not listed by Sales US.
  auto b = users(t.read, x.bob);
  EXPECT_EQ(str(b.json["group"], "id"), x.us);
  ASSERT_EQ(b.json["applications"].Size(), 1u) << b.body;
  EXPECT_EQ(access_in(b, x.wiki), "view");
  EXPECT_EQ(login_as(*app_entry(b, x.wiki)), "sales-staff");
  EXPECT_TRUE(b.json["reportLink"].IsNull()) << b.body;
}

TEST_P(AccessReadme, CheckByUserNameAndApplicationName) {
  auto t = tenant();
  Readme x = build(t);
  auto r = check(t.read, "ana@acme.example", "CRM");
  EXPECT_EQ(str(r.json, "access"), "edit") << r.body;
  EXPECT_EQ(grants(r.json), (std::vector<std::string>{"group:" + x.eu + ":Sales EU:edit"}));
  EXPECT_EQ(str(check(t.read, x.ana, x.crm).json, "access"), "edit");
  auto wiki = check(t.read, "ana@acme.example", "Wiki");
  EXPECT_EQ(str(wiki.json, "access"), "none");
  EXPECT_TRUE(wiki.json["grantedBy"].Empty()) << wiki.body;
  EXPECT_EQ(str(check(t.read, x.ana, "ERP").json, "access"), "none");
}

TEST_P(AccessReadme, LiftingTheCapWithApplyPrivilegesFalse) {
  auto t = tenant();
  Readme x = build(t);
  patch_group_ext(t.prov, x.sales, "applyPrivileges", "false");
  auto r = users(t.read, x.ana);
  EXPECT_EQ(access_in(r, x.crm), "admin") << r.body;
  EXPECT_EQ(access_in(r, x.erp), "view");
  EXPECT_EQ(access_in(r, x.wiki), "none");
  EXPECT_EQ(login_as(*app_entry(r, x.crm)), "sales-admin") << "admin identity inherited from Sales";
  EXPECT_EQ(login_as(*app_entry(r, x.erp)), "sales-staff");
  EXPECT_EQ(str(users(t.read, x.bob).json["applications"][0], "access"), "edit") << "Wiki uncapped for Bob";
}

TEST_P(AccessReadme, DeactivatingTheParentTakesEffectOnTheNextRequest) {
  auto t = tenant();
  Readme x = build(t);
  patch_group_ext(t.prov, x.sales, "active", "false");
  EXPECT_TRUE(users(t.read, x.ana).json["applications"].Empty()) << "Sales EU is not live any more";
  EXPECT_EQ(str(check(t.read, x.ana, x.crm).json, "access"), "none");
  patch_group_ext(t.prov, x.sales, "active", "true");
  EXPECT_EQ(str(check(t.read, x.ana, x.crm).json, "access"), "edit");
}

TEST_P(AccessReadme, ParentAndSubgroupsThroughFilters) {
  auto t = tenant();
  Readme x = build(t);
  auto r = t.read.get("/scim/v2/Groups?filter=" + std::string(kGroupExt) + ":parent%20eq%20%22" + x.sales +
                      "%22&sortBy=displayName");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["totalResults"].GetInt(), 2) << r.body;
  EXPECT_EQ(str(r.json["Resources"][0], "id"), x.eu);
  EXPECT_EQ(str(r.json["Resources"][1], "id"), x.us);
  patch_group_ext(t.prov, x.us, "active", "false");
  auto active = t.read.get("/scim/v2/Groups?filter=" + std::string(kGroupExt) + ":active%20eq%20true");
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_EQ(active.json["totalResults"].GetInt(), 2) << active.body;
  EXPECT_FALSE(ext_of(t.read.get("/scim/v2/Groups/" + x.us), kGroupExt)["active"].GetBool());
}

// ---- /access/v1: the rules through the API

}  // namespace
}  // namespace scimd::test
