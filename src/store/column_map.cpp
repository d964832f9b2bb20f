#include "store/column_map.hpp"

#include "util/text.hpp"

namespace scimd::store {

using filters::Column;
using filters::ColumnType;

namespace {

bool is(const filters::ResolvedAttribute& a, std::string_view name) {
  return a.schema.empty() && util::iequals(a.attribute->name, name);
}

// id, externalId and meta.created / meta.lastModified: columns of every resource table.
std::optional<filters::Storage> common_storage(const filters::ResolvedAttribute& a) {
  if (is(a, "id")) return Column{"r.id", false, ColumnType::text};
  if (is(a, "externalId")) return Column{"r.external_id", false, ColumnType::text};
  if (is(a, "meta")) {
    if (!a.sub_attribute) return filters::NotStored{};
    if (util::iequals(a.sub_attribute->name, "created")) return Column{"r.created", false, ColumnType::text};
    if (util::iequals(a.sub_attribute->name, "lastModified"))
      return Column{"r.last_modified", false, ColumnType::text};
    return filters::NotStored{};  // resourceType, location, version are derived, not stored
  }
  return std::nullopt;
}

}  // namespace

filters::Storage UserColumns::storage(const filters::ResolvedAttribute& a) const {
  if (auto s = common_storage(a)) return *s;
  if (is(a, "userName")) return Column{"r.user_name_folded", true, ColumnType::text};
  if (is(a, "active")) return Column{"r.active", false, ColumnType::integer};
  if (is(a, "password")) return filters::NotStored{};
  if (is(a, "groups"))
    return filters::Relation{
        "EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id AND m.member_id = r.id AND %s)",
        {{"value", Column{"m.group_id", false, ColumnType::text}}}};
  return filters::InDocument{};
}

// Entra matches users on emails[type eq "work"].value: the first work email has its own
// folded, indexed column.
std::optional<Column> UserColumns::keyed_column(const filters::ResolvedAttribute& a, std::string_view key,
                                                std::string_view key_value, std::string_view sub) const {
  if (is(a, "emails") && util::iequals(key, "type") && util::iequals(key_value, "work") && util::iequals(sub, "value"))
    return Column{"r.email_work_folded", true, ColumnType::text};
  return std::nullopt;
}

filters::Storage GroupColumns::storage(const filters::ResolvedAttribute& a) const {
  if (auto s = common_storage(a)) return *s;
  if (util::iequals(a.schema, "urn:scimd:params:scim:schemas:extension:access:2.0:Group") &&
      util::iequals(a.attribute->name, "parent"))
    return Column{"r.parent_id", false, ColumnType::text};
  if (is(a, "displayName")) return Column{"r.display_name_folded", true, ColumnType::text};
  if (is(a, "members"))
    return filters::Relation{
        "EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = r.tenant_id AND m.group_id = r.id AND %s)",
        {{"value", Column{"m.member_id", false, ColumnType::text}},
         {"type", Column{"m.member_type", false, ColumnType::text}}}};
  return filters::InDocument{};
}

filters::Storage ApplicationColumns::storage(const filters::ResolvedAttribute& a) const {
  if (auto s = common_storage(a)) return *s;
  if (is(a, "name")) return Column{"r.name_folded", true, ColumnType::text};
  return filters::InDocument{};
}

}  // namespace scimd::store
