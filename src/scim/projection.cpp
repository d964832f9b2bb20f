#include "scim/projection.hpp"

#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;

namespace {

// Resolves "urn:...:User:name.givenName", "name.givenName" or an extension URN alone.
AttributeSelector resolve(const ResourceTypeDef& type, std::string_view raw) {
  // Microsoft's conformance collection asks for attributes=emails[type eq "work"]: a value
  // filter is not part of RFC 7644 §3.9's attribute notation, so it selects the attribute.
  std::string without_filter(raw);
  if (size_t open = without_filter.find('['); open != std::string::npos) {
    size_t close = without_filter.find(']', open);
    without_filter.erase(open, close == std::string::npos ? std::string::npos : close - open + 1);
  }
  std::string_view path = without_filter;
  AttributeSelector sel;
  sel.schema = type.schema->id;
  std::vector<const SchemaDef*> schemas{type.schema};
  for (const auto& e : type.extensions) schemas.push_back(e.schema);
  for (const SchemaDef* s : schemas) {
    if (!util::istarts_with(path, s->id)) continue;
    if (path.size() == s->id.size()) {
      sel.schema = s->id;
      return sel;  // the whole extension
    }
    if (path[s->id.size()] == ':') {
      sel.schema = s->id;
      path.remove_prefix(s->id.size() + 1);
      break;
    }
  }
  size_t dot = path.find('.');
  sel.attr = util::ascii_lower(path.substr(0, dot));
  if (dot != std::string_view::npos) sel.sub = util::ascii_lower(path.substr(dot + 1));
  return sel;
}

std::vector<AttributeSelector> parse_list(const ResourceTypeDef& type, const std::optional<std::string>& raw) {
  std::vector<AttributeSelector> out;
  if (!raw) return out;
  std::string_view s = *raw;
  while (!s.empty()) {
    size_t comma = s.find(',');
    std::string_view item = s.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.push_back(resolve(type, item));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

bool names(const AttributeSelector& sel, const std::string& schema, const AttributeDef& def) {
  return util::iequals(sel.schema, schema) && (sel.attr.empty() || util::iequals(sel.attr, def.name));
}

}  // namespace

Projection Projection::parse(const ResourceTypeDef& type, const std::optional<std::string>& attributes,
                             const std::optional<std::string>& excluded) {
  Projection p;
  p.attributes_ = parse_list(type, attributes);
  p.excluded_ = parse_list(type, excluded);
  return p;
}

Projection::Verdict Projection::decide(const std::string& schema, const AttributeDef& def) const {
  if (def.returned == Returned::never) return Verdict::drop;
  if (def.returned == Returned::always) return Verdict::keep_whole;
  if (!attributes_.empty()) {
    // RFC 7644 §3.4.2.5: only the named attributes (and "always" ones) are returned.
    bool whole = false, some_subs = false;
    for (const auto& sel : attributes_) {
      if (!names(sel, schema, def)) continue;
      if (sel.attr.empty() || sel.sub.empty()) whole = true;
      else some_subs = true;
    }
    if (whole) return Verdict::keep_whole;
    return some_subs ? Verdict::keep_selected_subs : Verdict::drop;
  }
  if (def.returned == Returned::request) return Verdict::drop;
  for (const auto& sel : excluded_) {
    if (names(sel, schema, def)) {
      if (sel.attr.empty() || sel.sub.empty()) return Verdict::drop;
      return Verdict::keep_selected_subs;  // some sub-attributes excluded
    }
  }
  return Verdict::keep_whole;
}

bool Projection::sub_selected(const std::string& schema, const AttributeDef& parent, const AttributeDef& sub) const {
  if (sub.returned == Returned::never) return false;
  if (sub.returned == Returned::always) return true;
  if (!attributes_.empty()) {
    for (const auto& sel : attributes_)
      if (names(sel, schema, parent) && util::iequals(sel.sub, sub.name)) return true;
    return false;
  }
  for (const auto& sel : excluded_)
    if (names(sel, schema, parent) && util::iequals(sel.sub, sub.name)) return false;
  return sub.returned != Returned::request;
}

bool Projection::wants(const ResourceTypeDef& type, std::string_view attr) const {
  const AttributeDef* def = type.schema->find(attr);
  return def && decide(type.schema->id, *def) != Verdict::drop;
}

void Projection::apply_to_object(const std::string& schema, const SchemaDef* defs, Value& obj) const {
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd();) {
    std::string_view key = util::view(it->name);
    const AttributeDef* def = nullptr;
    if (defs) def = defs->find(key);
    if (!def && util::iequals(key, "id")) def = &id_attribute();
    if (!def && util::iequals(key, "externalId")) def = &external_id_attribute();
    if (!def && util::iequals(key, "meta")) def = &meta_attribute();
    if (!def) {
      ++it;  // schemas, extension objects: handled by the caller
      continue;
    }
    Verdict v = decide(schema, *def);
    if (v == Verdict::drop) {
      it = obj.EraseMember(it);
      continue;
    }
    if (v == Verdict::keep_selected_subs && def->type == AttrType::complex) {
      auto prune = [&](Value& element) {
        if (!element.IsObject()) return;
        for (auto s = element.MemberBegin(); s != element.MemberEnd();) {
          const AttributeDef* sub = def->find_sub(util::view(s->name));
          if (sub && !sub_selected(schema, *def, *sub)) s = element.EraseMember(s);
          else ++s;
        }
      };
      if (it->value.IsArray()) {
        for (auto& e : it->value.GetArray()) prune(e);
      } else {
        prune(it->value);
      }
    }
    ++it;
  }
}

void Projection::apply(const ResourceTypeDef& type, Value& resource, rapidjson::Document::AllocatorType&) const {
  apply_to_object(type.schema->id, type.schema, resource);
  for (const auto& e : type.extensions) {
    auto m = resource.FindMember(e.schema->id.c_str());
    if (m == resource.MemberEnd()) continue;
    bool whole_named = false, any_named = false;
    for (const auto& sel : attributes_) {
      if (!util::iequals(sel.schema, e.schema->id)) continue;
      any_named = true;
      if (sel.attr.empty()) whole_named = true;
    }
    bool whole_excluded = false;
    for (const auto& sel : excluded_)
      if (util::iequals(sel.schema, e.schema->id) && sel.attr.empty()) whole_excluded = true;
    if (whole_excluded || (!attributes_.empty() && !any_named)) {
      resource.RemoveMember(m);
      continue;
    }
    if (!whole_named) apply_to_object(e.schema->id, e.schema, m->value);
    if (m->value.ObjectEmpty()) resource.RemoveMember(m);
  }
}

}  // namespace scimd::scim
