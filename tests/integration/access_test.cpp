// The access model over HTTP (README "The access model", DESIGN.md §3) on every backend:
// /Applications, the access extensions of Group and User, and the /access/v1 API.
#include <algorithm>

#include "integration/fixture.hpp"

namespace scimd::test {
namespace {

constexpr const char* kGroupExt = "urn:scimd:params:scim:schemas:extension:access:2.0:Group";
constexpr const char* kUserExt = "urn:scimd:params:scim:schemas:extension:access:2.0:User";
constexpr const char* kAppSchema = "urn:scimd:params:scim:schemas:core:2.0:Application";

std::string ops(const std::string& operations) {
  return R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)" + operations + "}";
}

std::string str(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject() || !v.HasMember(name) || !v[name].IsString()) return "(absent)";
  return v[name].GetString();
}

// One tenant with a client per role.
struct Tenant {
  HttpClient admin;
  HttpClient prov;
  HttpClient read;
};

class Access : public HttpTest {
 protected:
  Tenant tenant() {
    std::string name = unique_tenant("access");
    return {server().client(name, auth::Role::admin), server().client(name, auth::Role::provisioning),
            server().client(name, auth::Role::read)};
  }

  std::string create_app(const HttpClient& c, const std::string& name) {
    auto r = c.post("/scim/v2/Applications",
                    std::string(R"({"schemas":[")") + kAppSchema + R"("],"name":")" + name + "\"}");
    EXPECT_EQ(r.status, 201) << r.body;
    return str(r.json, "id");
  }

  // A group with the access extension `ext` (the inside of the extension object).
  std::string access_group(const HttpClient& c, const std::string& name, const std::string& ext,
                           const std::string& members = "[]") {
    auto r = c.post("/scim/v2/Groups", R"({"displayName":")" + name + R"(","members":)" + members + R"(,")" +
                                           kGroupExt + R"(":{)" + ext + "}}");
    EXPECT_EQ(r.status, 201) << r.body;
    return str(r.json, "id");
  }

  static std::string member(const std::string& id) { return R"([{"value":")" + id + R"("}])"; }
  static std::string priv(const std::string& app, const std::string& access) {
    return R"({"application":")" + app + R"(","access":")" + access + R"("})";
  }

  // Replaces one attribute of the group's access extension by PATCH (204).
  void patch_group_ext(const HttpClient& c, const std::string& group, const std::string& attr,
                       const std::string& value) {
    auto r = c.patch("/scim/v2/Groups/" + group, ops(R"([{"op":"replace","path":")" + std::string(kGroupExt) + ":" +
                                                     attr + R"(","value":)" + value + "}]"));
    EXPECT_EQ(r.status, 204) << r.body;
  }

  Reply users(const HttpClient& c, const std::string& user) {
    auto r = c.get("/access/v1/users/" + user);
    EXPECT_EQ(r.status, 200) << r.body;
    return r;
  }
  Reply check(const HttpClient& c, const std::string& user, const std::string& app) {
    auto r = c.get("/access/v1/check?user=" + user + "&application=" + app);
    EXPECT_EQ(r.status, 200) << r.body;
    return r;
  }

  // The entry of /access/v1/users' applications for this application id, or nullptr.
  static const rapidjson::Value* app_entry(const Reply& r, const std::string& app) {
    if (!r.json.IsObject() || !r.json.HasMember("applications")) return nullptr;
    for (const auto& a : r.json["applications"].GetArray())
      if (str(a, "applicationId") == app) return &a;
    return nullptr;
  }
  // The access of /access/v1/users for an application ("none" when left out).
  static std::string access_in(const Reply& r, const std::string& app) {
    const rapidjson::Value* a = app_entry(r, app);
    return a ? str(*a, "access") : "none";
  }
  // grantedBy as sorted "kind:groupId:access" strings.
  static std::vector<std::string> grants(const rapidjson::Value& v) {
    std::vector<std::string> out;
    if (!v.IsObject() || !v.HasMember("grantedBy")) return {"(no grantedBy)"};
    for (const auto& g : v["grantedBy"].GetArray()) {
      std::string s = str(g, "kind");
      if (s == "group") s += ":" + str(g, "groupId") + ":" + str(g, "displayName");
      out.push_back(s + ":" + str(g, "access"));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static std::string login_as(const rapidjson::Value& v) {
    if (!v.IsObject() || !v.HasMember("loginAs")) return "(absent)";
    return v["loginAs"].IsNull() ? "null" : v["loginAs"].IsString() ? v["loginAs"].GetString() : "(not a string)";
  }
  static const rapidjson::Value& ext_of(const Reply& r, const char* urn) {
    static const rapidjson::Value empty(rapidjson::kObjectType);
    return r.json.IsObject() && r.json.HasMember(urn) ? r.json[urn] : empty;
  }
};
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

TEST_P(Access, NestedGroupMembershipGrantsAndCyclesAreHarmless) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string wiki = create_app(t.admin, "Wiki");
  std::string u = create_user(t.prov, "nested");
  std::string inner = access_group(t.prov, "Inner", R"("active":true,"privileges":[)" + priv(wiki, "edit") + "]",
                                   member(u));
  std::string middle = access_group(t.prov, "Middle", R"("active":true)", member(inner));
  std::string outer = access_group(t.prov, "Outer", R"("active":true,"privileges":[)" + priv(crm, "view") +
                                                        R"(],"loginAs":{"user":"outer-usr"})",
                                   member(middle));
  auto r = users(t.read, u);
  ASSERT_EQ(access_in(r, crm), "view") << r.body;
  EXPECT_EQ(grants(*app_entry(r, crm)), (std::vector<std::string>{"group:" + outer + ":Outer:view"}));
  EXPECT_EQ(login_as(*app_entry(r, crm)), "outer-usr");
  EXPECT_EQ(access_in(r, wiki), "edit");
  EXPECT_EQ(str(r.json["group"], "id"), inner) << "only direct groups place the user";
  // a member of Outer is not a member of the groups nested inside Outer
  std::string v = create_user(t.prov, "outside");
  ASSERT_EQ(t.prov.patch("/scim/v2/Groups/" + outer, ops(R"([{"op":"add","path":"members","value":[{"value":")" + v +
                                                         R"("}]}])")).status, 204);
  EXPECT_EQ(str(check(t.read, v, crm).json, "access"), "view");
  EXPECT_EQ(str(check(t.read, v, wiki).json, "access"), "none");
  // a nesting cycle: Outer becomes a member of Inner; everyone is now in all three
  auto cyc = t.prov.patch("/scim/v2/Groups/" + inner, ops(R"([{"op":"add","path":"members","value":[{"value":")" +
                                                          outer + R"("}]}])"));
  EXPECT_EQ(cyc.status, 204) << cyc.body;
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "view");
  EXPECT_EQ(str(check(t.read, u, wiki).json, "access"), "edit");
  EXPECT_EQ(str(check(t.read, v, wiki).json, "access"), "edit");
  auto rv = users(t.read, v);
  EXPECT_EQ(rv.json["applications"].Size(), 2u) << rv.body;
  EXPECT_EQ(str(rv.json["group"], "id"), outer);
}

TEST_P(Access, ParentTreeIsNotMembership) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string u = create_user(t.prov, "in-parent");
  std::string p = access_group(t.prov, "P", R"("active":true)", member(u));
  access_group(t.prov, "C", R"("active":true,"parent":")" + p + R"(","privileges":[)" + priv(crm, "view") + "]");
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "none");
  EXPECT_TRUE(users(t.read, u).json["applications"].Empty());
}

TEST_P(Access, UserDeactivationTakesEffectOnTheNextRequest) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string u = create_user(t.prov, "leaver", std::string(R"(,")") + kUserExt + R"(":{"privileges":[)" +
                                                    priv(crm, "edit") + "]}");
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "edit");
  ASSERT_EQ(t.prov.patch("/scim/v2/Users/" + u, ops(R"([{"op":"replace","path":"active","value":false}])")).status, 204);
  auto r = users(t.read, u);
  EXPECT_FALSE(r.json["active"].GetBool());
  EXPECT_TRUE(r.json["applications"].Empty()) << r.body;
  auto c = check(t.read, u, crm);
  EXPECT_EQ(str(c.json, "access"), "none");
  EXPECT_TRUE(c.json["grantedBy"].Empty()) << c.body;
  ASSERT_EQ(t.prov.patch("/scim/v2/Users/" + u, ops(R"([{"op":"replace","path":"active","value":true}])")).status, 204);
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "edit");
}

TEST_P(Access, AdminHasAdminEverywhereWithItsGroupsAdminIdentity) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string wiki = create_app(t.admin, "Wiki");
  std::string boss = create_user(t.prov, "boss", std::string(R"(,")") + kUserExt + R"(":{"level":"Admin"})");
  std::string top = access_group(t.prov, "Top", R"("active":true,"loginAs":{"user":"top-usr","admin":"top-adm"})");
  access_group(t.prov, "Team", R"("active":true,"parent":")" + top + R"(","privileges":[)" + priv(crm, "view") +
                                   R"(],"loginAs":{"user":"team-usr"})",
               member(boss));
  auto r = users(t.read, boss);
  EXPECT_EQ(str(r.json, "level"), "Admin");
  ASSERT_EQ(r.json["applications"].Size(), 2u) << r.body;
  for (const auto& app : {crm, wiki}) {
    const auto* a = app_entry(r, app);
    ASSERT_NE(a, nullptr) << r.body;
    EXPECT_EQ(str(*a, "access"), "admin");
    EXPECT_EQ(grants(*a), (std::vector<std::string>{"admin:admin"}));
    EXPECT_EQ(login_as(*a), "top-adm") << "nearest ancestor of the user's group with an admin identity";
  }
  EXPECT_EQ(str(check(t.read, "boss", "Wiki").json, "access"), "admin");
  // an inactive Admin has nothing, from the next request on
  ASSERT_EQ(t.prov.patch("/scim/v2/Users/" + boss, ops(R"([{"op":"replace","path":"active","value":false}])")).status,
            204);
  EXPECT_TRUE(users(t.read, boss).json["applications"].Empty());
  EXPECT_EQ(str(check(t.read, boss, crm).json, "access"), "none");
  // an Admin without a group: no loginAs
  std::string solo = create_user(t.prov, "solo", std::string(R"(,")") + kUserExt + R"(":{"level":"Admin"})");
  auto s = check(t.read, solo, crm);
  EXPECT_EQ(str(s.json, "access"), "admin");
  EXPECT_EQ(login_as(s.json), "null");
  // an application created later is covered too
  std::string erp = create_app(t.admin, "ERP");
  EXPECT_EQ(access_in(users(t.read, solo), erp), "admin");
}

TEST_P(Access, IndividualPrivilegesComeBackWhenNoGroupApplies) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string wiki = create_app(t.admin, "Wiki");
  std::string u = create_user(t.prov, "mover", std::string(R"(,")") + kUserExt + R"(":{"privileges":[)" +
                                                   priv(crm, "edit") + "," + priv(wiki, "view") + "]}");
  std::string g = access_group(t.prov, "Team", R"("active":true,"privileges":[)" + priv(crm, "view") + "]", member(u));
  auto in_group = users(t.read, u);
  EXPECT_EQ(access_in(in_group, crm), "view") << in_group.body;
  EXPECT_EQ(access_in(in_group, wiki), "none") << "individual privileges are ignored while a group applies";
  // removed from the group: the individual privileges are back
  ASSERT_EQ(t.prov.patch("/scim/v2/Groups/" + g, ops(R"([{"op":"remove","path":"members[value eq \")" + u + R"(\"]"}])"))
                .status,
            204);
  auto back = users(t.read, u);
  EXPECT_EQ(access_in(back, crm), "edit") << back.body;
  EXPECT_EQ(access_in(back, wiki), "view");
  EXPECT_EQ(grants(*app_entry(back, crm)), (std::vector<std::string>{"individual:edit"}));
  EXPECT_EQ(login_as(*app_entry(back, crm)), "null");
  // in again, then the group stops applying: individual again
  ASSERT_EQ(t.prov.patch("/scim/v2/Groups/" + g, ops(R"([{"op":"add","path":"members","value":[{"value":")" + u +
                                                     R"("}]}])")).status,
            204);
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "view");
  patch_group_ext(t.prov, g, "applyPrivileges", "false");
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "edit");
  patch_group_ext(t.prov, g, "applyPrivileges", "true");
  // deleting the group restores them too
  ASSERT_EQ(t.prov.del("/scim/v2/Groups/" + g).status, 204);
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "edit");
  EXPECT_EQ(str(check(t.read, u, wiki).json, "access"), "view");
}

TEST_P(Access, TiesListEveryGroupAndNeverALowerOne) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string u = create_user(t.prov, "tied");
  std::string beta = access_group(t.prov, "Beta", R"("active":true,"privileges":[)" + priv(crm, "edit") +
                                                      R"(],"loginAs":{"user":"beta-usr"})",
                                  member(u));
  std::string alpha = access_group(t.prov, "alpha", R"("active":true,"privileges":[)" + priv(crm, "edit") +
                                                        R"(],"loginAs":{"user":"alpha-usr"})",
                                   member(u));
  std::string low = access_group(t.prov, "Aardvark", R"("active":true,"privileges":[)" + priv(crm, "view") +
                                                         R"(],"loginAs":{"user":"low-usr"})",
                                 member(u));
  auto r = check(t.read, u, crm);
  EXPECT_EQ(str(r.json, "access"), "edit");
  std::vector<std::string> both{"group:" + alpha + ":alpha:edit", "group:" + beta + ":Beta:edit"};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(grants(r.json), both) << "never Aardvark, which gives only view";
  EXPECT_EQ(login_as(r.json), "alpha-usr") << "first granting group by displayName ignoring case";
  // placement: three top-level direct groups, first by displayName ignoring case
  EXPECT_EQ(str(users(t.read, u).json["group"], "id"), low);
}

TEST_P(Access, GroupStatusNoGroupThenNoGroupAssignedThenMemberAgain) {
  auto t = tenant();
  std::string u = create_user(t.prov, "placed");
  auto none = users(t.read, u);
  EXPECT_TRUE(none.json["group"].IsNull()) << none.body;
  EXPECT_EQ(str(none.json, "groupStatus"), "No Group");
  std::string g1 = access_group(t.prov, "First", R"("active":true)", member(u));
  EXPECT_EQ(str(users(t.read, u).json, "groupStatus"), "member");
  ASSERT_EQ(t.prov.del("/scim/v2/Groups/" + g1).status, 204);
  auto lost = users(t.read, u);
  EXPECT_TRUE(lost.json["group"].IsNull()) << lost.body;
  EXPECT_EQ(str(lost.json, "groupStatus"), "No group assigned");
  std::string g2 = create_group(t.prov, "Second");
  ASSERT_EQ(t.prov.patch("/scim/v2/Groups/" + g2, ops(R"([{"op":"add","path":"members","value":[{"value":")" + u +
                                                      R"("}]}])")).status,
            204);
  auto again = users(t.read, u);
  EXPECT_EQ(str(again.json, "groupStatus"), "member") << again.body;
  EXPECT_EQ(str(again.json["group"], "id"), g2);
  EXPECT_EQ(str(again.json["group"], "displayName"), "Second");
  // a user removed from a group (not a deletion) has "No Group"
  std::string v = create_user(t.prov, "removed");
  std::string g3 = create_group(t.prov, "Third", member(v));
  ASSERT_EQ(t.prov.patch("/scim/v2/Groups/" + g3, ops(R"([{"op":"remove","path":"members[value eq \")" + v + R"(\"]"}])"))
                .status,
            204);
  EXPECT_EQ(str(users(t.read, v).json, "groupStatus"), "No Group");
  // a deletion that leaves the user another group keeps it a member
  std::string w = create_user(t.prov, "two-groups");
  std::string ga = create_group(t.prov, "GA", member(w));
  std::string gb = create_group(t.prov, "GB", member(w));
  ASSERT_EQ(t.prov.del("/scim/v2/Groups/" + ga).status, 204);
  auto still = users(t.read, w);
  EXPECT_EQ(str(still.json, "groupStatus"), "member");
  EXPECT_EQ(str(still.json["group"], "id"), gb);
}

TEST_P(Access, MostSpecificDirectGroupIsTheDeepest) {
  auto t = tenant();
  std::string u = create_user(t.prov, "deep");
  std::string top = access_group(t.prov, "A Top", R"("active":true)", member(u));
  std::string mid = access_group(t.prov, "B Mid", R"("active":true,"parent":")" + top + "\"");
  std::string leaf = access_group(t.prov, "Z Leaf", R"("active":false,"parent":")" + mid + "\"", member(u));
  auto r = users(t.read, u);
  EXPECT_EQ(str(r.json["group"], "id"), leaf) << r.body;
  EXPECT_EQ(str(r.json["group"], "displayName"), "Z Leaf");
}

TEST_P(Access, UnknownUserOrApplicationIs404) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string u = create_user(t.prov, "known");
  expect_scim_error(t.read.get("/access/v1/users/no-such-user"), 404, "");
  expect_scim_error(t.read.get("/access/v1/check?user=no-such-user&application=" + crm), 404, "");
  expect_scim_error(t.read.get("/access/v1/check?user=" + u + "&application=no-such-app"), 404, "");
  expect_scim_error(t.read.get("/access/v1/check?user=known&application=Nope"), 404, "");
  // another tenant's user and application are unknown here
  auto other_admin = server().fresh_client(auth::Role::admin);
  std::string their_user = create_user(other_admin, "theirs");
  std::string their_app = create_app(other_admin, "Theirs");
  expect_scim_error(t.read.get("/access/v1/users/" + their_user), 404, "");
  expect_scim_error(t.read.get("/access/v1/check?user=" + u + "&application=" + their_app), 404, "");
}

TEST_P(Access, ReadRoleIsEnoughAndATokenIsRequired) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string u = create_user(t.prov, "reader");
  EXPECT_EQ(t.read.get("/access/v1/users/" + u).status, 200);
  EXPECT_EQ(t.read.get("/access/v1/check?user=" + u + "&application=" + crm).status, 200);
  HttpClient anonymous(server().base(), "");
  expect_scim_error(anonymous.get("/access/v1/users/" + u), 401, "");
}

// ---- POST /access/v1/groups/privileges

TEST_P(Access, BulkPrivilegeEditChangesEveryGroup) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string wiki = create_app(t.admin, "Wiki");
  std::string erp = create_app(t.admin, "ERP");
  std::string u = create_user(t.prov, "bulk");
  std::string g1 = access_group(t.prov, "G1", R"("active":true,"privileges":[)" + priv(erp, "admin") + "]", member(u));
  std::string g2 = access_group(t.prov, "G2", R"("active":true,"privileges":[)" + priv(crm, "view") + "]");
  auto r = t.admin.post("/access/v1/groups/privileges",
                        R"({"groups":[")" + g1 + R"(",")" + g2 + R"("],"set":[)" + priv(crm, "edit") + "," +
                            priv(wiki, "view") + R"(],"remove":[")" + erp + R"("]})");
  ASSERT_EQ(r.status, 200) << r.body;
  for (const auto& g : {g1, g2}) {
    auto got = t.read.get("/scim/v2/Groups/" + g);
    const auto& e = ext_of(got, kGroupExt);
    ASSERT_TRUE(e.HasMember("privileges")) << got.body;
    std::map<std::string, std::string> privs;
    for (const auto& p : e["privileges"].GetArray()) privs[str(p, "application")] = str(p, "access");
    EXPECT_EQ(privs, (std::map<std::string, std::string>{{crm, "edit"}, {wiki, "view"}})) << got.body;
  }
  auto a = users(t.read, u);
  EXPECT_EQ(access_in(a, crm), "edit") << a.body;
  EXPECT_EQ(access_in(a, wiki), "view");
  EXPECT_EQ(access_in(a, erp), "none");
}

TEST_P(Access, BulkPrivilegeEditIsAtomic) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string g1 = access_group(t.prov, "G1", R"("active":true,"privileges":[)" + priv(crm, "view") + "]");
  auto before = t.read.get("/scim/v2/Groups/" + g1);
  expect_scim_error(t.admin.post("/access/v1/groups/privileges",
                                 R"({"groups":[")" + g1 + R"(","no-such-group"],"set":[)" + priv(crm, "admin") + "]}"),
                    400, "invalidValue");
  expect_scim_error(t.admin.post("/access/v1/groups/privileges",
                                 R"({"groups":[")" + g1 + R"("],"set":[)" + priv("no-such-app", "admin") + "]}"),
                    400, "invalidValue");
  expect_scim_error(t.admin.post("/access/v1/groups/privileges",
                                 R"({"groups":[")" + g1 + R"("],"remove":["no-such-app"]})"),
                    400, "invalidValue");
  auto after = t.read.get("/scim/v2/Groups/" + g1);
  EXPECT_EQ(str(after.json["meta"], "version"), str(before.json["meta"], "version")) << "nothing changed";
  EXPECT_EQ(str(ext_of(after, kGroupExt)["privileges"][0], "access"), "view") << after.body;
  std::string u = create_user(t.prov, "atomic");
  ASSERT_EQ(t.prov.patch("/scim/v2/Groups/" + g1, ops(R"([{"op":"add","path":"members","value":[{"value":")" + u +
                                                      R"("}]}])")).status,
            204);
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "view");
}

TEST_P(Access, BulkPrivilegeEditNeedsAnAdminToken) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string g1 = access_group(t.prov, "G1", R"("active":true)");
  std::string body = R"({"groups":[")" + g1 + R"("],"set":[)" + priv(crm, "admin") + "]}";
  expect_scim_error(t.prov.post("/access/v1/groups/privileges", body), 403, "");
  expect_scim_error(t.read.post("/access/v1/groups/privileges", body), 403, "");
  EXPECT_FALSE(ext_of(t.read.get("/scim/v2/Groups/" + g1), kGroupExt).HasMember("privileges"));
  EXPECT_EQ(t.admin.post("/access/v1/groups/privileges", body).status, 200);
}

// ---- PATCH and filters on the extension

TEST_P(Access, PatchExtensionActiveAndFilterOnParent) {
  auto t = tenant();
  std::string p = access_group(t.prov, "P", R"("active":true)");
  std::string c1 = access_group(t.prov, "C1", R"("parent":")" + p + "\"");
  access_group(t.prov, "C2", R"("parent":")" + p + "\"");
  access_group(t.prov, "Other", "");
  auto r = t.prov.patch("/scim/v2/Groups/" + c1, ops(R"([{"op":"replace","path":")" + std::string(kGroupExt) +
                                                     R"(:active","value":true}])"),
                        {{"Prefer", "return=representation"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(ext_of(r, kGroupExt)["active"].GetBool()) << r.body;
  EXPECT_EQ(str(ext_of(r, kGroupExt), "parent"), p) << "the rest of the extension is kept";
  auto no_body = t.prov.patch("/scim/v2/Groups/" + c1, ops(R"([{"op":"replace","path":")" + std::string(kGroupExt) +
                                                           R"(:active","value":false}])"));
  EXPECT_EQ(no_body.status, 204) << no_body.body;
  EXPECT_FALSE(ext_of(t.read.get("/scim/v2/Groups/" + c1), kGroupExt)["active"].GetBool());

  auto children = t.read.get("/scim/v2/Groups?filter=" + std::string(kGroupExt) + ":parent%20eq%20%22" + p + "%22");
  ASSERT_EQ(children.status, 200) << children.body;
  EXPECT_EQ(children.json["totalResults"].GetInt(), 2) << children.body;
  auto top = t.read.get("/scim/v2/Groups?filter=not%20(" + std::string(kGroupExt) + ":parent%20pr)");
  ASSERT_EQ(top.status, 200) << top.body;
  EXPECT_EQ(top.json["totalResults"].GetInt(), 2) << top.body;  // P and Other
  // removing the parent makes the group top-level
  ASSERT_EQ(t.prov.patch("/scim/v2/Groups/" + c1, ops(R"([{"op":"remove","path":")" + std::string(kGroupExt) +
                                                      R"(:parent"}])")).status,
            204);
  EXPECT_EQ(t.read.get("/scim/v2/Groups?filter=" + std::string(kGroupExt) + ":parent%20eq%20%22" + p + "%22")
                .json["totalResults"]
                .GetInt(),
            1);
}

}  // namespace
}  // namespace scimd::test
