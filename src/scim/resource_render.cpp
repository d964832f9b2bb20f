#include "scim/resource_render.hpp"

#include "scim/error.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;

std::string etag_for(long long version) { return "W/\"" + std::to_string(version) + "\""; }

bool etag_matches(const std::string& header, long long version) {
  const std::string want = std::to_string(version);
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag == "*") return true;
    if (tag.starts_with("W/") || tag.starts_with("w/")) tag.remove_prefix(2);
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') tag = tag.substr(1, tag.size() - 2);
    if (tag == want) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

std::string location_of(const std::string& base_url, const ResourceKind& kind, const std::string& id) {
  return base_url + kind.type->endpoint + "/" + id;
}

rapidjson::Document render_resource(const ResourceKind& kind, const store::ResourceRecord& rec,
                                    const std::string& base_url, const RenderExtras& extras) {
  rapidjson::Document stored;
  stored.Parse(rec.doc.data(), rec.doc.size());
  if (stored.HasParseError() || !stored.IsObject()) throw ScimError::internal("stored document is corrupt");
  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();

  Value schemas(rapidjson::kArrayType);
  schemas.PushBack(util::string_value(kind.type->schema->id, a), a);
  for (const auto& e : kind.type->extensions)
    if (stored.HasMember(e.schema->id.c_str())) schemas.PushBack(util::string_value(e.schema->id, a), a);
  out.AddMember("schemas", schemas, a);
  out.AddMember("id", util::string_value(rec.id, a), a);
  for (auto it = stored.MemberBegin(); it != stored.MemberEnd(); ++it)
    out.AddMember(Value(it->name, a), Value(it->value, a), a);

  if (extras.members) {
    Value members(rapidjson::kArrayType);
    for (const auto& m : *extras.members) {
      Value v(rapidjson::kObjectType);
      v.AddMember("value", util::string_value(m.id, a), a);
      std::string endpoint = m.type == "Group" ? "/Groups/" : "/Users/";
      v.AddMember("$ref", util::string_value(base_url + endpoint + m.id, a), a);
      v.AddMember("type", util::string_value(m.type, a), a);
      if (!m.display.empty()) v.AddMember("display", util::string_value(m.display, a), a);
      members.PushBack(v, a);
    }
    out.AddMember("members", members, a);
  }
  if (extras.groups && !extras.groups->empty()) {
    Value groups(rapidjson::kArrayType);
    for (const auto& g : *extras.groups) {
      Value v(rapidjson::kObjectType);
      v.AddMember("value", util::string_value(g.id, a), a);
      v.AddMember("$ref", util::string_value(base_url + "/Groups/" + g.id, a), a);
      v.AddMember("display", util::string_value(g.display, a), a);
      v.AddMember("type", "direct", a);
      groups.PushBack(v, a);
    }
    out.AddMember("groups", groups, a);
  }

  Value meta(rapidjson::kObjectType);
  meta.AddMember("resourceType", util::string_value(kind.type->name, a), a);
  meta.AddMember("created", util::string_value(rec.created, a), a);
  meta.AddMember("lastModified", util::string_value(rec.last_modified, a), a);
  meta.AddMember("location", util::string_value(location_of(base_url, kind, rec.id), a), a);
  meta.AddMember("version", util::string_value(etag_for(rec.version), a), a);
  out.AddMember("meta", meta, a);
  return out;
}

}  // namespace scimd::scim
