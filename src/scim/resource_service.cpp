#include "scim/resource_service.hpp"

#include <set>

#include "auth/password.hpp"
#include "scim/access_events.hpp"
#include "scim/access_extension.hpp"
#include "scim/audit.hpp"
#include "scim/codec.hpp"
#include "store/access_store.hpp"
#include "store/db_error.hpp"
#include "scim/cursor.hpp"
#include "scim/list_response.hpp"
#include "scim/error.hpp"
#include "scim/patch.hpp"
#include "scim/patch_quirks.hpp"
#include "scim/resource_render.hpp"
#include "store/membership_store.hpp"
#include "store/rule_store.hpp"
#include "util/clock.hpp"
#include "util/json.hpp"
#include "util/random.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;

namespace {


// Users start active (DESIGN.md §3): a create or replace that leaves `active` unassigned gets true.
void apply_defaults(const ResourceKind& kind, rapidjson::Document& doc) {
  if (kind.flavor == Flavor::user && !doc.HasMember("active")) doc.AddMember("active", true, doc.GetAllocator());
}

// Takes Group.members out of the document: membership lives in its own table. Returns the
// requested members in order, without duplicates.
std::vector<RequestedMember> take_members(const ResourceKind& kind, rapidjson::Document& doc) {
  std::vector<RequestedMember> out;
  if (kind.flavor != Flavor::group) return out;
  auto it = doc.FindMember("members");
  if (it == doc.MemberEnd()) return out;
  std::set<std::string> seen;
  for (const auto& m : it->value.GetArray()) {
    auto v = m.FindMember("value");
    if (v == m.MemberEnd() || !v->value.IsString() || v->value.GetStringLength() == 0)
      throw ScimError::invalid_value("every member needs a 'value' (the member's id)");
    std::string id(util::view(v->value));
    if (seen.insert(id).second) out.push_back({std::move(id), member_display(m)});
  }
  doc.RemoveMember(it);
  return out;
}

std::vector<RequestedMember> requested(const MemberChange& change) {
  std::vector<RequestedMember> out;
  for (size_t i = 0; i < change.ids.size(); ++i)
    out.push_back({change.ids[i], i < change.displays.size() ? change.displays[i] : ""});
  return out;
}

enum class UnknownMembers { reject, skip };

// Checks that every requested member exists in the tenant (or skips those that do not) and is
// not the group itself.
std::vector<store::MemberRef> resolve_members(soci::session& s, long long tenant, const std::string& group_id,
                                              const std::vector<RequestedMember>& members,
                                              UnknownMembers unknown = UnknownMembers::reject) {
  std::vector<store::MemberRef> refs;
  if (members.empty()) return refs;
  std::vector<std::string> ids;
  for (const auto& m : members) ids.push_back(m.id);
  auto types = store::resource_types_of(s, tenant, ids);
  for (const auto& [id, display] : members) {
    if (id == group_id) throw ScimError::invalid_value("a group cannot be a member of itself");
    auto t = types.find(id);
    if (t == types.end()) {
      if (unknown == UnknownMembers::skip) continue;
      throw ScimError::invalid_value("members: no User or Group has the id '" + id + "'");
    }
    refs.push_back({id, t->second, display});
  }
  return refs;
}

// Adds members; users placed in a group again stop being "No group assigned".
void add_resolved_members(soci::session& s, long long tenant, const std::string& group_id,
                          const std::vector<store::MemberRef>& refs) {
  store::add_members(s, tenant, group_id, refs);
  std::vector<std::string> users;
  for (const auto& r : refs)
    if (r.type == "User") users.push_back(r.id);
  store::clear_lost_group(s, tenant, users);
}

void check_if_match(const std::optional<std::string>& if_match, long long version) {
  // RFC 7644 §3.14 / RFC 7232 §3.1: a failed precondition changes nothing.
  if (if_match && !etag_matches(*if_match, version))
    throw ScimError::precondition_failed("the resource has changed (version " + etag_for(version) +
                                         " does not match If-Match)");
}

// A group whose own flags let it grant (active, applying privileges): changing the members of
// any other group cannot change anyone's access, so no one needs watching.
bool may_grant(const Value& doc) {
  auto ext = doc.FindMember(access_group_urn);
  if (ext == doc.MemberEnd() || !ext->value.IsObject()) return false;
  auto active = ext->value.FindMember("active");
  auto applies = ext->value.FindMember("applyPrivileges");
  return active != ext->value.MemberEnd() && active->value.IsBool() && active->value.GetBool() &&
         (applies == ext->value.MemberEnd() || !applies->value.IsBool() || applies->value.GetBool());
}

const Value* member_or_null(const Value& doc, const char* name) {
  auto it = doc.FindMember(name);
  return it == doc.MemberEnd() ? nullptr : &it->value;
}

bool same(const Value* a, const Value* b) { return (!a && !b) || (a && b && *a == *b); }

// A user whose document grants something on its own (Admin level, individual privileges).
bool user_may_have_access(const Value& doc) {
  const Value* ext = member_or_null(doc, access_user_urn);
  if (!ext || !ext->IsObject()) return false;
  const Value* level = member_or_null(*ext, "level");
  const Value* privileges = member_or_null(*ext, "privileges");
  return (level && level->IsString() && util::iequals(util::view(*level), "Admin")) ||
         (privileges && privileges->IsArray() && !privileges->Empty());
}

// Before an update: the users whose access the new document (and the rules' plan) can change.
void watch_update(AccessEvents& events, const ResourceKind& kind, const std::string& id, const Value& before,
                  const Value& after, const RulePlan& plan) {
  const bool rules_changed = plan.before != plan.after;
  if (kind.flavor == Flavor::user) {
    if (rules_changed || !same(member_or_null(before, "active"), member_or_null(after, "active")) ||
        !same(member_or_null(before, access_user_urn), member_or_null(after, access_user_urn)))
      events.watch_user(id);
  } else if (kind.flavor == Flavor::group) {
    if (rules_changed || !same(member_or_null(before, access_group_urn), member_or_null(after, access_group_urn)))
      events.watch_group(id);
  }
}

// Watches the users behind member ids: users themselves, and everyone under a member group.
void watch_members(AccessEvents& events, const std::vector<store::MemberRef>& refs) {
  for (const auto& r : refs) {
    if (r.type == "User") events.watch_user(r.id);
    else events.watch_group(r.id);
  }
}

// What rules changed beyond the write itself is audited under the write's actor, as RULE.
void record_rewrites(soci::session& s, const ServiceContext& ctx, const std::vector<RuleRewrite>& rewrites) {
  for (const auto& r : rewrites) record_write(s, ctx, {"RULE", r.resource_type, r.id, r.version_before, r.version_after});
}

std::string not_found_detail(const ResourceKind& kind, const std::string& id) {
  return kind.type->name + " '" + id + "' not found";
}

}  // namespace

ResourceResponse ResourceService::respond(soci::session& s, const ServiceContext& ctx, const ResourceKind& kind,
                                          const store::ResourceRecord& rec, const Projection& projection) {
  RenderExtras extras;
  std::map<std::string, std::vector<store::MemberRow>> members;
  std::map<std::string, std::vector<store::GroupRef>> groups;
  if (kind.flavor == Flavor::group && projection.wants(*kind.type, "members")) {
    members = store::members_of(s, ctx.tenant, {rec.id});
    extras.members = &members[rec.id];
  }
  if (kind.flavor == Flavor::user && projection.wants(*kind.type, "groups")) {
    groups = store::groups_of(s, ctx.tenant, {rec.id});
    extras.groups = &groups[rec.id];
  }
  ResourceResponse r;
  r.body = render_resource(kind, rec, ctx.base_url, extras);
  projection.apply(*kind.type, r.body, r.body.GetAllocator());
  r.etag = etag_for(rec.version);
  r.location = location_of(ctx.base_url, kind, rec.id);
  return r;
}

ResourceService::NewResource ResourceService::prepare_new(const ResourceKind& kind, const Value& body,
                                                          std::optional<std::string> id) {
  NewResource n{decode_resource(body, *kind.type), {}, std::nullopt, {}};
  apply_defaults(kind, n.in.doc);
  n.members = take_members(kind, n.in.doc);
  check_required(n.in.doc, *kind.type);
  if (n.in.password) n.password_hash = auth::hash_password(*n.in.password);
  n.rec.id = id ? std::move(*id) : util::new_uuid();
  n.rec.version = 1;
  n.rec.created = n.rec.last_modified = util::now_iso8601();
  return n;
}

void ResourceService::insert_new(soci::session& s, const ServiceContext& ctx, const ResourceKind& kind, NewResource& n,
                                 AccessEvents& events) {
  prepare_access_extension(s, ctx.tenant, kind, n.in.doc, nullptr, WriteKind::create);
  validate_access_extension(s, ctx.tenant, kind, n.rec.id, n.in.doc, nullptr);
  if (kind.flavor == Flavor::rule) rules_.validate(s, ctx.tenant, n.in.doc);
  if (kind.flavor == Flavor::application) events.watch_admins();  // admins keep admin, on new applications too
  const RulePlan plan = rules_.plan(s, ctx.tenant, kind, n.rec.id, n.in.doc, true);
  n.rec.doc = util::to_json(n.in.doc);
  kind.table.insert(s, ctx.tenant, n.rec, kind.indexed_values(n.in.doc), n.password_hash);
  sync_access_rows(s, ctx.tenant, kind, n.rec.id, n.in.doc);
  if (kind.flavor == Flavor::group) {
    auto refs = resolve_members(s, ctx.tenant, n.rec.id, n.members);
    if (may_grant(n.in.doc)) watch_members(events, refs);
    add_resolved_members(s, ctx.tenant, n.rec.id, refs);
  }
  if (kind.flavor == Flavor::user && (!plan.after.empty() || user_may_have_access(n.in.doc)))
    events.watch_new_user(n.rec.id);
  std::vector<RuleRewrite> rewrites;
  rules_.carry_out(s, ctx.tenant, kind, n.rec.id, n.in.doc, plan, &rewrites);
  if (kind.flavor == Flavor::rule) rules_.reapply(s, ctx.tenant, n.rec.id, &n.in.doc, events, &rewrites);
  record_rewrites(s, ctx, rewrites);
}

ResourceResponse ResourceService::create(const ServiceContext& ctx, const ResourceKind& kind, const Value& body,
                                         const Projection& projection) {
  NewResource n = prepare_new(kind, body, std::nullopt);
  ResourceResponse out;
  db_.write([&](soci::session& s) {
    AccessEvents events(s, ctx.tenant);
    insert_new(s, ctx, kind, n, events);
    events.publish();
    out = respond(s, ctx, kind, n.rec, projection);
    record_write(s, ctx, {"POST", kind.type->name, n.rec.id, std::nullopt, n.rec.version});
  });
  return out;
}

std::vector<std::optional<ScimError>> ResourceService::create_many(const ServiceContext& ctx,
                                                                  const std::vector<ImportItem>& items) {
  std::vector<std::optional<ScimError>> results(items.size());
  std::vector<std::optional<NewResource>> prepared(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    try {
      prepared[i] = prepare_new(*items[i].kind, *items[i].body, items[i].id);
    } catch (const ScimError& e) {
      results[i] = e;
    }
  }
  db_.write([&](soci::session& s) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (!prepared[i]) continue;
      // A savepoint per resource: one rejected line does not undo the others.
      s << "SAVEPOINT scimd_item";
      try {
        AccessEvents events(s, ctx.tenant);
        insert_new(s, ctx, *items[i].kind, *prepared[i], events);
        events.publish();
        record_write(s, ctx, {"IMPORT", items[i].kind->type->name, prepared[i]->rec.id, std::nullopt, prepared[i]->rec.version});
        s << "RELEASE SAVEPOINT scimd_item";
      } catch (const std::exception& e) {
        s << "ROLLBACK TO SAVEPOINT scimd_item";
        s << "RELEASE SAVEPOINT scimd_item";
        results[i] = store::translate_db_error(e);
      }
    }
  });
  return results;
}

ResourceResponse ResourceService::get(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                                      const Projection& projection) {
  ResourceResponse out;
  db_.read_snapshot([&](soci::session& s) {
    auto rec = kind.table.find(s, ctx.tenant, id);
    if (!rec) throw ScimError::not_found(not_found_detail(kind, id));
    out = respond(s, ctx, kind, *rec, projection);
  });
  return out;
}

ResourceResponse ResourceService::replace(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                                          const Value& body, const std::optional<std::string>& if_match,
                                          const Projection& projection) {
  DecodedResource in = decode_resource(body, *kind.type);
  apply_defaults(kind, in.doc);
  const bool has_members = kind.flavor == Flavor::group;
  std::vector<RequestedMember> member_ids = take_members(kind, in.doc);
  check_required(in.doc, *kind.type);
  std::optional<std::string> password_hash;
  if (in.password) password_hash = auth::hash_password(*in.password);

  ResourceResponse out;
  db_.write([&](soci::session& s) {
    auto current = kind.table.find_for_update(s, ctx.tenant, id);
    if (!current) throw ScimError::not_found(not_found_detail(kind, id));  // RFC 7644 §3.5.1: PUT never creates
    check_if_match(if_match, current->version);
    rapidjson::Document before;
    before.Parse(current->doc.data(), current->doc.size());
    check_immutable(before, in.doc, *kind.type);
    prepare_access_extension(s, ctx.tenant, kind, in.doc, &before, WriteKind::replace);
    validate_access_extension(s, ctx.tenant, kind, id, in.doc, &before);
    if (kind.flavor == Flavor::rule) rules_.validate(s, ctx.tenant, in.doc);
    const RulePlan plan = rules_.plan(s, ctx.tenant, kind, id, in.doc, false);
    AccessEvents events(s, ctx.tenant);
    watch_update(events, kind, id, before, in.doc, plan);

    store::ResourceRecord rec = *current;
    rec.version = current->version + 1;
    rec.last_modified = util::now_iso8601();
    rec.doc = util::to_json(in.doc);
    if (!kind.table.update(s, ctx.tenant, rec, current->version, kind.indexed_values(in.doc), password_hash))
      throw ScimError::precondition_failed("the resource changed during the update; retry");
    if (has_members) {
      // RFC 7644 §3.5.1: members are replaced as a set, in this transaction.
      auto refs = resolve_members(s, ctx.tenant, id, member_ids);
      if (may_grant(before) || may_grant(in.doc)) {
        // Those who leave and those who join; members who stay keep their access.
        std::set<std::string> kept;
        for (const auto& r : refs) kept.insert(r.id);
        std::vector<store::MemberRef> changed;
        for (const auto& m : store::members_of(s, ctx.tenant, {id})[id]) {
          if (!kept.erase(m.id)) changed.push_back({m.id, m.type, ""});
        }
        for (const auto& r : refs)
          if (kept.count(r.id)) changed.push_back(r);
        watch_members(events, changed);
      }
      store::clear_members(s, ctx.tenant, id);
      add_resolved_members(s, ctx.tenant, id, refs);
    }
    sync_access_rows(s, ctx.tenant, kind, id, in.doc, &before);
    std::vector<RuleRewrite> rewrites;
    rules_.carry_out(s, ctx.tenant, kind, id, in.doc, plan, &rewrites);
    if (kind.flavor == Flavor::rule) rules_.reapply(s, ctx.tenant, id, &in.doc, events, &rewrites);
    record_rewrites(s, ctx, rewrites);
    events.publish();
    out = respond(s, ctx, kind, rec, projection);
    record_write(s, ctx, {"PUT", kind.type->name, id, current->version, rec.version});
  });
  return out;
}

ResourceResponse ResourceService::patch(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                                        const Value& body, const std::optional<std::string>& if_match,
                                        const Projection& projection, bool with_body) {
  const std::vector<PatchOperation> operations = parse_patch_request(body);
  const std::string audited_operations = redacted_patch_operations(body);
  ResourceResponse out;
  db_.write([&](soci::session& s) {
    auto current = kind.table.find_for_update(s, ctx.tenant, id);
    if (!current) throw ScimError::not_found(not_found_detail(kind, id));
    check_if_match(if_match, current->version);
    rapidjson::Document before, after;
    before.Parse(current->doc.data(), current->doc.size());
    after.CopyFrom(before, after.GetAllocator());
    PatchEffects effects = apply_patch(kind, after, id, operations);
    check_immutable(before, after, *kind.type);
    check_required(after, *kind.type);
    prepare_access_extension(s, ctx.tenant, kind, after, &before, WriteKind::patch);
    validate_access_extension(s, ctx.tenant, kind, id, after, &before);
    if (kind.flavor == Flavor::rule) rules_.validate(s, ctx.tenant, after);
    const RulePlan plan = rules_.plan(s, ctx.tenant, kind, id, after, false);
    AccessEvents events(s, ctx.tenant);
    watch_update(events, kind, id, before, after, plan);
    // Member changes matter only when the group can grant, before or after this PATCH.
    const bool members_matter = kind.flavor == Flavor::group && (may_grant(before) || may_grant(after));
    std::optional<std::string> password_hash;
    if (effects.password) password_hash = auth::hash_password(*effects.password);

    store::ResourceRecord rec = *current;
    rec.version = current->version + 1;
    rec.last_modified = util::now_iso8601();
    rec.doc = util::to_json(after);
    // The document of a group never holds its members: this update costs the same for a
    // group of 10 or of 1,000,000 members.
    if (!kind.table.update(s, ctx.tenant, rec, current->version, kind.indexed_values(after), password_hash))
      throw ScimError::precondition_failed("the resource changed during the update; retry");
    for (const auto& change : effects.member_changes) {
      switch (change.kind) {
        case MemberChange::Kind::add:
          // Adding a member that does not exist is a no-op, as removing a non-member is.
          {
            auto refs = resolve_members(s, ctx.tenant, id, requested(change), UnknownMembers::skip);
            if (members_matter) watch_members(events, refs);
            add_resolved_members(s, ctx.tenant, id, refs);
          }
          break;
        case MemberChange::Kind::remove:
          if (members_matter) {
            std::vector<store::MemberRef> refs;
            for (const auto& [member, type] : store::resource_types_of(s, ctx.tenant, change.ids))
              refs.push_back({member, type, ""});
            watch_members(events, refs);
          }
          store::remove_members(s, ctx.tenant, id, change.ids);
          break;
        case MemberChange::Kind::clear:
          if (members_matter) events.watch_group(id);
          store::clear_members(s, ctx.tenant, id);
          break;
      }
    }
    sync_access_rows(s, ctx.tenant, kind, id, after, &before);
    std::vector<RuleRewrite> rewrites;
    rules_.carry_out(s, ctx.tenant, kind, id, after, plan, &rewrites);
    if (kind.flavor == Flavor::rule) rules_.reapply(s, ctx.tenant, id, &after, events, &rewrites);
    record_rewrites(s, ctx, rewrites);
    events.publish();
    if (with_body) {
      out = respond(s, ctx, kind, rec, projection);
    } else {
      out.etag = etag_for(rec.version);
      out.location = location_of(ctx.base_url, kind, rec.id);
    }
    record_write(s, ctx, {"PATCH", kind.type->name, id, current->version, rec.version, audited_operations});
  });
  return out;
}

void ResourceService::before_remove(soci::session& s, const ServiceContext& ctx, const ResourceKind& kind,
                                    const std::string& id, AccessEvents& events) {
  if (kind.flavor == Flavor::user) events.watch_user(id);
  if (kind.flavor == Flavor::group) events.watch_group(id);  // its subgroups move up, its members lose it
  if (kind.flavor != Flavor::application) return;
  events.watch_admins();
  for (const auto& group : store::groups_with_privilege_on(s, ctx.tenant, id)) events.watch_group(group);
  events.watch_users(store::users_mentioning(s, ctx.tenant, id));
  // Rules stop granting the application: their documents drop it, and they apply again.
  for (const auto& rule_id : store::rules_mentioning(s, ctx.tenant, id)) {
    const ResourceKind& rules = kinds_.rule();
    auto rec = rules.table.find_for_update(s, ctx.tenant, rule_id);
    if (!rec) continue;
    rapidjson::Document doc;
    doc.Parse(rec->doc.c_str());
    Value* then = util::find_member_icase(static_cast<Value&>(doc), "then");
    Value* list = then && then->IsObject() ? util::find_member_icase(*then, "privileges") : nullptr;
    if (!list || !list->IsArray()) continue;
    for (auto p = list->Begin(); p != list->End();) {
      const Value* app = util::find_member_icase(*p, "application");
      if (app && app->IsString() && util::view(*app) == id) p = list->Erase(p);
      else ++p;
    }
    store::ResourceRecord next = *rec;
    next.version = rec->version + 1;
    next.last_modified = util::now_iso8601();
    next.doc = util::to_json(doc);
    rules.table.update(s, ctx.tenant, next, rec->version, rules.indexed_values(doc), std::nullopt);
    std::vector<RuleRewrite> rewrites;
    rules_.reapply(s, ctx.tenant, rule_id, &doc, events, &rewrites);
    record_write(s, ctx, {"RULE", rules.type->name, rule_id, rec->version, next.version});
    record_rewrites(s, ctx, rewrites);
  }
}

void ResourceService::remove(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                             const std::optional<std::string>& if_match) {
  db_.write([&](soci::session& s) {
    auto current = kind.table.find_for_update(s, ctx.tenant, id);
    if (!current) throw ScimError::not_found(not_found_detail(kind, id));
    check_if_match(if_match, current->version);
    AccessEvents events(s, ctx.tenant);
    before_remove(s, ctx, kind, id, events);
    if (kind.flavor == Flavor::group) before_group_delete(s, ctx.tenant, kinds_, id);
    if (kind.flavor == Flavor::application) before_application_delete(s, ctx.tenant, kinds_, id);
    kind.table.remove(s, ctx.tenant, id);
    store::remove_from_all_groups(s, ctx.tenant, id);
    if (kind.flavor == Flavor::group) store::clear_members(s, ctx.tenant, id);
    if (kind.flavor == Flavor::user || kind.flavor == Flavor::group) store::replace_effects(s, ctx.tenant, id, {});
    // A removed rule's effects are undone on every resource it touched.
    if (kind.flavor == Flavor::rule) {
      std::vector<RuleRewrite> rewrites;
      rules_.reapply(s, ctx.tenant, id, nullptr, events, &rewrites);
      record_rewrites(s, ctx, rewrites);
    }
    events.publish();
    record_write(s, ctx, {"DELETE", kind.type->name, id, current->version, std::nullopt});
  });
}

namespace {
// What a cursor is bound to (RFC 9865 §2.1): the caller's tenant and the query's shape.
std::string cursor_query_key(const ServiceContext& ctx, const ResourceKind& kind, const ListQuery& q) {
  return std::to_string(ctx.tenant) + "|" + kind.type->id + "|" + q.filter.value_or("") + "|" + q.sort_by.value_or("") +
         "|" + (q.is_descending ? "d" : "a");
}
}  // namespace

rapidjson::Document ResourceService::list(const ServiceContext& ctx, const ResourceKind& kind, const ListQuery& query) {
  ListQuery q = query;
  std::string cursor_key;
  if (q.cursor) {
    cursor_key = cursor_query_key(ctx, kind, q);
    q.start_index = 1;
    if (!q.cursor->empty()) {
      CursorPosition pos = decode_cursor(*q.cursor, cursor_key);
      if (q.is_count_given && q.count != pos.count)
        throw ScimError::invalid_count("count must stay " + std::to_string(pos.count) + " while paging with this cursor");
      q.count = pos.count;
      q.start_index = pos.offset + 1;
    }
  }
  store::ListWindow window = to_window(kind, q, db_.is_postgresql());
  std::vector<store::ResourceRecord> rows;
  long long total = 0;
  std::map<std::string, std::vector<store::MemberRow>> members;
  std::map<std::string, std::vector<store::GroupRef>> groups;
  db_.read_snapshot([&](soci::session& s) {
    if (q.count > 0) rows = kind.table.list(s, ctx.tenant, window);
    // A page that is not full ends the results: its size gives the total without a COUNT
    // (an identity provider's match by userName or externalId is one such page).
    const long long got = static_cast<long long>(rows.size());
    if (q.count > 0 && got < q.count && (window.offset == 0 || got > 0)) total = window.offset + got;
    else total = kind.table.count(s, ctx.tenant, window);
    std::vector<std::string> ids;
    for (const auto& r : rows) ids.push_back(r.id);
    // One query for the whole page, never one per resource.
    if (kind.flavor == Flavor::group && q.projection.wants(*kind.type, "members"))
      members = store::members_of(s, ctx.tenant, ids);
    if (kind.flavor == Flavor::user && q.projection.wants(*kind.type, "groups"))
      groups = store::groups_of(s, ctx.tenant, ids);
  });
  const bool with_members = kind.flavor == Flavor::group && q.projection.wants(*kind.type, "members");
  const bool with_groups = kind.flavor == Flavor::user && q.projection.wants(*kind.type, "groups");

  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  Value resources(rapidjson::kArrayType);
  for (const auto& r : rows) {
    RenderExtras extras;
    if (with_members) extras.members = &members[r.id];
    if (with_groups) extras.groups = &groups[r.id];
    rapidjson::Document one = render_resource(kind, r, ctx.base_url, extras);
    q.projection.apply(*kind.type, one, one.GetAllocator());
    resources.PushBack(Value(one, a), a);
  }
  fill_list_response(out, total, q.cursor ? std::nullopt : std::optional<long long>(q.start_index), resources);
  if (q.cursor) {
    // RFC 9865 §2: nextCursor on every page but the last; previousCursor never on the first.
    long long offset = q.start_index - 1;
    if (q.count > 0 && offset + static_cast<long long>(rows.size()) < total)
      out.AddMember("nextCursor", util::string_value(encode_cursor({offset + q.count, q.count}, cursor_key), a), a);
    if (offset > 0 && q.count > 0)
      out.AddMember("previousCursor",
                    util::string_value(encode_cursor({std::max(0LL, offset - q.count), q.count}, cursor_key), a), a);
  }
  return out;
}

rapidjson::Document ResourceService::list_root(const ServiceContext& ctx, const std::map<std::string, std::string>& params) {
  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  long long total = 0;
  long long start = 1, remaining_skip = 0, remaining = 0;
  Value resources(rapidjson::kArrayType);
  bool first = true;
  for (const ResourceKind* kind : {&kinds_.user(), &kinds_.group(), &kinds_.application()}) {
    ListQuery q = parse_list_query(*kind, params);
    if (q.cursor) throw ScimError::invalid_value("cursor paging is not offered at the server root; use startIndex");
    if (first) {
      start = q.start_index;
      remaining_skip = q.start_index - 1;
      remaining = q.count;
      first = false;
    }
    if (q.filter && !filter_applies_to(*kind, *q.filter)) continue;
    // This type's count first, then only the rows that fall inside the page.
    ListQuery count_only = q;
    count_only.count = 0;
    count_only.start_index = 1;
    long long n = list(ctx, *kind, count_only)["totalResults"].GetInt64();
    total += n;
    if (remaining == 0 || remaining_skip >= n) {
      remaining_skip = std::max(0LL, remaining_skip - n);
      continue;
    }
    ListQuery page = q;
    page.start_index = remaining_skip + 1;
    page.count = remaining;
    rapidjson::Document part = list(ctx, *kind, page);
    for (auto& r : part["Resources"].GetArray()) {
      resources.PushBack(Value(r, a), a);
      --remaining;
    }
    remaining_skip = 0;
  }
  fill_list_response(out, total, start, resources);
  return out;
}

}  // namespace scimd::scim
