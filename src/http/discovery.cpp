#include "http/discovery.hpp"

#include <rapidjson/document.h>

#include "http/render.hpp"
#include "scim/error.hpp"
#include "scim/list_response.hpp"
#include "util/json.hpp"

namespace scimd::http {

namespace {

using rapidjson::Value;

// Parses a stored JSON file into the allocator of `into`, with meta.location made absolute.
Value with_absolute_location(const std::string& json, const std::string& base_url, rapidjson::Document& into) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  Value v(d, into.GetAllocator());
  auto meta = v.FindMember("meta");
  if (meta != v.MemberEnd() && meta->value.IsObject()) {
    auto loc = meta->value.FindMember("location");
    if (loc != meta->value.MemberEnd() && loc->value.IsString() && loc->value.GetString()[0] == '/')
      loc->value = util::string_value(base_url + loc->value.GetString(), into.GetAllocator());
  }
  return v;
}

template <class Items, class Json>
HttpResponse list_of(const Items& items, const std::string& base_url, Json json_of) {
  rapidjson::Document d;
  d.SetObject();
  Value resources(rapidjson::kArrayType);
  for (const auto& item : items) resources.PushBack(with_absolute_location(json_of(*item), base_url, d), d.GetAllocator());
  scim::fill_list_response(d, static_cast<long long>(items.size()), 1, resources);
  return json_response(200, d);
}

}  // namespace

// Only schemas that some resource type uses are served; the others are not wired yet.
bool Discovery::is_served(const scim::SchemaDef* s) const {
  for (const auto& t : registry_.resource_types()) {
    if (t->schema == s) return true;
    for (const auto& e : t->extensions)
      if (e.schema == s) return true;
  }
  return false;
}

std::vector<const scim::SchemaDef*> Discovery::served_schemas() const {
  std::vector<const scim::SchemaDef*> out;
  for (const auto& s : registry_.schemas())
    if (is_served(s.get())) out.push_back(s.get());
  return out;
}

HttpResponse Discovery::service_provider_config(const std::string& base_url) const {
  rapidjson::Document d;
  Value v = with_absolute_location(registry_.service_provider_config(), base_url, d);
  return json_response(200, v);
}

HttpResponse Discovery::resource_types(const std::string& base_url, const std::string& id) const {
  if (id.empty())
    return list_of(registry_.resource_types(), base_url, [](const scim::ResourceTypeDef& t) { return t.json; });
  const scim::ResourceTypeDef* t = registry_.resource_type(id);
  if (!t) throw scim::ScimError::not_found("resource type '" + id + "' not found");
  rapidjson::Document d;
  return json_response(200, with_absolute_location(t->json, base_url, d));
}

HttpResponse Discovery::schemas(const std::string& base_url, const std::string& urn) const {
  if (urn.empty()) return list_of(served_schemas(), base_url, [](const scim::SchemaDef& s) { return s.json; });
  const scim::SchemaDef* s = registry_.schema(urn);
  if (!s || !is_served(s)) throw scim::ScimError::not_found("schema '" + urn + "' not found");
  rapidjson::Document d;
  return json_response(200, with_absolute_location(s->json, base_url, d));
}

}  // namespace scimd::http
