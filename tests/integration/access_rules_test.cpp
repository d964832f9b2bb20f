// The access rules over HTTP: nesting, deactivation, admins, individual fallback, group status,
// 404s, roles and the bulk privilege edit, on every backend.
#include "integration/access_fixture.hpp"

namespace scimd::test {
namespace {

using namespace access_http;

class AccessRules : public Access {};
SCIMD_INSTANTIATE_BACKENDS(AccessRules);

TEST_P(AccessRules, NestedGroupMembershipGrantsAndCyclesAreHarmless) {
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

TEST_P(AccessRules, ParentTreeIsNotMembership) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string u = create_user(t.prov, "in-parent");
  std::string p = access_group(t.prov, "P", R"("active":true)", member(u));
  access_group(t.prov, "C", R"("active":true,"parent":")" + p + R"(","privileges":[)" + priv(crm, "view") + "]");
  EXPECT_EQ(str(check(t.read, u, crm).json, "access"), "none");
  EXPECT_TRUE(users(t.read, u).json["applications"].Empty());
}

TEST_P(AccessRules, UserDeactivationTakesEffectOnTheNextRequest) {
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

TEST_P(AccessRules, AdminHasAdminEverywhereWithItsGroupsAdminIdentity) {
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

TEST_P(AccessRules, IndividualPrivilegesComeBackWhenNoGroupApplies) {
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

TEST_P(AccessRules, TiesListEveryGroupAndNeverALowerOne) {
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

TEST_P(AccessRules, GroupStatusNoGroupThenNoGroupAssignedThenMemberAgain) {
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

TEST_P(AccessRules, MostSpecificDirectGroupIsTheDeepest) {
  auto t = tenant();
  std::string u = create_user(t.prov, "deep");
  std::string top = access_group(t.prov, "A Top", R"("active":true)", member(u));
  std::string mid = access_group(t.prov, "B Mid", R"("active":true,"parent":")" + top + "\"");
  std::string leaf = access_group(t.prov, "Z Leaf", R"("active":false,"parent":")" + mid + "\"", member(u));
  auto r = users(t.read, u);
  EXPECT_EQ(str(r.json["group"], "id"), leaf) << r.body;
  EXPECT_EQ(str(r.json["group"], "displayName"), "Z Leaf");
}

TEST_P(AccessRules, UnknownUserOrApplicationIs404) {
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

TEST_P(AccessRules, ReadRoleIsEnoughAndATokenIsRequired) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string u = create_user(t.prov, "reader");
  EXPECT_EQ(t.read.get("/access/v1/users/" + u).status, 200);
  EXPECT_EQ(t.read.get("/access/v1/check?user=" + u + "&application=" + crm).status, 200);
  HttpClient anonymous(server().base(), "");
  expect_scim_error(anonymous.get("/access/v1/users/" + u), 401, "");
}

// ---- POST /access/v1/groups/privileges

TEST_P(AccessRules, BulkPrivilegeEditChangesEveryGroup) {
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

TEST_P(AccessRules, BulkPrivilegeEditIsAtomic) {
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

TEST_P(AccessRules, BulkPrivilegeEditNeedsAnAdminToken) {
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

TEST_P(AccessRules, PatchExtensionActiveAndFilterOnParent) {
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
