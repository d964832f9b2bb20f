// Mapping rules (issue 7, point 1) over HTTP, on every backend: each rule form, conflicts,
// removal that undoes exactly what the rule did, re-application when rules or resources
// change, Entra's app-role shapes, the preview endpoint, validation and roles.
#include "integration/access_fixture.hpp"

namespace scimd::test::access_http {
namespace {

constexpr const char* kEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

class MappingRules : public Access {
 protected:
  // POSTs a MappingRule; returns its id (asserting 201).
  std::string rule(const HttpClient& c, const std::string& name, const std::string& type, const std::string& attribute,
                   const std::string& matches, const std::string& then, int priority = 0) {
    auto r = c.post("/scim/v2/MappingRules", R"({"name":")" + name + R"(","priority":)" + std::to_string(priority) +
                                                 R"(,"when":{"resourceType":")" + type + R"(","attribute":")" +
                                                 attribute + R"(","matches":")" + matches + R"("},"then":)" + then + "}");
    EXPECT_EQ(r.status, 201) << r.body;
    return str(r.json, "id");
  }
  std::string user_in(const HttpClient& c, const std::string& name, const std::string& department) {
    return create_user(c, name, std::string(R"(,")") + kEnterprise + R"(":{"department":")" + department + "\"}");
  }
  static std::string privileges(const std::string& app, const std::string& access) {
    return R"({"privileges":[)" + priv(app, access) + "]}";
  }
  // The ids in a group's members.
  std::vector<std::string> members(const HttpClient& c, const std::string& group) {
    auto r = c.get("/scim/v2/Groups/" + group + "?attributes=members");
    std::vector<std::string> out;
    if (r.json.IsObject() && r.json.HasMember("members"))
      for (const auto& m : r.json["members"].GetArray()) out.push_back(str(m, "value"));
    std::sort(out.begin(), out.end());
    return out;
  }
  // The user's outbox events as "before>after:status:application", oldest first.
  std::vector<std::string> events_of(const std::string& user) {
    std::vector<std::string> out;
    server().database().read([&](soci::session& s) {
      std::string payload, status;
      soci::statement st = (s.prepare << "SELECT payload, status FROM outbox WHERE user_id = :u ORDER BY seq",
                            soci::into(payload), soci::into(status), soci::use(user, "u"));
      st.execute();
      while (st.fetch()) {
        rapidjson::Document d;
        d.Parse(payload.c_str());
        out.push_back(str(d, "before") + ">" + str(d, "after") + ":" + status + ":" + str(d, "application"));
      }
    });
    return out;
  }
  // The first grant of the application's entry, as "kind:ruleId" (or "kind").
  std::string source(const HttpClient& c, const std::string& user, const std::string& app) {
    auto r = check(c, user, app);
    if (!r.json.HasMember("grantedBy") || r.json["grantedBy"].Empty()) return "(none)";
    const auto& g = r.json["grantedBy"][0];
    return str(g, "kind") + (g.HasMember("ruleId") ? ":" + str(g, "ruleId") : "");
  }
};

TEST_P(MappingRules, GroupRuleActivatesAndGrantsThroughTheRuleAndItsRemovalUndoesExactlyThat) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM"), wiki = create_app(t.admin, "Wiki");
  std::string id = rule(t.admin, "engineering", "Group", "displayName", "eng*",
                        R"({"active":true,"privileges":[)" + priv(crm, "edit") + "]}");
  std::string bob = create_user(t.prov, "bob.rules");
  // An identity provider's group, created without the access extension (inactive by default).
  std::string eng = create_group(t.prov, "Engineering-EU", member(bob));
  EXPECT_EQ(access_in(users(t.read, bob), crm), "edit");
  EXPECT_EQ(source(t.read, bob, crm), "rule:" + id);
  // What an admin sets by hand on another application is the admin's.
  patch_group_ext(t.admin, eng, "privileges", "[" + priv(wiki, "view") + "]");
  EXPECT_EQ(access_in(users(t.read, bob), wiki), "view");
  EXPECT_EQ(access_in(users(t.read, bob), crm), "edit") << "the rule's privilege survives a hand edit";
  auto g = t.read.get("/scim/v2/Groups/" + eng);
  EXPECT_TRUE(ext_of(g, kGroupExt)["active"].GetBool());

  ASSERT_EQ(t.admin.del("/scim/v2/MappingRules/" + id).status, 204);
  auto after = users(t.read, bob);
  EXPECT_EQ(access_in(after, crm), "none");
  EXPECT_EQ(access_in(after, wiki), "none") << "the group is inactive again, as before the rule";
  g = t.read.get("/scim/v2/Groups/" + eng);
  EXPECT_FALSE(ext_of(g, kGroupExt)["active"].GetBool());
  ASSERT_TRUE(ext_of(g, kGroupExt).HasMember("privileges"));
  EXPECT_EQ(ext_of(g, kGroupExt)["privileges"].Size(), 1u) << "the hand-set privilege stays";
  // The rule's removal rewrote the group: audited as RULE, under the admin who removed it.
  auto audit = t.admin.get("/access/v1/audit?resourceId=" + eng);
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto& records = audit.json["Resources"];
  ASSERT_GT(records.Size(), 0u);
  const auto& last = records[records.Size() - 1];
  EXPECT_EQ(str(last, "method"), "RULE");
  ASSERT_TRUE(last["versionAfter"].IsInt64() && last["versionBefore"].IsInt64()) << audit.body;
  EXPECT_EQ(last["versionAfter"].GetInt64(), last["versionBefore"].GetInt64() + 1);
  EXPECT_EQ(str(g.json["meta"], "version"), "W/\"" + std::to_string(last["versionAfter"].GetInt64()) + "\"");
}

TEST_P(MappingRules, HandSetPrivilegeWinsOverTheRuleOnTheSameApplication) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  rule(t.admin, "sales", "Group", "displayName", "sales", R"({"active":true,"privileges":[)" + priv(crm, "admin") + "]}");
  std::string ann = create_user(t.prov, "ann.rules");
  std::string sales = access_group(t.admin, "Sales", R"("privileges":[)" + priv(crm, "view") + "]", member(ann));
  EXPECT_EQ(access_in(users(t.read, ann), crm), "view");
  EXPECT_EQ(source(t.read, ann, crm), "group");
  patch_group_ext(t.admin, sales, "privileges", "[]");
  EXPECT_EQ(access_in(users(t.read, ann), crm), "admin") << "with the hand entry gone, the rule's applies again";
}

TEST_P(MappingRules, UserRuleOnAnEnterpriseAttributePlacesUsersAndFollowsChanges) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string sales = access_group(t.admin, "Sales team", R"("active":true,"privileges":[)" + priv(crm, "edit") + "]");
  std::string handy = user_in(t.prov, "handy", "Sales");
  ASSERT_EQ(t.prov.patch("/scim/v2/Groups/" + sales, ops(R"([{"op":"add","path":"members","value":[{"value":")" +
                                                          handy + R"("}]}])")).status, 204);
  std::string id = rule(t.admin, "sales-dept", "User", std::string(kEnterprise) + ":department", "sales*",
                        R"({"memberOf":")" + sales + R"("})");
  std::string carol = user_in(t.prov, "carol", "Sales EMEA");
  std::string dave = user_in(t.prov, "dave", "Finance");
  EXPECT_EQ(members(t.read, sales), (std::vector<std::string>{std::min(carol, handy), std::max(carol, handy)}));
  EXPECT_EQ(access_in(users(t.read, carol), crm), "edit");
  EXPECT_EQ(access_in(users(t.read, dave), crm), "none");

  // Dave moves to Sales: the next PATCH from the identity provider places him.
  ASSERT_EQ(t.prov.patch("/scim/v2/Users/" + dave, ops(R"([{"op":"replace","path":")" + std::string(kEnterprise) +
                                                       R"(:department","value":"Sales"}])")).status, 204);
  EXPECT_EQ(access_in(users(t.read, dave), crm), "edit");
  // Carol leaves Sales: the rule no longer matches, the membership it made goes.
  ASSERT_EQ(t.prov.patch("/scim/v2/Users/" + carol, ops(R"([{"op":"replace","path":")" + std::string(kEnterprise) +
                                                        R"(:department","value":"Legal"}])")).status, 204);
  EXPECT_EQ(access_in(users(t.read, carol), crm), "none");

  // Removing the rule removes Dave's membership, never Handy's, which an admin made by hand.
  ASSERT_EQ(t.admin.del("/scim/v2/MappingRules/" + id).status, 204);
  EXPECT_EQ(members(t.read, sales), std::vector<std::string>{handy});
}

TEST_P(MappingRules, GroupRuleSetsTheParentAndRemovingItRestoresTheFormerOne) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string root = access_group(t.admin, "Root", R"("active":true,"privileges":[)" + priv(crm, "view") + "]");
  std::string old_parent = access_group(t.admin, "Old parent", R"("active":true)");
  std::string ann = create_user(t.prov, "ann.parent");
  std::string team = access_group(t.admin, "Team-A", R"("active":true,"parent":")" + old_parent +
                                                          R"(","privileges":[)" + priv(crm, "admin") + "]",
                                  member(ann));
  EXPECT_EQ(access_in(users(t.read, ann), crm), "none") << "Old parent lists nothing: the level is capped to none";
  std::string id = rule(t.admin, "teams", "Group", "displayName", "team-?", R"({"parent":")" + root + R"("})");
  auto g = t.read.get("/scim/v2/Groups/" + team);
  EXPECT_EQ(str(ext_of(g, kGroupExt), "parent"), root);
  EXPECT_EQ(access_in(users(t.read, ann), crm), "view") << "now capped by Root";
  ASSERT_EQ(t.admin.del("/scim/v2/MappingRules/" + id).status, 204);
  g = t.read.get("/scim/v2/Groups/" + team);
  EXPECT_EQ(str(ext_of(g, kGroupExt), "parent"), old_parent);
}

TEST_P(MappingRules, ConflictsGoToTheHigherPriorityThenTheMostPermissiveAccess) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string low = rule(t.admin, "low", "User", "title", "*engineer*", privileges(crm, "admin"), 1);
  std::string high = rule(t.admin, "high", "User", "title", "senior*", privileges(crm, "view"), 5);
  std::string bob = create_user(t.prov, "bob.conflict", R"(,"title":"Senior Engineer")");
  EXPECT_EQ(access_in(users(t.read, bob), crm), "view");
  EXPECT_EQ(source(t.read, bob, crm), "rule:" + high);
  // Equal priorities: the most permissive access wins.
  ASSERT_EQ(t.admin.patch("/scim/v2/MappingRules/" + low,
                          ops(R"([{"op":"replace","path":"priority","value":5}])")).status, 204);
  EXPECT_EQ(access_in(users(t.read, bob), crm), "admin");
  EXPECT_EQ(source(t.read, bob, crm), "rule:" + low);
  // An individual privilege set by hand wins over rules.
  ASSERT_EQ(t.prov.patch("/scim/v2/Users/" + bob, ops(R"([{"op":"add","path":")" + std::string(kUserExt) +
                                                      R"(:privileges","value":[)" + priv(crm, "edit") + "]}]"))
                .status,
            204);
  EXPECT_EQ(access_in(users(t.read, bob), crm), "edit");
  EXPECT_EQ(source(t.read, bob, crm), "individual");
}

TEST_P(MappingRules, ChangingARuleMovesItsEffectsToTheResourcesItNowMatches) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string ops_user = create_user(t.prov, "ops.one", R"(,"title":"Operator")");
  std::string dev_user = create_user(t.prov, "dev.one", R"(,"title":"Developer")");
  std::string id = rule(t.admin, "titles", "User", "title", "oper*", privileges(crm, "edit"));
  EXPECT_EQ(access_in(users(t.read, ops_user), crm), "edit");
  EXPECT_EQ(access_in(users(t.read, dev_user), crm), "none");
  ASSERT_EQ(t.admin.patch("/scim/v2/MappingRules/" + id,
                          ops(R"([{"op":"replace","path":"when.matches","value":"dev*"}])")).status, 204);
  EXPECT_EQ(access_in(users(t.read, ops_user), crm), "none");
  EXPECT_EQ(access_in(users(t.read, dev_user), crm), "edit");
}

TEST_P(MappingRules, EntraAppRoleAssignmentsReachRolesInAllThreeShapes) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  rule(t.admin, "entra-admins", "User", "roles.value", "Admin", privileges(crm, "admin"));
  // SingleAppRoleAssignment: POST with the primary role.
  std::string one = create_user(
      t.prov, "single.role",
      R"(,"roles":[{"primary":true,"type":"WindowsAzureActiveDirectoryRole","value":"Admin"}])");
  EXPECT_EQ(access_in(users(t.read, one), crm), "admin");
  // AppRoleAssignmentsComplex: an Add whose value is a JSON-serialized role.
  std::string two = create_user(t.prov, "complex.role");
  auto r = t.prov.patch("/scim/v2/Users/" + two, ops(R"([{"op":"Add","path":"roles","value":[{"value":"{\"id\":\"8d2f\",\"value\":\"Admin\",\"displayName\":\"Admin\"}"}]}])"));
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(access_in(users(t.read, two), crm), "admin");
  // AssertiveAppRoleAssignmentsComplex: a replace with the full list drops the role.
  r = t.prov.patch("/scim/v2/Users/" + two,
                   ops(R"([{"op":"replace","path":"roles","value":[{"value":"Reader","primary":false}]}])"));
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(access_in(users(t.read, two), crm), "none");
}

TEST_P(MappingRules, PreviewCountsWithoutApplying) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  for (const char* name : {"prev.a", "prev.b", "other.c"}) create_user(t.prov, name, R"(,"title":"x")");
  std::string body = R"({"name":"p","when":{"resourceType":"User","attribute":"userName","matches":"prev.*"},"then":)" +
                     privileges(crm, "view") + "}";
  auto r = t.admin.post("/access/v1/rules/preview", body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["matching"].GetInt64(), 2);
  EXPECT_EQ(r.json["sample"].Size(), 2u);
  auto list = t.read.get("/scim/v2/MappingRules");
  EXPECT_EQ(list.json["totalResults"].GetInt64(), 0) << "a preview stores nothing";
  std::string id = rule(t.admin, "p", "User", "userName", "prev.*", privileges(crm, "view"));
  r = t.admin.get("/access/v1/rules/" + id + "/preview");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["touched"].GetInt64(), 2);
  EXPECT_EQ(t.prov.get("/access/v1/rules/" + id + "/preview").status, 403);
}

TEST_P(MappingRules, InvalidRulesAreRefusedAndOnlyAdminsManageThem) {
  auto t = tenant();
  auto bad = [&](const std::string& when, const std::string& then) {
    auto r = t.admin.post("/scim/v2/MappingRules", R"({"name":"bad","when":)" + when + R"(,"then":)" + then + "}");
    expect_scim_error(r, 400, "invalidValue");
  };
  const std::string user_when = R"({"resourceType":"User","attribute":"title","matches":"x"})";
  const std::string group_when = R"({"resourceType":"Group","attribute":"displayName","matches":"x"})";
  bad(user_when, R"({"memberOf":"no-such-group"})");
  bad(user_when, R"({"parent":"x"})");
  bad(group_when, R"({"memberOf":"x"})");
  bad(group_when, R"({"privileges":[{"application":"no-such-app","access":"view"}]})");
  bad(group_when, R"({})");
  bad(R"({"resourceType":"Application","attribute":"name","matches":"x"})", R"({"active":true})");
  bad(R"({"resourceType":"Group","attribute":"displayName","matches":""})", R"({"active":true})");
  EXPECT_EQ(t.read.get("/scim/v2/MappingRules").json["totalResults"].GetInt64(), 0);
  auto r = t.prov.post("/scim/v2/MappingRules", R"({"name":"n","when":)" + group_when + R"(,"then":{"active":true}})");
  EXPECT_EQ(r.status, 403) << r.body;
}

TEST_P(MappingRules, AccessChangesAppendOneEventPerUserAndApplication) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM");
  std::string bob = create_user(t.prov, "bob.events");
  std::string group = access_group(t.admin, "Notified", R"("active":true,"notifications":{"mode":"webhook"},"privileges":[)" +
                                                            priv(crm, "edit") + "]");
  ASSERT_EQ(t.prov.patch("/scim/v2/Groups/" + group, ops(R"([{"op":"add","path":"members","value":[{"value":")" + bob +
                                                         R"("}]}])")).status, 204);
  patch_group_ext(t.admin, group, "privileges", "[" + priv(crm, "admin") + "]");
  // A change that leaves everyone's access as it was appends nothing.
  ASSERT_EQ(t.admin.patch("/scim/v2/Groups/" + group,
                          ops(R"([{"op":"replace","path":"displayName","value":"Still notified"}])")).status, 204);
  ASSERT_EQ(t.prov.patch("/scim/v2/Users/" + bob, ops(R"([{"op":"replace","path":"active","value":false}])")).status, 204);
  EXPECT_EQ(events_of(bob), (std::vector<std::string>{"none>edit:pending:CRM", "edit>admin:pending:CRM",
                                                      "admin>none:pending:CRM"}));
  // A failed write appends nothing.
  auto r = t.prov.patch("/scim/v2/Groups/" + group,
                        ops(R"([{"op":"add","path":"members","value":[{"value":")" + bob + R"("}]},)"
                            R"({"op":"replace","path":")" + std::string(kGroupExt) + R"(:parent","value":")" + group + R"("}])"));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(events_of(bob).size(), 3u);
}

TEST_P(MappingRules, RulesPrivilegeEditsAndDeletionsAppendEventsToo) {
  auto t = tenant();
  std::string crm = create_app(t.admin, "CRM"), wiki = create_app(t.admin, "Wiki");
  std::string ann = create_user(t.prov, "ann.events", R"(,"title":"Buyer")");
  std::string boss = create_user(t.prov, "boss.events", std::string(R"(,")") + kUserExt + R"(":{"level":"Admin"})");
  std::string group = access_group(t.admin, "Buyers", R"("active":true)", member(ann));
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(events_of(boss)), sorted({"none>admin:recorded:CRM", "none>admin:recorded:Wiki"}))
      << "a new Admin gains admin on every application";
  EXPECT_TRUE(events_of(ann).empty()) << "Buyers applies privileges but lists none: nothing changed for Ann";
  // A new application: admins gain admin on it; nobody else changes.
  std::string erp = create_app(t.admin, "ERP");
  EXPECT_EQ(events_of(boss).size(), 3u);
  EXPECT_EQ(events_of(boss).back(), "none>admin:recorded:ERP");
  // A rule whose grant is hidden by Ann's applying group changes nothing, created or deleted.
  std::string id = rule(t.admin, "buyers", "User", "title", "buy*", privileges(wiki, "view"));
  EXPECT_EQ(access_in(users(t.read, ann), wiki), "none");
  ASSERT_EQ(t.admin.del("/scim/v2/MappingRules/" + id).status, 204);
  EXPECT_TRUE(events_of(ann).empty());
  // The bulk privilege edit, then the deletions.
  auto r = t.admin.post("/access/v1/groups/privileges",
                        R"({"groups":[")" + group + R"("],"set":[{"application":")" + crm + R"(","access":"edit"}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(t.admin.del("/scim/v2/Applications/" + crm).status, 204);
  r = t.admin.post("/access/v1/groups/privileges",
                   R"({"groups":[")" + group + R"("],"set":[{"application":")" + erp + R"(","access":"view"}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(t.prov.del("/scim/v2/Groups/" + group).status, 204);
  EXPECT_EQ(events_of(ann), (std::vector<std::string>{"none>edit:recorded:CRM", "edit>none:recorded:CRM",
                                                      "none>view:recorded:ERP", "view>none:recorded:ERP"}));
  EXPECT_EQ(events_of(boss)[3], "admin>none:recorded:CRM");
  ASSERT_EQ(t.prov.del("/scim/v2/Users/" + boss).status, 204);
  auto all = events_of(boss);
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(sorted({all[4], all[5]}), sorted({"admin>none:recorded:ERP", "admin>none:recorded:Wiki"}))
      << "deleting an admin ends admin everywhere";
}

SCIMD_INSTANTIATE_BACKENDS(MappingRules);

}  // namespace
}  // namespace scimd::test::access_http
