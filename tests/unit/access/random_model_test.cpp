// effective_access, all_access and placement against a small, independent model of the access
// rules (README "The access model", DESIGN.md §3), over random worlds: group trees (no cycles),
// nesting between groups (cycles allowed), flags, privileges, loginAs identities, individual
// privileges, Admin and inactive users. The model is brute force and shares no code with
// src/access: it computes the membership closure, the ancestors, liveness and levels directly.
#include "access/effective_access.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <set>
#include <sstream>

namespace scimd::access {
namespace {

// ---- the random world (plain data, no scimd types)

struct MGroup {
  std::string id;
  std::string name;
  int parent = -1;  // index into World::groups, -1 = top level
  bool active = true;
  bool apply = true;
  std::map<std::string, int> privs;  // app -> 0..3 (none..admin)
  std::string login_user;            // "" = none
  std::string login_admin;
};

struct World {
  std::vector<MGroup> groups;
  std::vector<std::pair<int, int>> nested;  // {member group, containing group}
  std::vector<int> direct;                  // the user's direct groups
  std::map<std::string, int> individual;    // app -> 0..3
  bool admin = false;
  bool active = true;
  bool lost = false;
};

const std::vector<std::pair<std::string, std::string>> kApps = {
    {"a1", "apple"}, {"a2", "Banana"}, {"a3", "cherry"}, {"a4", "Date"}};
const std::vector<std::string> kNames = {"alpha", "Alpha", "beta", "BETA", "Gamma", "delta", "Team", "team", "Ops"};

struct Rng {
  std::mt19937 gen;
  explicit Rng(unsigned seed) : gen(seed) {}
  int below(int n) { return static_cast<int>(gen() % static_cast<unsigned>(n)); }
  bool chance(int percent) { return below(100) < percent; }
};

World random_world(Rng& r) {
  World w;
  int n = r.below(9);  // 0..8 groups
  // ids in an order unrelated to creation order, so that id tie-breaks are exercised
  std::vector<int> perm(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) perm[static_cast<size_t>(i)] = i;
  for (int i = n - 1; i > 0; --i) std::swap(perm[static_cast<size_t>(i)], perm[static_cast<size_t>(r.below(i + 1))]);
  for (int i = 0; i < n; ++i) {
    MGroup g;
    g.id = "g" + std::to_string(perm[static_cast<size_t>(i)]);
    g.name = kNames[static_cast<size_t>(r.below(static_cast<int>(kNames.size())))];
    g.parent = i > 0 && r.chance(60) ? r.below(i) : -1;  // parents are created first: no tree cycles
    g.active = r.chance(80);
    g.apply = r.chance(75);
    for (const auto& [app, name] : kApps)
      if (r.chance(50)) g.privs[app] = r.below(4);
    if (r.chance(35)) g.login_user = g.id + "-usr";
    if (r.chance(35)) g.login_admin = g.id + "-adm";
    w.groups.push_back(g);
  }
  if (n >= 2) {
    int edges = r.below(n * 2);
    for (int e = 0; e < edges; ++e) {
      int a = r.below(n), b = r.below(n);
      if (a != b) w.nested.push_back({a, b});
    }
  }
  for (int i = 0; i < n; ++i)
    if (r.chance(30)) w.direct.push_back(i);
  for (const auto& [app, name] : kApps)
    if (r.chance(40)) w.individual[app] = r.below(4);
  w.admin = r.chance(15);
  w.active = r.chance(88);
  w.lost = r.chance(30);
  return w;
}

// ---- the model, written from the rules

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Model {
  const World& w;

  // member = directly in, or in a group that is (transitively) a member of G. Cycles end
  // because a group is only added once.
  std::set<int> members() const {
    std::set<int> m(w.direct.begin(), w.direct.end());
    std::vector<int> todo(m.begin(), m.end());
    while (!todo.empty()) {
      int x = todo.back();
      todo.pop_back();
      for (const auto& [member, group] : w.nested)
        if (member == x && m.insert(group).second) todo.push_back(group);
    }
    return m;
  }
  // G itself followed by its ancestors, nearest first.
  std::vector<int> chain(int g) const {
    std::vector<int> out;
    for (int x = g; x != -1; x = w.groups[static_cast<size_t>(x)].parent) out.push_back(x);
    return out;
  }
  const MGroup& at(int g) const { return w.groups[static_cast<size_t>(g)]; }
  bool live(int g) const {
    for (int x : chain(g))
      if (!at(x).active) return false;
    return true;
  }
  bool applying(int g) const { return live(g) && at(g).apply; }
  int listed(int g, const std::string& app) const {
    auto it = at(g).privs.find(app);
    return it == at(g).privs.end() ? 0 : it->second;
  }
  int level(int g, const std::string& app) const {
    int best = 3;
    for (int x : chain(g))
      if (at(x).apply) best = std::min(best, listed(x, app));
    return best;
  }
  bool before(int a, int b) const {  // displayName ignoring case, then id
    std::string x = lower(at(a).name), y = lower(at(b).name);
    return x != y ? x < y : at(a).id < at(b).id;
  }
  std::string identity(int g, bool admin_identity) const {
    for (int x : chain(g)) {
      const std::string& v = admin_identity ? at(x).login_admin : at(x).login_user;
      if (!v.empty()) return v;
    }
    return "";
  }
  int placed() const {  // -1 = none
    int best = -1;
    for (int g : w.direct) {
      if (best == -1) {
        best = g;
        continue;
      }
      size_t d = chain(g).size(), bd = chain(best).size();
      if (d > bd || (d == bd && before(g, best))) best = g;
    }
    return best;
  }

  struct Result {
    int access = 0;
    std::vector<std::string> grants;  // sorted: "admin", "individual", "group:<id>"
    std::string login;
  };
  Result effective(const std::string& app) const {
    Result r;
    if (!w.active) return r;
    if (w.admin) {
      r.access = 3;
      r.grants = {"admin"};
      if (int p = placed(); p != -1) r.login = identity(p, true);
      return r;
    }
    std::vector<int> apply;
    for (int g : members())
      if (applying(g)) apply.push_back(g);
    if (!apply.empty()) {
      for (int g : apply) r.access = std::max(r.access, level(g, app));
      if (r.access == 0) return r;
      int first = -1;
      for (int g : apply)
        if (level(g, app) == r.access) {
          r.grants.push_back("group:" + at(g).id);
          if (first == -1 || before(g, first)) first = g;
        }
      r.login = identity(first, r.access == 3);
    } else if (auto it = w.individual.find(app); it != w.individual.end() && it->second > 0) {
      r.access = it->second;
      r.grants = {"individual"};
    }
    std::sort(r.grants.begin(), r.grants.end());
    return r;
  }
};

// ---- what the store would hand the rules

AccessInput to_input(const World& w, Rng& r) {
  Model m{w};
  std::set<int> members = m.members();
  std::set<int> graph;
  for (int g : members)
    for (int x : m.chain(g)) graph.insert(x);
  AccessInput in;
  in.is_user_active = w.active;
  in.is_admin = w.admin;
  in.lost_last_group = w.lost;
  for (int g : w.direct) in.direct_groups.push_back(w.groups[static_cast<size_t>(g)].id);
  for (int g : members) in.member_groups.push_back(w.groups[static_cast<size_t>(g)].id);
  // the store gives no order: shuffle
  std::shuffle(in.direct_groups.begin(), in.direct_groups.end(), r.gen);
  std::shuffle(in.member_groups.begin(), in.member_groups.end(), r.gen);
  for (int g : graph) {
    const MGroup& x = w.groups[static_cast<size_t>(g)];
    GroupNode n;
    n.id = x.id;
    n.display_name = x.name;
    if (x.parent != -1) n.parent = w.groups[static_cast<size_t>(x.parent)].id;
    n.is_active = x.active;
    n.applies_privileges = x.apply;
    if (!x.login_user.empty()) n.login_as_user = x.login_user;
    if (!x.login_admin.empty()) n.login_as_admin = x.login_admin;
    for (const auto& [app, level] : x.privs) n.privileges[app] = static_cast<Access>(level);
    in.groups.emplace(n.id, n);
  }
  for (const auto& [app, level] : w.individual) in.individual[app] = static_cast<Access>(level);
  for (const auto& [id, name] : kApps) in.applications[id] = name;
  return in;
}

std::string dump(const World& w) {
  std::ostringstream o;
  o << "user admin=" << w.admin << " active=" << w.active << " lost=" << w.lost << " direct=[";
  for (int g : w.direct) o << w.groups[static_cast<size_t>(g)].id << " ";
  o << "] individual={";
  for (const auto& [a, l] : w.individual) o << a << ":" << l << " ";
  o << "}\n";
  for (const auto& g : w.groups) {
    o << "  " << g.id << " '" << g.name << "' parent="
      << (g.parent == -1 ? std::string("-") : w.groups[static_cast<size_t>(g.parent)].id) << " active=" << g.active
      << " apply=" << g.apply << " privs={";
    for (const auto& [a, l] : g.privs) o << a << ":" << l << " ";
    o << "} user=" << g.login_user << " admin=" << g.login_admin << "\n";
  }
  o << "  nested:";
  for (const auto& [a, b] : w.nested) o << " " << w.groups[static_cast<size_t>(a)].id << "->" << w.groups[static_cast<size_t>(b)].id;
  return o.str();
}

std::vector<std::string> grants_of(const ApplicationAccess& a) {
  std::vector<std::string> out;
  for (const auto& g : a.granted_by) {
    switch (g.kind) {
      case Grant::Kind::admin: out.push_back("admin"); break;
      case Grant::Kind::individual: out.push_back("individual"); break;
      case Grant::Kind::group: out.push_back("group:" + g.group_id); break;
      case Grant::Kind::rule: out.push_back("rule:" + g.rule_id); break;  // the model has no rules
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(AccessModel, ModelAgreesWithTheReadmeExample) {
  // The oracle itself, on the worked example: Sales (CRM edit, Wiki view) > Sales EU (CRM admin,
  // ERP view), Ana in Sales EU -> CRM edit with loginAs sales-staff, Wiki none, ERP none.
  World w;
  w.groups = {{"sales", "Sales", -1, true, true, {{"a1", 2}, {"a2", 1}}, "sales-staff", "sales-admin"},
              {"eu", "Sales EU", 0, true, true, {{"a1", 3}, {"a3", 1}}, "", ""}};
  w.direct = {1};
  Model m{w};
  EXPECT_EQ(m.effective("a1").access, 2);
  EXPECT_EQ(m.effective("a1").login, "sales-staff");
  EXPECT_EQ(m.effective("a2").access, 0);
  EXPECT_EQ(m.effective("a3").access, 0);
  w.groups[0].apply = false;
  EXPECT_EQ(m.effective("a1").access, 3);
  EXPECT_EQ(m.effective("a1").login, "sales-admin");
  EXPECT_EQ(m.effective("a3").access, 1);
}

class AccessModelSeeds : public ::testing::TestWithParam<unsigned> {};

TEST_P(AccessModelSeeds, EffectiveAccessMatchesTheModel) {
  Rng r(GetParam());
  int compared = 0, granted = 0, by_groups = 0, ties = 0;
  for (int i = 0; i < 1000; ++i) {
    World w = random_world(r);
    AccessInput in = to_input(w, r);
    Model m{w};
    SCOPED_TRACE("seed " + std::to_string(GetParam()) + " case " + std::to_string(i) + "\n" + dump(w));
    std::vector<std::string> expected_list;
    for (const auto& [app, name] : kApps) {
      Model::Result want = m.effective(app);
      ApplicationAccess got = effective_access(in, app);
      ++compared;
      if (want.access > 0) ++granted;
      if (want.grants.size() > 1) ++ties;
      if (!want.grants.empty() && want.grants[0].rfind("group:", 0) == 0) ++by_groups;
      ASSERT_EQ(static_cast<int>(got.access), want.access) << "app " << app;
      ASSERT_EQ(grants_of(got), want.grants) << "app " << app;
      for (const auto& g : got.granted_by) ASSERT_EQ(static_cast<int>(g.access), want.access) << "app " << app;
      ASSERT_EQ(got.login_as.value_or(""), want.login) << "app " << app;
      ASSERT_EQ(got.login_as.has_value(), !want.login.empty()) << "app " << app;
      if (want.access > 0) expected_list.push_back(app);
    }
    // all_access: the granted applications, by name ignoring case
    std::sort(expected_list.begin(), expected_list.end(), [](const std::string& a, const std::string& b) {
      auto name = [](const std::string& id) {
        for (const auto& [app_id, n] : kApps)
          if (app_id == id) return lower(n);
        return std::string();
      };
      return name(a) != name(b) ? name(a) < name(b) : a < b;
    });
    std::vector<std::string> got_list;
    for (const auto& a : all_access(in)) got_list.push_back(a.application_id);
    ASSERT_EQ(got_list, expected_list);
    // placement
    int p = m.placed();
    Placement got_p = placement(in);
    if (p == -1) {
      ASSERT_FALSE(got_p.group_id.has_value());
      ASSERT_EQ(got_p.status, w.lost ? "No group assigned" : "No Group");
    } else {
      ASSERT_EQ(got_p.group_id.value_or("(null)"), w.groups[static_cast<size_t>(p)].id);
      ASSERT_EQ(got_p.group_display_name, w.groups[static_cast<size_t>(p)].name);
      ASSERT_EQ(got_p.status, "member");
    }
  }
  // the generator must reach the interesting branches
  EXPECT_GT(granted, compared / 10);
  EXPECT_GT(by_groups, compared / 20);
  EXPECT_GT(ties, 10);
}

INSTANTIATE_TEST_SUITE_P(FixedSeeds, AccessModelSeeds, ::testing::Values(1u, 2u, 3u, 42u, 20240611u));

}  // namespace
}  // namespace scimd::access
