#include "access/effective_access.hpp"

#include <algorithm>
#include <set>

#include "util/text.hpp"

namespace scimd::access {

std::vector<std::string> ancestors(const std::map<std::string, GroupNode>& groups, const std::string& id) {
  std::vector<std::string> out;
  std::set<std::string> seen{id};
  auto it = groups.find(id);
  while (it != groups.end() && it->second.parent && seen.insert(*it->second.parent).second) {
    out.push_back(*it->second.parent);
    it = groups.find(*it->second.parent);
  }
  return out;
}

bool is_live(const std::map<std::string, GroupNode>& groups, const std::string& id) {
  auto g = groups.find(id);
  if (g == groups.end() || !g->second.is_active) return false;
  for (const auto& a : ancestors(groups, id)) {
    auto it = groups.find(a);
    if (it == groups.end() || !it->second.is_active) return false;
  }
  return true;
}

namespace {

bool is_applying(const std::map<std::string, GroupNode>& groups, const std::string& id) {
  auto g = groups.find(id);
  return g != groups.end() && g->second.applies_privileges && is_live(groups, id);
}

Access listed(const GroupNode& g, const std::string& app) {
  auto it = g.privileges.find(app);
  return it == g.privileges.end() ? Access::none : it->second;
}

// Orders groups by displayName ignoring case, then id.
bool by_name(const GroupNode& a, const GroupNode& b) {
  std::string x = util::ascii_lower(a.display_name), y = util::ascii_lower(b.display_name);
  return x != y ? x < y : a.id < b.id;
}

// The identity of kind `admin_identity` from G or its nearest ancestor that has one.
std::optional<std::string> login_identity(const std::map<std::string, GroupNode>& groups, const std::string& id,
                                          bool admin_identity) {
  std::vector<std::string> chain{id};
  for (const auto& a : ancestors(groups, id)) chain.push_back(a);
  for (const auto& g : chain) {
    auto it = groups.find(g);
    if (it == groups.end()) continue;
    const auto& identity = admin_identity ? it->second.login_as_admin : it->second.login_as_user;
    if (identity) return identity;
  }
  return std::nullopt;
}

}  // namespace

Access group_level(const std::map<std::string, GroupNode>& groups, const std::string& id, const std::string& app) {
  auto g = groups.find(id);
  if (g == groups.end()) return Access::none;
  Access level = Access::admin;
  bool capped = false;
  std::vector<std::string> chain{id};
  for (const auto& a : ancestors(groups, id)) chain.push_back(a);
  for (const auto& c : chain) {
    auto it = groups.find(c);
    if (it == groups.end() || !it->second.applies_privileges) continue;  // caps nothing
    level = std::min(level, listed(it->second, app));
    capped = true;
  }
  return capped ? level : Access::none;
}

Placement placement(const AccessInput& in) {
  Placement p;
  const GroupNode* best = nullptr;
  size_t best_depth = 0;
  for (const auto& id : in.direct_groups) {
    auto it = in.groups.find(id);
    if (it == in.groups.end()) continue;
    size_t depth = ancestors(in.groups, id).size();
    if (!best || depth > best_depth || (depth == best_depth && by_name(it->second, *best))) {
      best = &it->second;
      best_depth = depth;
    }
  }
  if (best) {
    p.group_id = best->id;
    p.group_display_name = best->display_name;
    p.status = "member";
  } else {
    p.status = in.lost_last_group ? "No group assigned" : "No Group";
  }
  return p;
}

ApplicationAccess effective_access(const AccessInput& in, const std::string& application_id) {
  ApplicationAccess out;
  out.application_id = application_id;
  if (auto n = in.applications.find(application_id); n != in.applications.end()) out.name = n->second;
  // Rule 1: an inactive user has no access, effective on the next request.
  if (!in.is_user_active) return out;
  // Rule 2: admins keep admin on every application.
  if (in.is_admin) {
    out.access = Access::admin;
    out.granted_by.push_back({Grant::Kind::admin, "", "", Access::admin, ""});
    Placement p = placement(in);
    if (p.group_id) out.login_as = login_identity(in.groups, *p.group_id, true);
    return out;
  }
  // Rule 3: the most permissive level over the applying groups U is a member of.
  std::vector<const GroupNode*> applying;
  for (const auto& id : in.member_groups)
    if (is_applying(in.groups, id)) applying.push_back(&in.groups.at(id));
  if (!applying.empty()) {
    std::sort(applying.begin(), applying.end(), [](const GroupNode* a, const GroupNode* b) { return by_name(*a, *b); });
    for (const GroupNode* g : applying) out.access = std::max(out.access, group_level(in.groups, g->id, application_id));
    if (out.access == Access::none) return out;
    for (const GroupNode* g : applying)
      if (group_level(in.groups, g->id, application_id) == out.access) {
        // A privilege a mapping rule listed on the group names the rule (issue 7).
        auto rule = g->privilege_rules.find(application_id);
        if (rule != g->privilege_rules.end())
          out.granted_by.push_back({Grant::Kind::rule, g->id, g->display_name, out.access, rule->second});
        else
          out.granted_by.push_back({Grant::Kind::group, g->id, g->display_name, out.access, ""});
      }
    // loginAs comes from the first granting group (by name), or its nearest ancestor with one.
    out.login_as = login_identity(in.groups, out.granted_by.front().group_id, out.access == Access::admin);
    return out;
  }
  // Rule 4: individual privileges, kept while groups apply and restored when none does.
  if (auto it = in.individual.find(application_id); it != in.individual.end() && it->second != Access::none) {
    out.access = it->second;
    auto rule = in.individual_rules.find(application_id);
    if (rule != in.individual_rules.end())
      out.granted_by.push_back({Grant::Kind::rule, "", "", it->second, rule->second});
    else
      out.granted_by.push_back({Grant::Kind::individual, "", "", it->second, ""});
  }
  return out;
}

std::vector<ApplicationAccess> all_access(const AccessInput& in) {
  std::vector<ApplicationAccess> out;
  if (!in.is_user_active) return out;
  for (const auto& [id, name] : in.applications) {
    ApplicationAccess a = effective_access(in, id);
    if (a.access != Access::none) out.push_back(std::move(a));
  }
  std::sort(out.begin(), out.end(), [](const ApplicationAccess& a, const ApplicationAccess& b) {
    std::string x = util::ascii_lower(a.name), y = util::ascii_lower(b.name);
    return x != y ? x < y : a.application_id < b.application_id;
  });
  return out;
}

}  // namespace scimd::access
