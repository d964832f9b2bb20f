#include "scim/access_service.hpp"

#include <set>

#include "access/effective_access.hpp"
#include "scim/access_extension.hpp"
#include "scim/error.hpp"
#include "store/access_store.hpp"
#include "util/clock.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

namespace {

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

struct LoadedUser {
  store::AccessUserRow row;
  rapidjson::Document doc;
  access::AccessInput input;
};

// Loads everything the rules need about one user. With `only_application` (the check
// endpoint) the names of other applications are not looked up.
LoadedUser load(soci::session& s, long long tenant, const std::string& id_or_name,
                const std::optional<std::pair<std::string, std::string>>& only_application = std::nullopt,
                std::optional<store::AccessUserRow> row = std::nullopt) {
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

  std::vector<std::string> graph_ids;
  std::map<std::string, std::map<std::string, int>> loaded_privileges;
  for (const auto& g : store::access_graph(s, tenant, row->id)) {
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
    }
    if (g.is_member) in.member_groups.push_back(g.id);
    if (g.is_direct) in.direct_groups.push_back(g.id);
    graph_ids.push_back(g.id);
    if (g.privileges) loaded_privileges[g.id] = *g.privileges;
    in.groups.emplace(g.id, std::move(node));
  }
  std::set<std::string> app_ids;
  // PostgreSQL's graph query brings the privileges along; otherwise they are read per group.
  std::map<std::string, std::map<std::string, int>> privileges_by_group;
  if (!graph_ids.empty() && loaded_privileges.size() == graph_ids.size()) privileges_by_group = std::move(loaded_privileges);
  else privileges_by_group = store::group_privileges_of(s, tenant, graph_ids);
  for (const auto& [group, privileges] : privileges_by_group)
    for (const auto& [app, rank] : privileges) {
      in.groups[group].privileges[app] = static_cast<access::Access>(rank);
      app_ids.insert(app);
    }
  for (const auto& [app, level] : in.individual) app_ids.insert(app);
  if (only_application) in.applications[only_application->first] = only_application->second;
  else if (in.is_admin) in.applications = store::application_names(s, tenant, std::nullopt);
  else in.applications = store::application_names(s, tenant, std::vector<std::string>(app_ids.begin(), app_ids.end()));
  return u;
}

Value grants_json(const std::vector<access::Grant>& grants, Alloc& a) {
  Value out(rapidjson::kArrayType);
  for (const auto& g : grants) {
    Value v(rapidjson::kObjectType);
    const char* kind = g.kind == access::Grant::Kind::group ? "group" : g.kind == access::Grant::Kind::admin ? "admin" : "individual";
    v.AddMember("kind", Value(kind, a), a);
    if (g.kind == access::Grant::Kind::group) {
      v.AddMember("groupId", util::string_value(g.group_id, a), a);
      v.AddMember("displayName", util::string_value(g.display_name, a), a);
    }
    v.AddMember("access", util::string_value(access::to_string(g.access), a), a);
    out.PushBack(v, a);
  }
  return out;
}

Value optional_string(const std::optional<std::string>& s, Alloc& a) {
  return s ? util::string_value(*s, a) : Value();
}

}  // namespace

rapidjson::Document AccessService::user_access(long long tenant, const std::string& user_id) {
  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  db_.read_snapshot([&](soci::session& s) {
    LoadedUser u = load(s, tenant, user_id);
    const Value* ext = object_member(u.doc, access_user_urn);
    out.AddMember("userId", util::string_value(u.row.id, a), a);
    out.AddMember("userName", util::string_value(u.row.user_name, a), a);
    out.AddMember("active", u.input.is_user_active, a);
    out.AddMember("level", Value(u.input.is_admin ? "Admin" : "User", a), a);
    access::Placement p = access::placement(u.input);
    if (p.group_id) {
      Value g(rapidjson::kObjectType);
      g.AddMember("id", util::string_value(*p.group_id, a), a);
      g.AddMember("displayName", util::string_value(p.group_display_name, a), a);
      out.AddMember("group", g, a);
    } else {
      out.AddMember("group", Value(), a);
    }
    out.AddMember("groupStatus", util::string_value(p.status, a), a);
    out.AddMember("reportLink", optional_string(string_member(ext, "reportLink"), a), a);
    Value apps(rapidjson::kArrayType);
    for (const auto& app : access::all_access(u.input)) {
      Value v(rapidjson::kObjectType);
      v.AddMember("applicationId", util::string_value(app.application_id, a), a);
      v.AddMember("name", util::string_value(app.name, a), a);
      v.AddMember("access", util::string_value(access::to_string(app.access), a), a);
      v.AddMember("loginAs", optional_string(app.login_as, a), a);
      v.AddMember("grantedBy", grants_json(app.granted_by, a), a);
      apps.PushBack(v, a);
    }
    out.AddMember("applications", apps, a);
  });
  return out;
}

rapidjson::Document AccessService::check(long long tenant, const std::string& user, const std::string& application) {
  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  db_.read_snapshot([&](soci::session& s) {
    std::optional<std::pair<std::string, std::string>> app;
    std::optional<store::AccessUserRow> prefetched;
    if (auto both = store::find_user_and_application_by_ids(s, tenant, user, application)) {
      prefetched = std::move(both->first);
      app = std::move(both->second);
    } else {
      app = store::find_application(s, tenant, application);  // by name, or unknown
    }
    if (!app) throw ScimError::not_found("Application '" + application + "' not found");
    LoadedUser u = load(s, tenant, user, app, std::move(prefetched));
    access::ApplicationAccess result = access::effective_access(u.input, app->first);
    out.AddMember("userId", util::string_value(u.row.id, a), a);
    out.AddMember("applicationId", util::string_value(app->first, a), a);
    out.AddMember("access", util::string_value(access::to_string(result.access), a), a);
    out.AddMember("loginAs", optional_string(result.login_as, a), a);
    out.AddMember("grantedBy", grants_json(result.granted_by, a), a);
  });
  return out;
}

rapidjson::Document AccessService::edit_group_privileges(long long tenant, const Value& body) {
  if (!body.IsObject()) throw ScimError::invalid_syntax("the body must be a JSON object");
  auto strings = [&](const char* name) {
    std::vector<std::string> out;
    auto it = body.FindMember(name);
    if (it == body.MemberEnd()) return out;
    if (!it->value.IsArray()) throw ScimError::invalid_value(std::string("'") + name + "' must be an array of ids");
    for (const auto& v : it->value.GetArray()) {
      if (!v.IsString()) throw ScimError::invalid_value(std::string("'") + name + "' must be an array of ids");
      out.emplace_back(util::view(v));
    }
    return out;
  };
  std::vector<std::string> groups = strings("groups");
  std::vector<std::string> removed = strings("remove");
  if (groups.empty()) throw ScimError::invalid_value("'groups' must list at least one group id");
  std::map<std::string, std::string> set;  // application -> access
  if (auto it = body.FindMember("set"); it != body.MemberEnd()) {
    if (!it->value.IsArray()) throw ScimError::invalid_value("'set' must be an array of {application, access}");
    for (const auto& p : it->value.GetArray()) {
      auto app = string_member(&p, "application");
      auto level = string_member(&p, "access");
      if (!app || !level || !access::parse_access(*level))
        throw ScimError::invalid_value("'set' entries need an application id and an access of none, view, edit or admin");
      set[*app] = std::string(access::to_string(*access::parse_access(*level)));
    }
  }
  const ResourceKind& kind = kinds_.group();
  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  Value updated(rapidjson::kArrayType);
  db_.write([&](soci::session& s) {
    std::vector<std::string> apps;
    for (const auto& [app, level] : set) apps.push_back(app);
    apps.insert(apps.end(), removed.begin(), removed.end());
    auto known = store::application_names(s, tenant, apps);
    for (const auto& app : apps)
      if (!known.count(app)) throw ScimError::invalid_value("no Application has the id '" + app + "'");
    for (const auto& id : groups) {
      auto rec = kind.table.find_for_update(s, tenant, id);
      if (!rec) throw ScimError::invalid_value("no Group has the id '" + id + "'");
      rapidjson::Document doc;
      doc.Parse(rec->doc.c_str());
      auto& da = doc.GetAllocator();
      if (!doc.HasMember(access_group_urn)) doc.AddMember(Value(access_group_urn, da), Value(rapidjson::kObjectType), da);
      Value& ext = doc[access_group_urn];
      if (!ext.HasMember("privileges")) ext.AddMember("privileges", Value(rapidjson::kArrayType), da);
      Value& list = ext["privileges"];
      std::map<std::string, std::string> merged;
      for (const auto& p : list.GetArray())
        if (auto app = string_member(&p, "application"); app) merged[*app] = string_member(&p, "access").value_or("none");
      for (const auto& [app, level] : set) merged[app] = level;
      for (const auto& app : removed) merged.erase(app);
      list.SetArray();
      for (const auto& [app, level] : merged) {
        Value v(rapidjson::kObjectType);
        v.AddMember("application", util::string_value(app, da), da);
        v.AddMember("access", util::string_value(level, da), da);
        list.PushBack(v, da);
      }
      if (list.Empty()) ext.RemoveMember("privileges");
      store::ResourceRecord next = *rec;
      next.version = rec->version + 1;
      next.last_modified = util::now_iso8601();
      next.doc = util::to_json(doc);
      kind.table.update(s, tenant, next, rec->version, kind.indexed_values(doc), std::nullopt);
      sync_access_rows(s, tenant, kind, id, doc);
      Value g(rapidjson::kObjectType);
      g.AddMember("id", util::string_value(id, a), a);
      g.AddMember("version", util::string_value("W/\"" + std::to_string(next.version) + "\"", a), a);
      updated.PushBack(g, a);
    }
  });
  out.AddMember("groups", updated, a);
  return out;
}

}  // namespace scimd::scim
