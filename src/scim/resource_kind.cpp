#include "scim/resource_kind.hpp"

#include <stdexcept>

#include "scim/filter_schema.hpp"
#include "store/column_map.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;
using store::ColumnValue;

namespace {

ColumnValue text(const Value& doc, const char* name) {
  auto it = doc.FindMember(name);
  if (it == doc.MemberEnd() || !it->value.IsString()) return std::monostate{};
  return std::string(util::view(it->value));
}

ColumnValue folded(const Value& doc, const char* name) {
  ColumnValue v = text(doc, name);
  if (auto* s = std::get_if<std::string>(&v)) *s = util::ascii_lower(*s);
  return v;
}

// The first email whose type is "work": Entra matches users on emails[type eq "work"].value.
ColumnValue work_email(const Value& doc) {
  auto it = doc.FindMember("emails");
  if (it == doc.MemberEnd() || !it->value.IsArray()) return std::monostate{};
  for (const auto& e : it->value.GetArray()) {
    const Value* type = util::find_member_icase(e, "type");
    const Value* value = util::find_member_icase(e, "value");
    if (type && type->IsString() && util::iequals(util::view(*type), "work") && value && value->IsString())
      return util::ascii_lower(util::view(*value));
  }
  return std::monostate{};
}

ColumnValue active(const Value& doc) {
  auto it = doc.FindMember("active");
  if (it == doc.MemberEnd() || !it->value.IsBool()) return std::monostate{};
  return static_cast<long long>(it->value.GetBool() ? 1 : 0);
}

const ResourceTypeDef& require_type(const SchemaRegistry& registry, const char* id) {
  const ResourceTypeDef* t = registry.resource_type(id);
  if (!t) throw std::runtime_error(std::string("scim-schemas has no resource type ") + id);
  return *t;
}

}  // namespace

std::vector<ColumnValue> ResourceKind::indexed_values(const Value& doc) const {
  if (flavor == Flavor::user)
    return {text(doc, "userName"), folded(doc, "userName"), text(doc, "externalId"), text(doc, "displayName"),
            active(doc), work_email(doc)};
  if (flavor == Flavor::application) return {text(doc, "name"), folded(doc, "name"), text(doc, "externalId")};
  if (flavor == Flavor::rule) {
    // when.resourceType in its canonical spelling, so the write path finds a type's rules by index.
    ColumnValue rule_type = std::monostate{};
    if (const Value* when = util::find_member_icase(doc, "when"); when && when->IsObject())
      if (const Value* t = util::find_member_icase(*when, "resourceType"); t && t->IsString())
        rule_type = util::iequals(util::view(*t), "Group") ? std::string("Group") : std::string("User");
    ColumnValue priority = 0LL;
    if (const Value* p = util::find_member_icase(doc, "priority"); p && p->IsInt64()) priority = p->GetInt64();
    return {text(doc, "name"), folded(doc, "name"), text(doc, "externalId"), rule_type, priority};
  }
  // The group tree and flags mirror the access extension (DESIGN.md §3).
  static const Value empty(rapidjson::kObjectType);
  auto ext = doc.FindMember(access_group_urn);
  const Value& access = ext != doc.MemberEnd() && ext->value.IsObject() ? ext->value : empty;
  auto flag = [&](const char* name) -> ColumnValue {
    auto it = access.FindMember(name);
    if (it == access.MemberEnd() || !it->value.IsBool()) return std::monostate{};
    return static_cast<long long>(it->value.GetBool() ? 1 : 0);
  };
  return {text(doc, "displayName"), folded(doc, "displayName"), text(doc, "externalId"), text(access, "parent"),
          flag("active"), flag("applyPrivileges")};
}

ResourceKinds::ResourceKinds(const SchemaRegistry& registry, bool is_postgresql) {
  const ResourceTypeDef& user_type = require_type(registry, "User");
  user_.reset(new ResourceKind{
      Flavor::user, &user_type,
      store::ResourceTable("users",
                           {"user_name", "user_name_folded", "external_id", "display_name", "active",
                            "email_work_folded"},
                           is_postgresql),
      make_filter_schema(user_type), std::make_unique<store::UserColumns>()});
  const ResourceTypeDef& group_type = require_type(registry, "Group");
  group_.reset(new ResourceKind{
      Flavor::group, &group_type,
      store::ResourceTable("groups",
                           {"display_name", "display_name_folded", "external_id", "parent_id", "is_active",
                            "apply_privileges"},
                           is_postgresql),
      make_filter_schema(group_type), std::make_unique<store::GroupColumns>()});
  const ResourceTypeDef& application_type = require_type(registry, "Application");
  application_.reset(new ResourceKind{
      Flavor::application, &application_type,
      store::ResourceTable("applications", {"name", "name_folded", "external_id"}, is_postgresql),
      make_filter_schema(application_type), std::make_unique<store::ApplicationColumns>()});
  const ResourceTypeDef& rule_type = require_type(registry, "MappingRule");
  rule_.reset(new ResourceKind{
      Flavor::rule, &rule_type,
      store::ResourceTable("mapping_rules", {"name", "name_folded", "external_id", "resource_type", "priority"},
                           is_postgresql),
      make_filter_schema(rule_type), std::make_unique<store::ApplicationColumns>()});
}

const ResourceKind* ResourceKinds::by_endpoint(std::string_view endpoint) const {
  for (const ResourceKind* k : {user_.get(), group_.get(), application_.get(), rule_.get()})
    if (util::iequals(std::string_view(k->type->endpoint).substr(1), endpoint)) return k;
  return nullptr;
}

}  // namespace scimd::scim
