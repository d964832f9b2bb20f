// The access rules (README "The access model", DESIGN.md §3) as a table of scenarios: each row
// describes groups (tree, nesting, flags, privileges, loginAs), the user (direct groups, level,
// active, individual privileges) and the expected access, grantedBy and loginAs for one
// application. The rows are written from the specification, not from the code.
#include "access/effective_access.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace scimd::access {
namespace {

constexpr Access N = Access::none, V = Access::view, E = Access::edit, A = Access::admin;

// A group of a scenario. parent "" = top level; login "" = no identity.
struct Grp {
  std::string id;
  std::string name;
  std::string parent = "";
  bool active = true;
  bool apply = true;
  std::map<std::string, Access> privs = {};
  std::string login_user = "";
  std::string login_admin = "";
};

// What the rules should answer. granted: "admin", "individual" or "group:<id>" (any order);
// every grant carries the effective access. login "" = null.
struct Want {
  Access access = N;
  std::vector<std::string> granted = {};
  std::string login = "";
};

struct Case {
  std::string name;
  std::string rule;  // which rule or definition the row is about
  std::vector<Grp> groups = {};
  std::vector<std::pair<std::string, std::string>> nested = {};  // {member group, containing group}
  std::vector<std::string> direct = {};                          // groups the user is directly in
  std::map<std::string, Access> individual = {};
  bool admin = false;
  bool active = true;
  std::string app = "crm";
  Want want = {};
};

const std::map<std::string, std::string> kApps = {{"crm", "CRM"}, {"wiki", "Wiki"}, {"erp", "ERP"}, {"bi", "BI"}};

GroupNode node(const Grp& g) {
  GroupNode n;
  n.id = g.id;
  n.display_name = g.name;
  if (!g.parent.empty()) n.parent = g.parent;
  n.is_active = g.active;
  n.applies_privileges = g.apply;
  if (!g.login_user.empty()) n.login_as_user = g.login_user;
  if (!g.login_admin.empty()) n.login_as_admin = g.login_admin;
  n.privileges = g.privs;
  return n;
}

// Builds what the store would load: member groups = the closure of the direct groups over
// nesting; groups = the member groups and all their ancestors.
AccessInput build(const std::vector<Grp>& groups, const std::vector<std::pair<std::string, std::string>>& nested,
                  const std::vector<std::string>& direct, const std::map<std::string, Access>& individual, bool admin,
                  bool active, bool lost = false) {
  std::map<std::string, Grp> all;
  for (const auto& g : groups) all[g.id] = g;
  std::set<std::string> members(direct.begin(), direct.end());
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [member, group] : nested)
      if (members.count(member) && members.insert(group).second) grew = true;
  }
  std::set<std::string> graph = members;
  for (const auto& m : members) {
    std::string p = all.at(m).parent;
    while (!p.empty() && graph.insert(p).second) p = all.at(p).parent;
  }
  AccessInput in;
  in.is_user_active = active;
  in.is_admin = admin;
  in.lost_last_group = lost;
  in.direct_groups = direct;
  in.member_groups.assign(members.begin(), members.end());
  for (const auto& id : graph) in.groups.emplace(id, node(all.at(id)));
  in.individual = individual;
  in.applications = kApps;
  return in;
}

AccessInput build(const Case& c) { return build(c.groups, c.nested, c.direct, c.individual, c.admin, c.active); }

std::string describe(const Grant& g) {
  switch (g.kind) {
    case Grant::Kind::admin: return "admin";
    case Grant::Kind::individual: return "individual";
    case Grant::Kind::group: return "group:" + g.group_id;
    case Grant::Kind::rule: return "rule:" + g.rule_id + (g.group_id.empty() ? "" : ":" + g.group_id);
  }
  return "?";
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The README example: Sales (CRM edit, Wiki view, loginAs sales-staff / sales-admin) with
// subgroups Sales EU (CRM admin, ERP view; Ana is in it) and Sales US.
std::vector<Grp> readme(bool sales_applies) {
  return {{.id = "sales", .name = "Sales", .apply = sales_applies, .privs = {{"crm", E}, {"wiki", V}},
           .login_user = "sales-staff", .login_admin = "sales-admin"},
          {.id = "eu", .name = "Sales EU", .parent = "sales", .privs = {{"crm", A}, {"erp", V}}},
          {.id = "us", .name = "Sales US", .parent = "sales"}};
}

std::vector<Case> cases() {
  return {
      // ---- rule 4 alone: individual privileges
      {.name = "NoGroupNoIndividual", .rule = "4: none if not listed", .want = {N}},
      {.name = "IndividualOnly", .rule = "4", .individual = {{"crm", E}}, .want = {E, {"individual"}}},
      {.name = "IndividualOnOtherApp", .rule = "4: not listed = none", .individual = {{"wiki", A}}, .want = {N}},
      {.name = "IndividualListedNone", .rule = "4", .individual = {{"crm", N}}, .want = {N}},

      // ---- rule 1: inactive user
      {.name = "InactiveUserLosesGroupAccess", .rule = "1",
       .groups = {{.id = "g1", .name = "G1", .privs = {{"crm", A}}, .login_admin = "adm"}}, .direct = {"g1"},
       .active = false, .want = {N}},
      {.name = "InactiveUserLosesIndividualAccess", .rule = "1", .individual = {{"crm", E}}, .active = false,
       .want = {N}},
      {.name = "InactiveAdminHasNothing", .rule = "1 before 2", .admin = true, .active = false, .want = {N}},

      // ---- rule 2: Admin users
      {.name = "AdminWithoutGroup", .rule = "2", .admin = true, .want = {A, {"admin"}}},
      {.name = "AdminBeatsGroupView", .rule = "2",
       .groups = {{.id = "g1", .name = "G1", .privs = {{"crm", V}}, .login_user = "usr", .login_admin = "g1-adm"}},
       .direct = {"g1"}, .admin = true, .want = {A, {"admin"}, "g1-adm"}},
      {.name = "AdminOnApplicationNobodyLists", .rule = "2: every application of the tenant", .admin = true,
       .app = "bi", .want = {A, {"admin"}}},
      {.name = "AdminIgnoresIndividual", .rule = "2", .individual = {{"crm", V}}, .admin = true,
       .want = {A, {"admin"}}},
      {.name = "AdminGrantedByOnlyAdminEvenWhenGroupGrantsAdmin", .rule = "2: grantedBy [{admin}]",
       .groups = {{.id = "g1", .name = "G1", .privs = {{"crm", A}}}}, .direct = {"g1"}, .admin = true,
       .want = {A, {"admin"}}},
      {.name = "AdminLoginFromAncestorOfGroup", .rule = "2: loginAs nearest ancestor with an admin identity",
       .groups = {{.id = "p", .name = "P", .login_admin = "p-adm"},
                  {.id = "c", .name = "C", .parent = "p", .login_user = "c-usr"}},
       .direct = {"c"}, .admin = true, .want = {A, {"admin"}, "p-adm"}},
      {.name = "AdminLoginFromMostSpecificDirectGroup", .rule = "2 + group: deepest direct group",
       .groups = {{.id = "p", .name = "P", .login_admin = "p-adm"},
                  {.id = "c", .name = "C", .parent = "p", .login_admin = "c-adm"}},
       .direct = {"p", "c"}, .admin = true, .want = {A, {"admin"}, "c-adm"}},
      {.name = "AdminLoginNullWithoutAdminIdentity", .rule = "2: user identities do not count",
       .groups = {{.id = "g1", .name = "G1", .login_user = "usr"}}, .direct = {"g1"}, .admin = true,
       .want = {A, {"admin"}}},
      {.name = "AdminLoginIgnoresNestedContainingGroup", .rule = "2: loginAs from `group`, not from nesting",
       .groups = {{.id = "g1", .name = "G1"}, {.id = "outer", .name = "Outer", .login_admin = "outer-adm"}},
       .nested = {{"g1", "outer"}}, .direct = {"g1"}, .admin = true, .want = {A, {"admin"}}},
      {.name = "AdminLoginFromInactiveGroup", .rule = "2: `group` does not depend on flags",
       .groups = {{.id = "g1", .name = "G1", .active = false, .apply = false, .login_admin = "g1-adm"}},
       .direct = {"g1"}, .admin = true, .want = {A, {"admin"}, "g1-adm"}},

      // ---- rule 3: applying groups
      {.name = "OneApplyingGroupView", .rule = "3",
       .groups = {{.id = "g1", .name = "G1", .privs = {{"crm", V}}, .login_user = "g1-usr", .login_admin = "g1-adm"}},
       .direct = {"g1"}, .want = {V, {"group:g1"}, "g1-usr"}},
      {.name = "GroupAdminUsesAdminIdentity", .rule = "3 + loginAs admin identity",
       .groups = {{.id = "g1", .name = "G1", .privs = {{"crm", A}}, .login_user = "g1-usr", .login_admin = "g1-adm"}},
       .direct = {"g1"}, .want = {A, {"group:g1"}, "g1-adm"}},
      {.name = "GroupAdminWithOnlyUserIdentityIsNull", .rule = "loginAs: admin access needs an admin identity",
       .groups = {{.id = "g1", .name = "G1", .privs = {{"crm", A}}, .login_user = "g1-usr"}}, .direct = {"g1"},
       .want = {A, {"group:g1"}}},
      {.name = "GroupAdminIdentityFromAncestor", .rule = "loginAs: nearest ancestor with one",
       .groups = {{.id = "p", .name = "P", .privs = {{"crm", A}}, .login_admin = "p-adm"},
                  {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", A}}, .login_user = "c-usr"}},
       .direct = {"c"}, .want = {A, {"group:c"}, "p-adm"}},
      {.name = "UserIdentityFromGrandparentSkippingAdminOnlyParent", .rule = "loginAs: nearest ancestor with one",
       .groups = {{.id = "gp", .name = "GP", .apply = false, .login_user = "gp-usr"},
                  {.id = "p", .name = "P", .parent = "gp", .apply = false, .login_admin = "p-adm"},
                  {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", E}}}},
       .direct = {"c"}, .want = {E, {"group:c"}, "gp-usr"}},
      {.name = "GroupNotListingAppGivesNoneIndividualIgnored", .rule = "3: none if all none; individual ignored",
       .groups = {{.id = "g1", .name = "G1", .privs = {{"wiki", V}}}}, .direct = {"g1"},
       .individual = {{"crm", A}}, .want = {N}},
      {.name = "GroupListingNoneExplicitly", .rule = "3: listed none",
       .groups = {{.id = "g1", .name = "G1", .privs = {{"crm", N}}}}, .direct = {"g1"}, .individual = {{"crm", E}},
       .want = {N}},
      {.name = "MaxOverGroupsGrantedByOnlyTheHigher", .rule = "3 max; grantedBy never one that gives less",
       .groups = {{.id = "g1", .name = "Alpha", .privs = {{"crm", V}}, .login_user = "a-usr"},
                  {.id = "g2", .name = "Beta", .privs = {{"crm", E}}, .login_user = "b-usr"}},
       .direct = {"g1", "g2"}, .want = {E, {"group:g2"}, "b-usr"}},
      {.name = "TieListsEveryGroupLoginFromFirstByNameIgnoringCase", .rule = "grantedBy ties; loginAs order",
       .groups = {{.id = "a", .name = "Beta", .privs = {{"crm", E}}, .login_user = "beta-usr"},
                  {.id = "z", .name = "alpha", .privs = {{"crm", E}}, .login_user = "alpha-usr"}},
       .direct = {"a", "z"}, .want = {E, {"group:a", "group:z"}, "alpha-usr"}},
      {.name = "TieOnSameNameIgnoringCaseThenId", .rule = "loginAs order: then id",
       .groups = {{.id = "g2", .name = "Team", .privs = {{"crm", V}}, .login_user = "g2-usr"},
                  {.id = "g1", .name = "TEAM", .privs = {{"crm", V}}, .login_user = "g1-usr"}},
       .direct = {"g2", "g1"}, .want = {V, {"group:g1", "group:g2"}, "g1-usr"}},
      {.name = "FirstGrantingGroupWithoutIdentityUsesItsAncestor", .rule = "loginAs: first group, then ancestors",
       .groups = {{.id = "p", .name = "Zed", .apply = false, .login_user = "p-usr"},
                  {.id = "g1", .name = "Alpha", .parent = "p", .privs = {{"crm", E}}},
                  {.id = "g2", .name = "Beta", .privs = {{"crm", E}}, .login_user = "b-usr"}},
       .direct = {"g1", "g2"}, .want = {E, {"group:g1", "group:g2"}, "p-usr"}},
      {.name = "FirstGrantingGroupWithoutAnyIdentityIsNull", .rule = "loginAs: else null",
       .groups = {{.id = "g1", .name = "Alpha", .privs = {{"crm", E}}},
                  {.id = "g2", .name = "Beta", .privs = {{"crm", E}}, .login_user = "b-usr"}},
       .direct = {"g1", "g2"}, .want = {E, {"group:g1", "group:g2"}}},
      {.name = "ApplyingAndNonApplyingGroups", .rule = "3: only applying groups count",
       .groups = {{.id = "g1", .name = "G1", .active = false, .privs = {{"crm", A}}},
                  {.id = "g2", .name = "G2", .privs = {{"crm", V}}}},
       .direct = {"g1", "g2"}, .individual = {{"crm", E}}, .want = {V, {"group:g2"}}},
      {.name = "RemainingApplyingGroupKeepsIndividualIgnored", .rule = "4: only when no applying group remains",
       .groups = {{.id = "g1", .name = "G1", .active = false, .privs = {{"crm", A}}},
                  {.id = "g2", .name = "G2", .privs = {{"wiki", V}}}},
       .direct = {"g1", "g2"}, .individual = {{"crm", A}}, .want = {N}},

      // ---- membership: nesting, cycles, the tree is not membership
      {.name = "NestedMembershipGrants", .rule = "member via nested group",
       .groups = {{.id = "inner", .name = "Inner"}, {.id = "outer", .name = "Outer", .privs = {{"crm", E}},
                                                     .login_user = "outer-usr"}},
       .nested = {{"inner", "outer"}}, .direct = {"inner"}, .want = {E, {"group:outer"}, "outer-usr"}},
      {.name = "NestedThreeDeep", .rule = "member at any depth",
       .groups = {{.id = "a", .name = "A"}, {.id = "b", .name = "B"}, {.id = "c", .name = "C", .privs = {{"crm", V}}}},
       .nested = {{"a", "b"}, {"b", "c"}}, .direct = {"a"}, .want = {V, {"group:c"}}},
      {.name = "NestingCycleIsHarmless", .rule = "cycles harmless",
       .groups = {{.id = "a", .name = "A"}, {.id = "b", .name = "B", .privs = {{"crm", E}}}},
       .nested = {{"a", "b"}, {"b", "a"}}, .direct = {"a"}, .want = {E, {"group:b"}}},
      {.name = "LongerNestingCycle", .rule = "cycles harmless",
       .groups = {{.id = "a", .name = "A", .privs = {{"crm", A}}}, {.id = "b", .name = "B"}, {.id = "c", .name = "C"}},
       .nested = {{"a", "b"}, {"b", "c"}, {"c", "a"}}, .direct = {"c"}, .want = {A, {"group:a"}}},
      {.name = "ContainedGroupIsNotMembership", .rule = "members of outer are not members of inner",
       .groups = {{.id = "inner", .name = "Inner", .privs = {{"crm", A}}}, {.id = "outer", .name = "Outer"}},
       .nested = {{"inner", "outer"}}, .direct = {"outer"}, .individual = {{"crm", V}}, .want = {N}},
      {.name = "ParentTreeIsNotMembership", .rule = "the parent tree is not membership",
       .groups = {{.id = "p", .name = "P", .privs = {{"crm", A}}}, {.id = "c", .name = "C", .parent = "p"}},
       .direct = {"c"}, .want = {N}},
      {.name = "ChildIsNotMemberOfParent", .rule = "the parent tree is not membership",
       .groups = {{.id = "p", .name = "P"}, {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", V}}}},
       .direct = {"p"}, .want = {N}},

      // ---- levels: caps by ancestors
      {.name = "ReadmeCrmCappedBySales", .rule = "level: min over applying ancestors", .groups = readme(true),
       .direct = {"eu"}, .want = {E, {"group:eu"}, "sales-staff"}},
      {.name = "ReadmeWikiNoneCapIsMinimum", .rule = "level: not listed = none", .groups = readme(true),
       .direct = {"eu"}, .app = "wiki", .want = {N}},
      {.name = "ReadmeErpNoneParentDoesNotList", .rule = "level: ancestor not listing caps to none",
       .groups = readme(true), .direct = {"eu"}, .app = "erp", .want = {N}},
      {.name = "ReadmeCrmUncappedWhenSalesStopsApplying", .rule = "ancestor with applyPrivileges false caps nothing",
       .groups = readme(false), .direct = {"eu"}, .want = {A, {"group:eu"}, "sales-admin"}},
      {.name = "ReadmeErpUncappedWhenSalesStopsApplying", .rule = "ancestor with applyPrivileges false caps nothing",
       .groups = readme(false), .direct = {"eu"}, .app = "erp", .want = {V, {"group:eu"}, "sales-staff"}},
      {.name = "GrandparentCaps", .rule = "level: every ancestor",
       .groups = {{.id = "gp", .name = "GP", .privs = {{"crm", V}}},
                  {.id = "p", .name = "P", .parent = "gp", .privs = {{"crm", A}}},
                  {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", A}}}},
       .direct = {"c"}, .want = {V, {"group:c"}}},
      {.name = "NonApplyingParentSkippedGrandparentStillCaps", .rule = "level: only applying ancestors cap",
       .groups = {{.id = "gp", .name = "GP", .privs = {{"crm", E}}},
                  {.id = "p", .name = "P", .parent = "gp", .apply = false},
                  {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", A}}}},
       .direct = {"c"}, .want = {E, {"group:c"}}},
      {.name = "ApplyingParentCapsNestedMembershipGroup", .rule = "level + nesting",
       .groups = {{.id = "p", .name = "P", .privs = {{"crm", V}}},
                  {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", A}}},
                  {.id = "x", .name = "X"}},
       .nested = {{"x", "c"}}, .direct = {"x"}, .want = {V, {"group:c"}}},
      {.name = "DirectInChildAndParentTie", .rule = "level cap + grantedBy ties",
       .groups = {{.id = "p", .name = "P", .privs = {{"crm", V}}},
                  {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", A}}}},
       .direct = {"p", "c"}, .want = {V, {"group:c", "group:p"}}},

      // ---- liveness and applyPrivileges: fallback to individual privileges
      {.name = "GroupNotApplyingFallsBackToIndividual", .rule = "applying needs applyPrivileges; 4",
       .groups = {{.id = "g1", .name = "G1", .apply = false, .privs = {{"crm", A}}}}, .direct = {"g1"},
       .individual = {{"crm", V}}, .want = {V, {"individual"}}},
      {.name = "GroupNotApplyingNoIndividual", .rule = "4",
       .groups = {{.id = "g1", .name = "G1", .apply = false, .privs = {{"crm", A}}}}, .direct = {"g1"}, .want = {N}},
      {.name = "InactiveGroupFallsBackToIndividual", .rule = "live needs G active; 4",
       .groups = {{.id = "g1", .name = "G1", .active = false, .privs = {{"crm", A}}}}, .direct = {"g1"},
       .individual = {{"crm", E}}, .want = {E, {"individual"}}},
      {.name = "InactiveParentMakesChildNotLive", .rule = "live needs every ancestor active",
       .groups = {{.id = "p", .name = "P", .active = false, .privs = {{"crm", A}}},
                  {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", A}}}},
       .direct = {"c"}, .individual = {{"crm", V}}, .want = {V, {"individual"}}},
      {.name = "InactiveGrandparentMakesChildNotLive", .rule = "live needs every ancestor active",
       .groups = {{.id = "gp", .name = "GP", .active = false},
                  {.id = "p", .name = "P", .parent = "gp"},
                  {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", A}}}},
       .direct = {"c"}, .individual = {{"crm", E}}, .want = {E, {"individual"}}},
      {.name = "InactiveNonApplyingParentStillBreaksLiveness", .rule = "live is independent of applyPrivileges",
       .groups = {{.id = "p", .name = "P", .active = false, .apply = false},
                  {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", A}}}},
       .direct = {"c"}, .individual = {{"crm", V}}, .want = {V, {"individual"}}},
      {.name = "InactiveAncestorOfOneGroupOtherGroupLive", .rule = "3 over live groups only",
       .groups = {{.id = "p", .name = "P", .active = false},
                  {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", A}}},
                  {.id = "g2", .name = "G2", .privs = {{"crm", V}}}},
       .direct = {"c", "g2"}, .want = {V, {"group:g2"}}},
  };
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class EffectiveAccessTable : public ::testing::TestWithParam<Case> {};

TEST_P(EffectiveAccessTable, MatchesTheRules) {
  const Case& c = GetParam();
  AccessInput in = build(c);
  ApplicationAccess got = effective_access(in, c.app);
  SCOPED_TRACE("rule: " + c.rule);
  EXPECT_EQ(got.application_id, c.app);
  EXPECT_EQ(got.name, kApps.at(c.app));
  EXPECT_EQ(to_string(got.access), to_string(c.want.access));
  std::vector<std::string> granted;
  for (const auto& g : got.granted_by) {
    granted.push_back(describe(g));
    EXPECT_EQ(to_string(g.access), to_string(c.want.access)) << describe(g) << " gives another level";
    if (g.kind == Grant::Kind::group) {
      auto it = std::find_if(c.groups.begin(), c.groups.end(), [&](const Grp& x) { return x.id == g.group_id; });
      ASSERT_NE(it, c.groups.end());
      EXPECT_EQ(g.display_name, it->name);
    }
  }
  EXPECT_EQ(sorted(granted), sorted(c.want.granted));
  EXPECT_EQ(got.login_as.value_or(""), c.want.login);
  EXPECT_EQ(got.login_as.has_value(), !c.want.login.empty());
}

INSTANTIATE_TEST_SUITE_P(Rules, EffectiveAccessTable, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return param_info.param.name; });

// ---- all_access: the /users list

TEST(AllAccess, ListsOnlyGrantedApplicationsByNameIgnoringCase) {
  AccessInput in = build({{.id = "g1", .name = "G1", .privs = {{"b", E}, {"a", V}, {"c", N}, {"d", A}}}}, {}, {"g1"},
                         {}, false, true);
  in.applications = {{"a", "apple"}, {"b", "Banana"}, {"c", "cherry"}, {"d", "Date"}, {"e", "elder"}};
  auto apps = all_access(in);
  std::vector<std::string> names;
  for (const auto& a : apps) names.push_back(a.name + "=" + std::string(to_string(a.access)));
  EXPECT_EQ(names, (std::vector<std::string>{"apple=view", "Banana=edit", "Date=admin"}));
}

TEST(AllAccess, InactiveUserListsNothingEvenAsAdmin) {
  AccessInput in = build({{.id = "g1", .name = "G1", .privs = {{"crm", A}}}}, {}, {"g1"}, {{"wiki", A}}, true, false);
  EXPECT_TRUE(all_access(in).empty());
}

TEST(AllAccess, AdminHasEveryApplicationOfTheTenant) {
  AccessInput in = build({}, {}, {}, {}, true, true);
  auto apps = all_access(in);
  ASSERT_EQ(apps.size(), kApps.size());
  for (const auto& a : apps) {
    EXPECT_EQ(a.access, A) << a.name;
    ASSERT_EQ(a.granted_by.size(), 1u);
    EXPECT_EQ(a.granted_by[0].kind, Grant::Kind::admin);
  }
  EXPECT_EQ(apps.front().name, "BI");
  EXPECT_EQ(apps.back().name, "Wiki");
}

TEST(AllAccess, IndividualPrivilegesCountOnlyWithoutApplyingGroup) {
  AccessInput kept = build({{.id = "g1", .name = "G1", .privs = {{"crm", V}}}}, {}, {"g1"}, {{"wiki", E}}, false, true);
  auto with_group = all_access(kept);
  ASSERT_EQ(with_group.size(), 1u);
  EXPECT_EQ(with_group[0].application_id, "crm");
  // Same user once the group stops applying: the individual privilege is back.
  AccessInput restored =
      build({{.id = "g1", .name = "G1", .apply = false, .privs = {{"crm", V}}}}, {}, {"g1"}, {{"wiki", E}}, false, true);
  auto without = all_access(restored);
  ASSERT_EQ(without.size(), 1u);
  EXPECT_EQ(without[0].application_id, "wiki");
  EXPECT_EQ(without[0].access, E);
}

// ---- the helpers of the definitions

TEST(Definitions, AncestorsNearestFirstAndLevelUsesApplyingOnes) {
  AccessInput in = build({{.id = "gp", .name = "GP", .privs = {{"crm", E}}},
                          {.id = "p", .name = "P", .parent = "gp", .apply = false, .privs = {{"crm", N}}},
                          {.id = "c", .name = "C", .parent = "p", .privs = {{"crm", A}}}},
                         {}, {"c"}, {}, false, true);
  EXPECT_EQ(ancestors(in.groups, "c"), (std::vector<std::string>{"p", "gp"}));
  EXPECT_TRUE(ancestors(in.groups, "gp").empty());
  EXPECT_EQ(group_level(in.groups, "c", "crm"), E);
  EXPECT_EQ(group_level(in.groups, "c", "wiki"), N);
  EXPECT_TRUE(is_live(in.groups, "c"));
  in.groups.at("gp").is_active = false;
  EXPECT_FALSE(is_live(in.groups, "c"));
}

// ---- placement: the user's `group` and groupStatus

struct PlacementCase {
  std::string name;
  std::vector<Grp> groups = {};
  std::vector<std::pair<std::string, std::string>> nested = {};
  std::vector<std::string> direct = {};
  bool lost = false;
  std::string want_group = "";  // "" = null
  std::string want_status = "member";
};

std::vector<PlacementCase> placement_cases() {
  return {
      {.name = "NoGroup", .want_status = "No Group"},
      {.name = "LastGroupDeleted", .lost = true, .want_status = "No group assigned"},
      {.name = "PlacedAgainAfterDeletion", .groups = {{.id = "g1", .name = "G1"}}, .direct = {"g1"}, .lost = true,
       .want_group = "g1"},
      {.name = "OneDirectGroup", .groups = {{.id = "g1", .name = "G1"}}, .direct = {"g1"}, .want_group = "g1"},
      {.name = "ChildBeatsParent",
       .groups = {{.id = "p", .name = "A parent"}, {.id = "c", .name = "Z child", .parent = "p"}},
       .direct = {"p", "c"}, .want_group = "c"},
      {.name = "DeepestAcrossTrees",
       .groups = {{.id = "t1", .name = "T1"},
                  {.id = "t1c", .name = "T1 child", .parent = "t1"},
                  {.id = "t2", .name = "T2"},
                  {.id = "t2c", .name = "T2 child", .parent = "t2"},
                  {.id = "t2cc", .name = "T2 grandchild", .parent = "t2c"}},
       .direct = {"t1c", "t2cc"}, .want_group = "t2cc"},
      {.name = "TieByNameIgnoringCase",
       .groups = {{.id = "a", .name = "Beta"}, {.id = "z", .name = "alpha"}}, .direct = {"a", "z"},
       .want_group = "z"},
      {.name = "TieBySameNameThenId",
       .groups = {{.id = "g2", .name = "Team"}, {.id = "g1", .name = "team"}}, .direct = {"g2", "g1"},
       .want_group = "g1"},
      {.name = "NestedGroupsAreNotCandidates",
       .groups = {{.id = "p", .name = "P"}, {.id = "deep", .name = "Deep", .parent = "p"}, {.id = "g1", .name = "G1"}},
       .nested = {{"g1", "deep"}}, .direct = {"g1"}, .want_group = "g1"},
      {.name = "InactiveGroupStillPlaces",
       .groups = {{.id = "p", .name = "P"}, {.id = "c", .name = "C", .parent = "p", .active = false, .apply = false}},
       .direct = {"p", "c"}, .want_group = "c"},
  };
}

void PrintTo(const PlacementCase& c, std::ostream* os) { *os << c.name; }

class PlacementTable : public ::testing::TestWithParam<PlacementCase> {};

TEST_P(PlacementTable, MostSpecificDirectGroup) {
  const PlacementCase& c = GetParam();
  AccessInput in = build(c.groups, c.nested, c.direct, {}, false, true, c.lost);
  Placement p = placement(in);
  EXPECT_EQ(p.group_id.value_or(""), c.want_group);
  EXPECT_EQ(p.status, c.want_status);
  if (p.group_id) {
    auto it = std::find_if(c.groups.begin(), c.groups.end(), [&](const Grp& g) { return g.id == *p.group_id; });
    ASSERT_NE(it, c.groups.end());
    EXPECT_EQ(p.group_display_name, it->name);
  }
}

INSTANTIATE_TEST_SUITE_P(Rules, PlacementTable, ::testing::ValuesIn(placement_cases()),
                         [](const auto& param_info) { return param_info.param.name; });

// A privilege a mapping rule listed names the rule, on a group and as an individual privilege.
TEST(EffectiveAccess, RuleSourcesAreNamed) {
  AccessInput in;
  GroupNode g;
  g.id = "g";
  g.display_name = "Engineering";
  g.is_active = true;
  g.privileges["crm"] = Access::edit;
  g.privilege_rules["crm"] = "r1";
  g.privileges["wiki"] = Access::view;
  in.groups["g"] = g;
  in.member_groups = {"g"};
  in.direct_groups = {"g"};
  in.applications = {{"crm", "CRM"}, {"wiki", "Wiki"}, {"erp", "ERP"}};
  ApplicationAccess crm = effective_access(in, "crm");
  EXPECT_EQ(crm.access, Access::edit);
  ASSERT_EQ(crm.granted_by.size(), 1u);
  EXPECT_EQ(describe(crm.granted_by[0]), "rule:r1:g");
  EXPECT_EQ(describe(effective_access(in, "wiki").granted_by.at(0)), "group:g");
  // Without an applying group, a rule's individual privilege applies and is named.
  in.member_groups.clear();
  in.individual["erp"] = Access::admin;
  in.individual_rules["erp"] = "r2";
  ApplicationAccess erp = effective_access(in, "erp");
  EXPECT_EQ(erp.access, Access::admin);
  EXPECT_EQ(describe(erp.granted_by.at(0)), "rule:r2");
}

}  // namespace
}  // namespace scimd::access
