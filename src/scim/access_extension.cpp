#include "scim/access_extension.hpp"

#include <set>

#include "access/access_level.hpp"
#include "scim/error.hpp"
#include "store/access_store.hpp"
#include "store/tenant_store.hpp"
#include "util/clock.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;

namespace {

Value* extension(Value& doc, const char* urn) {
  auto it = doc.FindMember(urn);
  return it != doc.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

const Value* extension(const Value& doc, const char* urn) {
  auto it = doc.FindMember(urn);
  return it != doc.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

Value& ensure_extension(rapidjson::Document& doc, const char* urn) {
  if (Value* v = extension(doc, urn)) return *v;
  doc.AddMember(Value(urn, doc.GetAllocator()), Value(rapidjson::kObjectType), doc.GetAllocator());
  return doc[urn];
}

bool groups_active_by_default(soci::session& s, long long tenant) {
  rapidjson::Document settings;
  std::string text = store::tenant_settings(s, tenant);
  settings.Parse(text.c_str());
  if (!settings.IsObject()) return false;
  auto it = settings.FindMember("groupsActiveByDefault");
  return it != settings.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

// Reads privileges [{application, access}] into application id -> rank, enforcing the rules.
// Entries already stored (in `before`) are not checked again: an application deleted since then
// must not block an identity provider's unrelated update of the resource.
std::map<std::string, int> read_privileges(soci::session& s, long long tenant, const Value* ext, const std::string& where,
                                           const std::set<std::string>& already_stored = {}) {
  std::map<std::string, int> out;
  if (!ext) return out;
  auto it = ext->FindMember("privileges");
  if (it == ext->MemberEnd() || !it->value.IsArray()) return out;
  std::vector<std::string> ids;
  for (const auto& p : it->value.GetArray()) {
    const Value* app = util::find_member_icase(p, "application");
    const Value* level = util::find_member_icase(p, "access");
    if (!app || !app->IsString() || !level || !level->IsString())
      throw ScimError::invalid_value(where + ".privileges: each entry needs 'application' and 'access'");
    auto parsed = access::parse_access(util::view(*level));
    if (!parsed)
      throw ScimError::invalid_value(where + ".privileges: access must be none, view, edit or admin, not '" +
                                     std::string(util::view(*level)) + "'");
    std::string id(util::view(*app));
    if (!out.emplace(id, static_cast<int>(*parsed)).second)
      throw ScimError::invalid_value(where + ".privileges: application '" + id + "' is listed twice");
    if (!already_stored.count(id)) ids.push_back(id);
  }
  auto existing = store::application_names(s, tenant, ids);
  for (const auto& id : ids)
    if (!existing.count(id)) throw ScimError::invalid_value(where + ".privileges: no Application has the id '" + id + "'");
  return out;
}

// Rewrites a stored group's access extension with `edit` and bumps its version.
template <class Edit>
void rewrite_group(soci::session& s, long long tenant, const ResourceKind& kind, const std::string& id, Edit edit) {
  auto rec = kind.table.find_for_update(s, tenant, id);
  if (!rec) return;
  rapidjson::Document doc;
  doc.Parse(rec->doc.c_str());
  edit(ensure_extension(doc, access_group_urn), doc.GetAllocator());
  store::ResourceRecord next = *rec;
  next.version = rec->version + 1;
  next.last_modified = util::now_iso8601();
  next.doc = util::to_json(doc);
  kind.table.update(s, tenant, next, rec->version, kind.indexed_values(doc), std::nullopt);
  sync_access_rows(s, tenant, kind, id, doc);
}

}  // namespace

void prepare_access_extension(soci::session& s, long long tenant, const ResourceKind& kind, rapidjson::Document& doc,
                              const Value* before, WriteKind write) {
  if (kind.flavor != Flavor::user && kind.flavor != Flavor::group) return;
  const char* urn = kind.flavor == Flavor::group ? access_group_urn : access_user_urn;
  if (write == WriteKind::replace && before && !extension(doc, urn)) {
    if (const Value* kept = extension(*before, urn))
      doc.AddMember(Value(urn, doc.GetAllocator()), Value(*kept, doc.GetAllocator()), doc.GetAllocator());
  }
  auto& a = doc.GetAllocator();
  if (kind.flavor == Flavor::group) {
    Value& ext = ensure_extension(doc, urn);
    if (!ext.HasMember("active")) {
      // A group created without `active` starts inactive unless the tenant says otherwise.
      bool fallback = false;
      if (before)
        if (const Value* old = extension(*before, urn); old && old->HasMember("active") && (*old)["active"].IsBool())
          fallback = (*old)["active"].GetBool();
      if (write == WriteKind::create) fallback = groups_active_by_default(s, tenant);
      ext.AddMember("active", fallback, a);
    }
    if (!ext.HasMember("applyPrivileges")) ext.AddMember("applyPrivileges", true, a);
  } else {
    Value& ext = ensure_extension(doc, urn);
    if (!ext.HasMember("level")) ext.AddMember("level", "User", a);
  }
}

void validate_access_extension(soci::session& s, long long tenant, const ResourceKind& kind, const std::string& id,
                               const Value& doc, const Value* before) {
  if (kind.flavor != Flavor::user && kind.flavor != Flavor::group) return;
  const char* urn = kind.flavor == Flavor::group ? access_group_urn : access_user_urn;
  const Value* ext = extension(doc, urn);
  std::set<std::string> stored;
  if (const Value* old = before ? extension(*before, urn) : nullptr)
    if (auto it = old->FindMember("privileges"); it != old->MemberEnd() && it->value.IsArray())
      for (const auto& p : it->value.GetArray())
        if (const Value* app = util::find_member_icase(p, "application"); app && app->IsString())
          stored.emplace(util::view(*app));
  read_privileges(s, tenant, ext, urn, stored);
  if (!ext) return;
  if (kind.flavor == Flavor::user) {
    if (auto it = ext->FindMember("level"); it != ext->MemberEnd()) {
      std::string_view level = util::view(it->value);
      if (!util::iequals(level, "User") && !util::iequals(level, "Admin"))
        throw ScimError::invalid_value(std::string(urn) + ":level must be User or Admin");
    }
    return;
  }
  auto parent = ext->FindMember("parent");
  if (parent == ext->MemberEnd()) return;
  std::string parent_id(util::view(parent->value));
  if (parent_id == id) throw ScimError::invalid_value("a group cannot be its own parent");
  if (!kind.table.find(s, tenant, parent_id))
    throw ScimError::invalid_value("parent: no Group has the id '" + parent_id + "'");
  for (const auto& ancestor : store::ancestor_ids(s, tenant, parent_id))
    if (ancestor == id) throw ScimError::invalid_value("parent '" + parent_id + "' would make a cycle in the group tree");
}

void sync_access_rows(soci::session& s, long long tenant, const ResourceKind& kind, const std::string& id,
                      const Value& doc, const Value* before) {
  if (kind.flavor != Flavor::group) return;
  if (before) {
    const Value* old_ext = extension(*before, access_group_urn);
    const Value* new_ext = extension(doc, access_group_urn);
    if (old_ext && new_ext && *old_ext == *new_ext) return;
  }
  std::map<std::string, int> rows;
  if (const Value* ext = extension(doc, access_group_urn))
    if (auto it = ext->FindMember("privileges"); it != ext->MemberEnd() && it->value.IsArray())
      for (const auto& p : it->value.GetArray())
        rows[std::string(util::view(p["application"]))] =
            static_cast<int>(access::parse_access(util::view(p["access"])).value_or(access::Access::none));
  store::replace_group_privileges(s, tenant, id, rows);
}

void before_group_delete(soci::session& s, long long tenant, const ResourceKinds& kinds, const std::string& id) {
  const ResourceKind& groups = kinds.group();
  std::optional<std::string> grandparent;
  if (auto rec = groups.table.find(s, tenant, id)) {
    rapidjson::Document doc;
    doc.Parse(rec->doc.c_str());
    if (const Value* ext = extension(doc, access_group_urn))
      if (auto p = ext->FindMember("parent"); p != ext->MemberEnd() && p->value.IsString())
        grandparent = std::string(util::view(p->value));
  }
  for (const auto& child : store::child_group_ids(s, tenant, id)) {
    rewrite_group(s, tenant, groups, child, [&](Value& ext, rapidjson::Document::AllocatorType& a) {
      ext.RemoveMember("parent");
      if (grandparent) ext.AddMember("parent", util::string_value(*grandparent, a), a);
    });
  }
  store::mark_users_losing_last_group(s, tenant, id);
  store::delete_group_privileges(s, tenant, id);
}

void before_application_delete(soci::session& s, long long tenant, const ResourceKinds& kinds, const std::string& id) {
  // Users' individual privileges have no index of their own: the database finds the documents
  // that mention the id, and only those are rewritten.
  const ResourceKind& users = kinds.user();
  for (const auto& user : store::users_mentioning(s, tenant, id)) {
    auto rec = users.table.find_for_update(s, tenant, user);
    if (!rec) continue;
    rapidjson::Document doc;
    doc.Parse(rec->doc.c_str());
    Value* ext = extension(doc, access_user_urn);
    if (!ext) continue;
    auto it = ext->FindMember("privileges");
    if (it == ext->MemberEnd() || !it->value.IsArray()) continue;
    bool changed = false;
    for (auto p = it->value.Begin(); p != it->value.End();) {
      const Value* app = util::find_member_icase(*p, "application");
      if (app && app->IsString() && util::view(*app) == id) {
        p = it->value.Erase(p);
        changed = true;
      } else {
        ++p;
      }
    }
    if (!changed) continue;
    if (it->value.Empty()) ext->RemoveMember(it);
    store::ResourceRecord next = *rec;
    next.version = rec->version + 1;
    next.last_modified = util::now_iso8601();
    next.doc = util::to_json(doc);
    users.table.update(s, tenant, next, rec->version, users.indexed_values(doc), std::nullopt);
  }
  for (const auto& group : store::groups_with_privilege_on(s, tenant, id)) {
    rewrite_group(s, tenant, kinds.group(), group, [&](Value& ext, rapidjson::Document::AllocatorType&) {
      auto it = ext.FindMember("privileges");
      if (it == ext.MemberEnd() || !it->value.IsArray()) return;
      for (auto p = it->value.Begin(); p != it->value.End();) {
        const Value* app = util::find_member_icase(*p, "application");
        if (app && app->IsString() && util::view(*app) == id) p = it->value.Erase(p);
        else ++p;
      }
      if (it->value.Empty()) ext.RemoveMember(it);
    });
  }
}

}  // namespace scimd::scim
