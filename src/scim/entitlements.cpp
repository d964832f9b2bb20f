#include "scim/entitlements.hpp"

#include "scim/error.hpp"
#include "scim/list_response.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;

namespace {

constexpr const char* entitlement_urn = "urn:okta:scim:schemas:core:1.0:Entitlement";
constexpr const char* role_urn = "urn:okta:scim:schemas:core:1.0:Role";
constexpr const char* levels[] = {"view", "edit", "admin"};  // "none" grants nothing: not assignable
constexpr long long levels_per_application = 3;

struct Item {
  std::string id, display_name, type, description;
};

Value render(const Item& item, bool is_role, const std::string& base_url, rapidjson::Document::AllocatorType& a) {
  Value v(rapidjson::kObjectType);
  Value schemas(rapidjson::kArrayType);
  schemas.PushBack(Value(is_role ? role_urn : entitlement_urn, a), a);
  v.AddMember("schemas", schemas, a);
  v.AddMember("id", util::string_value(item.id, a), a);
  v.AddMember("displayName", util::string_value(item.display_name, a), a);
  v.AddMember("type", util::string_value(item.type, a), a);
  v.AddMember("description", util::string_value(item.description, a), a);
  Value meta(rapidjson::kObjectType);
  meta.AddMember("resourceType", Value(is_role ? "Role" : "Entitlement", a), a);
  meta.AddMember("location", util::string_value(base_url + (is_role ? "/Roles/" : "/Entitlements/") + item.id, a), a);
  v.AddMember("meta", meta, a);
  return v;
}

std::vector<Item> roles() {
  return {{"User", "User", "Level", "Signs in to the applications the user's groups or privileges allow"},
          {"Admin", "Admin", "Level", "Admin access to every application of the tenant"}};
}

Item entitlement(const std::string& app_id, const std::string& app_name, const char* level) {
  return {app_id + ":" + level, app_name + " (" + level + ")", "Application access",
          std::string(level) + " access to the application " + app_name};
}

std::string name_of(const store::ResourceRecord& rec) {
  rapidjson::Document d;
  d.Parse(rec.doc.c_str());
  auto it = d.FindMember("name");
  return it != d.MemberEnd() && it->value.IsString() ? std::string(util::view(it->value)) : rec.id;
}

bool is_roles(const std::string& endpoint) { return util::iequals(endpoint, "Roles"); }

}  // namespace

rapidjson::Document EntitlementService::list(const ServiceContext& ctx, const std::string& endpoint,
                                             long long start_index, long long count) {
  std::vector<Item> page;
  long long total = 0;
  const long long offset = start_index - 1;
  if (is_roles(endpoint)) {
    auto all = roles();
    total = static_cast<long long>(all.size());
    for (long long i = offset; i < total && static_cast<long long>(page.size()) < count; ++i) page.push_back(all[i]);
  } else {
    // Entitlement i is level i % 3 of the (i / 3)-th application by name: only the
    // applications of the page are read.
    const auto& table = kinds_.application().table;
    db_.read_snapshot([&](soci::session& s) {
      store::ListWindow w;
      total = table.count(s, ctx.tenant, w) * levels_per_application;
      if (count == 0 || offset >= total) return;
      w.order_by = "r.name_folded, r.id";
      w.offset = offset / levels_per_application;
      w.limit = (offset % levels_per_application + count + levels_per_application - 1) / levels_per_application;
      long long index = w.offset * levels_per_application;
      for (const auto& rec : table.list(s, ctx.tenant, w))
        for (const char* level : levels) {
          if (index++ < offset || static_cast<long long>(page.size()) >= count) continue;
          page.push_back(entitlement(rec.id, name_of(rec), level));
        }
    });
  }
  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  Value resources(rapidjson::kArrayType);
  for (const auto& item : page) resources.PushBack(render(item, is_roles(endpoint), ctx.base_url, a), a);
  fill_list_response(out, total, start_index, resources);
  return out;
}

rapidjson::Document EntitlementService::get(const ServiceContext& ctx, const std::string& endpoint,
                                            const std::string& id) {
  rapidjson::Document out;
  std::optional<Item> found;
  if (is_roles(endpoint)) {
    for (const auto& r : roles())
      if (util::iequals(r.id, id)) found = r;
  } else if (size_t colon = id.rfind(':'); colon != std::string::npos) {
    std::string app = id.substr(0, colon), level = id.substr(colon + 1);
    db_.read([&](soci::session& s) {
      auto rec = kinds_.application().table.find(s, ctx.tenant, app);
      if (!rec) return;
      for (const char* l : levels)
        if (level == l) found = entitlement(rec->id, name_of(*rec), l);
    });
  }
  if (!found) throw ScimError::not_found(endpoint + " '" + id + "' not found");
  Value v = render(*found, is_roles(endpoint), ctx.base_url, out.GetAllocator());
  out.CopyFrom(v, out.GetAllocator());
  return out;
}

}  // namespace scimd::scim
