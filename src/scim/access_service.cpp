#include "scim/access_service.hpp"

#include <set>

#include "access/effective_access.hpp"
#include "scim/access_events.hpp"
#include "scim/access_extension.hpp"
#include "scim/access_loader.hpp"
#include "scim/audit.hpp"
#include "scim/error.hpp"
#include "store/access_store.hpp"
#include "util/clock.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

namespace {

Value grants_json(const std::vector<access::Grant>& grants, Alloc& a) {
  Value out(rapidjson::kArrayType);
  for (const auto& g : grants) {
    Value v(rapidjson::kObjectType);
    const char* kind = g.kind == access::Grant::Kind::group   ? "group"
                       : g.kind == access::Grant::Kind::admin ? "admin"
                       : g.kind == access::Grant::Kind::rule  ? "rule"
                                                              : "individual";
    v.AddMember("kind", Value(kind, a), a);
    if (g.kind == access::Grant::Kind::rule) v.AddMember("ruleId", util::string_value(g.rule_id, a), a);
    if (!g.group_id.empty()) {
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

// The audit trail's record of a privilege edit: {"set": [{application, access}], "remove": [ids]}.
std::string privilege_edit_json(const std::map<std::string, std::string>& set, const std::vector<std::string>& removed) {
  rapidjson::Document d;
  d.SetObject();
  auto& a = d.GetAllocator();
  Value set_list(rapidjson::kArrayType), remove_list(rapidjson::kArrayType);
  for (const auto& [app, level] : set) {
    Value p(rapidjson::kObjectType);
    p.AddMember("application", util::string_value(app, a), a);
    p.AddMember("access", util::string_value(level, a), a);
    set_list.PushBack(p, a);
  }
  for (const auto& app : removed) remove_list.PushBack(util::string_value(app, a), a);
  d.AddMember("set", set_list, a);
  d.AddMember("remove", remove_list, a);
  return util::to_json(d);
}

}  // namespace

rapidjson::Document AccessService::user_access(long long tenant, const std::string& user_id) {
  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  db_.read_snapshot([&](soci::session& s) {
    LoadedUser u = load_user_access(s, tenant, user_id);
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

namespace {

// The check's answer for a loaded user and application.
void fill_check(rapidjson::Document& out, const LoadedUser& u, const std::string& application_id) {
  auto& a = out.GetAllocator();
  access::ApplicationAccess result = access::effective_access(u.input, application_id);
  out.AddMember("userId", util::string_value(u.row.id, a), a);
  out.AddMember("applicationId", util::string_value(application_id, a), a);
  out.AddMember("access", util::string_value(access::to_string(result.access), a), a);
  out.AddMember("loginAs", optional_string(result.login_as, a), a);
  out.AddMember("grantedBy", grants_json(result.granted_by, a), a);
}

}  // namespace

rapidjson::Document AccessService::check(long long tenant, const std::string& user, const std::string& application) {
  rapidjson::Document out;
  out.SetObject();
  if (db_.is_postgresql()) {
    // The common case (applications send ids): one statement, one snapshot, no transaction.
    bool answered = false;
    db_.read([&](soci::session& s) {
      auto rows = store::check_rows_in_one_query(s, tenant, user, application);
      if (!rows) return;
      LoadedUser u = load_user_access(s, tenant, user, rows->application, std::move(rows->user), std::move(rows->graph));
      fill_check(out, u, rows->application.first);
      answered = true;
    });
    if (answered) return out;
  }
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
    LoadedUser u = load_user_access(s, tenant, user, app, std::move(prefetched));
    fill_check(out, u, app->first);
  });
  return out;
}

rapidjson::Document AccessService::edit_group_privileges(const ServiceContext& ctx, const Value& body) {
  const long long tenant = ctx.tenant;
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
  const std::string audited_edit = privilege_edit_json(set, removed);
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
    AccessEvents events(s, tenant);
    for (const auto& id : groups) {
      auto rec = kind.table.find_for_update(s, tenant, id);
      if (!rec) throw ScimError::invalid_value("no Group has the id '" + id + "'");
      events.watch_group(id);
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
      // Rules' rows give way to what is now set by hand, and come back where it was removed.
      rapidjson::Document ruled;
      ruled.CopyFrom(doc, ruled.GetAllocator());
      rules_.carry_out(s, tenant, kind, id, ruled, rules_.plan(s, tenant, kind, id, ruled, false));
      record_write(s, ctx, {"POST", kind.type->name, id, rec->version, next.version, audited_edit});
      Value g(rapidjson::kObjectType);
      g.AddMember("id", util::string_value(id, a), a);
      g.AddMember("version", util::string_value("W/\"" + std::to_string(next.version) + "\"", a), a);
      updated.PushBack(g, a);
    }
    events.publish();
  });
  out.AddMember("groups", updated, a);
  return out;
}

rapidjson::Document AccessService::rule_preview(long long tenant, const std::optional<std::string>& rule_id,
                                                const rapidjson::Value* body) {
  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  db_.read_snapshot([&](soci::session& s) {
    rapidjson::Document stored;
    const Value* rule = body;
    if (!rule) {
      auto rec = kinds_.rule().table.find(s, tenant, *rule_id);
      if (!rec) throw ScimError::not_found("MappingRule '" + *rule_id + "' not found");
      stored.Parse(rec->doc.c_str());
      rule = &stored;
    } else {
      rules_.validate(s, tenant, *rule);
    }
    RulePreview p = rules_.preview(s, tenant, rule_id, *rule);
    out.AddMember("matching", static_cast<int64_t>(p.matching), a);
    out.AddMember("touched", static_cast<int64_t>(p.touched), a);
    Value sample(rapidjson::kArrayType);
    for (const auto& id : p.sample) sample.PushBack(util::string_value(id, a), a);
    out.AddMember("sample", sample, a);
  });
  return out;
}

}  // namespace scimd::scim
