#include "scim/access_loader.hpp"

#include <set>

#include "scim/error.hpp"
#include "scim/resource_kind.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;

const Value* object_member(const Value& v, const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

std::optional<std::string> string_member(const Value* v, const char* name) {
  if (!v || !v->IsObject()) return std::nullopt;
  auto it = v->FindMember(name);
  if (it == v->MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(util::view(it->value));
}

namespace {

void read_privileges(const Value* ext, std::map<std::string, access::Access>& out) {
  if (!ext) return;
  auto it = ext->FindMember("privileges");
  if (it == ext->MemberEnd() || !it->value.IsArray()) return;
  for (const auto& p : it->value.GetArray()) {
    auto app = string_member(&p, "application");
    auto level = string_member(&p, "access");
    if (app && level)
      if (auto parsed = access::parse_access(*level)) out[*app] = *parsed;
  }
}

// Loads everything the rules need about one user. With `only_application` (the check
// endpoint) the names of other applications are not looked up.
}  // namespace

LoadedUser load_user_access(soci::session& s, long long tenant, const std::string& id_or_name,
                            const std::optional<std::pair<std::string, std::string>>& only_application,
                            std::optional<store::AccessUserRow> row,
                            std::optional<std::vector<store::AccessGroupRow>> graph) {
  if (!row) row = store::find_access_user(s, tenant, id_or_name);
  if (!row) throw ScimError::not_found("User '" + id_or_name + "' not found");
  LoadedUser u;
  u.row = *row;
  u.doc.Parse(row->doc.c_str());
  auto& in = u.input;
  auto active = u.doc.FindMember("active");
  in.is_user_active = active == u.doc.MemberEnd() || !active->value.IsBool() || active->value.GetBool();
  const Value* ext = object_member(u.doc, access_user_urn);
  in.is_admin = util::iequals(string_member(ext, "level").value_or("User"), "Admin");
  in.lost_last_group = row->lost_last_group;
  read_privileges(ext, in.individual);
  // What mapping rules grant the user fills in the applications not set by hand (issue 7).
  if (!row->rule_privileges.empty()) {
    rapidjson::Document granted;
    granted.Parse(row->rule_privileges.c_str());
    if (granted.IsObject())
      for (const auto& m : granted.GetObject()) {
        std::string app(util::view(m.name));
        auto level = string_member(&m.value, "access");
        auto rule = string_member(&m.value, "rule");
        auto parsed = level ? access::parse_access(*level) : std::nullopt;
        if (!parsed || !rule || in.individual.count(app)) continue;
        in.individual[app] = *parsed;
        in.individual_rules[app] = *rule;
      }
  }

  std::vector<std::string> graph_ids;
  std::map<std::string, std::map<std::string, store::GroupPrivilege>> loaded_privileges;
  if (!graph) graph = store::access_graph(s, tenant, row->id);
  for (const auto& g : *graph) {
    access::GroupNode node;
    node.id = g.id;
    node.display_name = g.display_name;
    if (!g.parent_id.empty()) node.parent = g.parent_id;
    node.is_active = g.is_active;
    node.applies_privileges = g.applies_privileges;
    rapidjson::Document gd;
    gd.Parse(g.doc.c_str());
    if (const Value* gext = object_member(gd, access_group_urn)) {
      const Value* login_as = object_member(*gext, "loginAs");
      node.login_as_user = string_member(login_as, "user");
      node.login_as_admin = string_member(login_as, "admin");
      node.notifies = string_member(object_member(*gext, "notifications"), "mode").value_or("none") == "webhook";
      u.notifies = u.notifies || node.notifies;
    }
    if (g.is_member) in.member_groups.push_back(g.id);
    if (g.is_direct) in.direct_groups.push_back(g.id);
    graph_ids.push_back(g.id);
    if (g.privileges) loaded_privileges[g.id] = *g.privileges;
    in.groups.emplace(g.id, std::move(node));
  }
  std::set<std::string> app_ids;
  // PostgreSQL's graph query brings the privileges along; otherwise they are read per group.
  std::map<std::string, std::map<std::string, store::GroupPrivilege>> privileges_by_group;
  if (!graph_ids.empty() && loaded_privileges.size() == graph_ids.size()) privileges_by_group = std::move(loaded_privileges);
  else privileges_by_group = store::group_privileges_of(s, tenant, graph_ids);
  for (const auto& [group, privileges] : privileges_by_group)
    for (const auto& [app, privilege] : privileges) {
      in.groups[group].privileges[app] = static_cast<access::Access>(privilege.access);
      if (!privilege.rule_id.empty()) in.groups[group].privilege_rules[app] = privilege.rule_id;
      app_ids.insert(app);
    }
  for (const auto& [app, level] : in.individual) app_ids.insert(app);
  if (only_application) in.applications[only_application->first] = only_application->second;
  else if (in.is_admin) in.applications = store::application_names(s, tenant, std::nullopt);
  else in.applications = store::application_names(s, tenant, std::vector<std::string>(app_ids.begin(), app_ids.end()));
  return u;
}


}  // namespace scimd::scim
