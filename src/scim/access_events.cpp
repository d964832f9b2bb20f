#include "scim/access_events.hpp"

#include <set>

#include "access/effective_access.hpp"
#include "scim/access_loader.hpp"
#include "scim/error.hpp"
#include "store/outbox_store.hpp"
#include "store/rule_store.hpp"
#include "util/clock.hpp"
#include "util/json.hpp"
#include "util/random.hpp"

namespace scimd::scim {

using rapidjson::Value;

AccessEvents::Snapshot AccessEvents::take(const std::string& user_id) {
  Snapshot snap;
  std::optional<store::AccessUserRow> row = store::find_access_user(s_, tenant_, user_id);
  if (!row || row->id != user_id) return snap;  // deleted (or never created)
  LoadedUser u = load_user_access(s_, tenant_, user_id, std::nullopt, std::move(row));
  snap.exists = true;
  snap.notifies = u.notifies;
  snap.user_name = u.row.user_name;
  for (const auto& app : access::all_access(u.input))
    snap.applications[app.application_id] = {app.name, app.access};
  return snap;
}

void AccessEvents::watch_user(const std::string& user_id) {
  if (!before_.count(user_id)) before_.emplace(user_id, take(user_id));
}

void AccessEvents::watch_users(const std::vector<std::string>& user_ids) {
  for (const auto& id : user_ids) watch_user(id);
}

void AccessEvents::watch_new_user(const std::string& user_id) { before_.emplace(user_id, Snapshot{}); }

void AccessEvents::watch_group(const std::string& group_id) {
  watch_users(store::users_under_group(s_, tenant_, group_id));
}

void AccessEvents::watch_admins() { watch_users(store::admin_user_ids(s_, tenant_)); }

const std::string& AccessEvents::tenant_name() {
  if (!tenant_name_) {
    std::string name;
    s_ << "SELECT name FROM tenants WHERE id = :t", soci::into(name), soci::use(tenant_, "t");
    tenant_name_ = name;
  }
  return *tenant_name_;
}

size_t AccessEvents::publish() {
  size_t appended = 0;
  const std::string at = util::now_iso8601();
  for (const auto& [user_id, before] : before_) {
    Snapshot after = take(user_id);
    std::set<std::string> apps;
    for (const auto& [id, entry] : before.applications) apps.insert(id);
    for (const auto& [id, entry] : after.applications) apps.insert(id);
    for (const auto& app : apps) {
      auto b = before.applications.find(app);
      auto a = after.applications.find(app);
      access::Access was = b == before.applications.end() ? access::Access::none : b->second.second;
      access::Access now = a == after.applications.end() ? access::Access::none : a->second.second;
      if (was == now) continue;
      rapidjson::Document e;
      e.SetObject();
      auto& al = e.GetAllocator();
      store::OutboxEvent event;
      event.tenant = tenant_;
      event.id = util::new_uuid();
      event.user_id = user_id;
      // Delivered when a group of the user, before or after the change, asks for webhooks.
      event.deliver = before.notifies || after.notifies;
      e.AddMember("id", util::string_value(event.id, al), al);
      e.AddMember("type", "access.changed", al);
      e.AddMember("tenant", util::string_value(tenant_name(), al), al);
      e.AddMember("userId", util::string_value(user_id, al), al);
      e.AddMember("userName", util::string_value(after.exists ? after.user_name : before.user_name, al), al);
      e.AddMember("applicationId", util::string_value(app, al), al);
      const std::string& name = a != after.applications.end() ? a->second.first : b->second.first;
      e.AddMember("application", util::string_value(name, al), al);
      e.AddMember("before", util::string_value(access::to_string(was), al), al);
      e.AddMember("after", util::string_value(access::to_string(now), al), al);
      e.AddMember("at", util::string_value(at, al), al);
      event.payload = util::to_json(e);
      store::append_event(s_, event);
      ++appended;
    }
  }
  before_.clear();
  return appended;
}

}  // namespace scimd::scim
