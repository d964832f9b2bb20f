#include "test_schema.hpp"

namespace scimd::filters::test {
namespace {

AttributeFacts simple(std::string name, AttrType type = AttrType::string, bool case_exact = false) {
  return AttributeFacts{std::move(name), type, false, case_exact, {}};
}
AttributeFacts multi(AttributeFacts facts) {
  facts.is_multi_valued = true;
  return facts;
}
AttributeFacts complex(std::string name, std::vector<AttributeFacts> subs, bool multi_valued = false) {
  return AttributeFacts{std::move(name), AttrType::complex, multi_valued, false, std::move(subs)};
}
// value / display / type / primary, the usual multi-valued shape (RFC 7643 §2.4).
std::vector<AttributeFacts> typed_value(AttrType value_type = AttrType::string) {
  return {simple("value", value_type), simple("display"), simple("type"),
          simple("primary", AttrType::boolean)};
}

std::vector<AttributeFacts> common() {
  return {simple("id", AttrType::string, true), simple("externalId", AttrType::string, true),
          complex("meta", {simple("resourceType", AttrType::string, true),
                           simple("created", AttrType::date_time),
                           simple("lastModified", AttrType::date_time),
                           simple("location", AttrType::reference, true),
                           simple("version", AttrType::string, true)}),
          multi(simple("schemas", AttrType::reference, true))};
}

SchemaAttributeInfo make_user_info() {
  std::vector<AttributeFacts> core = common();
  const std::vector<AttributeFacts> user = {
      simple("userName"),
      complex("name", {simple("formatted"), simple("familyName"), simple("givenName"),
                       simple("middleName"), simple("honorificPrefix"), simple("honorificSuffix")}),
      simple("displayName"), simple("nickName"), simple("profileUrl", AttrType::reference),
      simple("title"), simple("userType"), simple("preferredLanguage"), simple("locale"),
      simple("timezone"), simple("active", AttrType::boolean), simple("password"),
      complex("emails", typed_value(), true), complex("phoneNumbers", typed_value(), true),
      complex("ims", typed_value(), true),
      complex("photos", typed_value(AttrType::reference), true),
      complex("addresses",
              {simple("formatted"), simple("streetAddress"), simple("locality"), simple("region"),
               simple("postalCode"), simple("country"), simple("type"),
               simple("primary", AttrType::boolean)},
              true),
      complex("groups",
              {simple("value"), simple("$ref", AttrType::reference), simple("display"), simple("type")},
              true),
      complex("entitlements", typed_value(), true), complex("roles", typed_value(), true),
      complex("x509Certificates", typed_value(AttrType::binary), true)};
  core.insert(core.end(), user.begin(), user.end());
  SchemaAttributeInfo info(user_urn, std::move(core));
  info.add_extension(enterprise_urn,
                     {simple("employeeNumber"), simple("costCenter"), simple("organization"),
                      simple("division"), simple("department"),
                      complex("manager", {simple("value"), simple("$ref", AttrType::reference),
                                          simple("displayName")})});
  info.add_extension(test_urn,
                     {multi(simple("tags")), simple("level", AttrType::integer),
                      simple("score", AttrType::decimal), simple("hired", AttrType::date_time),
                      simple("badge", AttrType::binary), simple("code", AttrType::string, true)});
  return info;
}

SchemaAttributeInfo make_group_info() {
  std::vector<AttributeFacts> core = common();
  core.push_back(simple("displayName"));
  core.push_back(complex("members",
                         {simple("value", AttrType::string, true),
                          simple("$ref", AttrType::reference), simple("display"), simple("type")},
                         true));
  return SchemaAttributeInfo(group_urn, std::move(core));
}

bool is(const ResolvedAttribute& a, std::string_view name, std::string_view sub = {}) {
  if (!a.schema.empty() || a.attribute->name != name) return false;
  return sub.empty() ? a.sub_attribute == nullptr
                     : a.sub_attribute != nullptr && a.sub_attribute->name == sub;
}

// Attributes the documents do not hold (DESIGN.md §2): id, meta, schemas, password.
Storage common_storage(const ResolvedAttribute& a) {
  if (is(a, "id")) return Column{"r.id", false, ColumnType::text};
  if (is(a, "externalId")) return Column{"r.external_id", false, ColumnType::text};
  if (is(a, "meta", "created")) return Column{"r.created", false, ColumnType::text};
  if (is(a, "meta", "lastModified")) return Column{"r.last_modified", false, ColumnType::text};
  if (a.schema.empty() && (a.attribute->name == "meta" || a.attribute->name == "schemas"))
    return NotStored{};
  return InDocument{};
}

}  // namespace

const AttributeInfo& user_info() {
  static const SchemaAttributeInfo info = make_user_info();
  return info;
}

const AttributeInfo& group_info() {
  static const SchemaAttributeInfo info = make_group_info();
  return info;
}

Storage UserColumns::storage(const ResolvedAttribute& a) const {
  if (is(a, "userName")) return Column{"r.user_name_folded", true, ColumnType::text};
  if (is(a, "active")) return Column{"r.active", false, ColumnType::integer};
  if (is(a, "password") || is(a, "groups")) return NotStored{};
  return common_storage(a);
}

std::optional<Column> UserColumns::keyed_column(const ResolvedAttribute& a, std::string_view key,
                                                std::string_view key_value,
                                                std::string_view sub) const {
  const bool work = key_value.size() == 4 && (key_value[0] | 0x20) == 'w' &&
                    (key_value[1] | 0x20) == 'o' && (key_value[2] | 0x20) == 'r' &&
                    (key_value[3] | 0x20) == 'k';
  if (is(a, "emails") && key == "type" && work && sub == "value")
    return Column{"r.email_work_folded", true, ColumnType::text};
  return std::nullopt;
}

GroupColumns::GroupColumns(std::string memberships_table) : memberships_(std::move(memberships_table)) {}

Storage GroupColumns::storage(const ResolvedAttribute& a) const {
  if (is(a, "displayName")) return Column{"r.display_name_folded", true, ColumnType::text};
  if (is(a, "members"))
    return Relation{"EXISTS (SELECT 1 FROM " + memberships_ +
                        " m WHERE m.tenant_id = r.tenant_id AND m.group_id = r.id AND %s)",
                    {{"value", Column{"m.member_id", false, ColumnType::text}},
                     {"type", Column{"m.member_type", false, ColumnType::text}}}};
  return common_storage(a);
}

}  // namespace scimd::filters::test
