// Schema facts and column maps for the filters tests: RFC 7643 User (§4.1, common
// attributes §3.1), the enterprise extension (§4.3), Group (§4.2), plus a test extension
// with the attribute types the RFC schemas lack (integer, decimal, dateTime, binary,
// multi-valued strings). The column maps follow the store described in sql.hpp.
#pragma once

#include <scimd/filters/attribute_info.hpp>
#include <scimd/filters/sql.hpp>

#include <string>

namespace scimd::filters::test {

inline constexpr const char* user_urn = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr const char* group_urn = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr const char* enterprise_urn =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr const char* test_urn = "urn:scimd:test:2.0:User";

/// User facts (core, enterprise and test extensions).
const AttributeInfo& user_info();
/// Group facts.
const AttributeInfo& group_info();

/// The users table: id, external_id, user_name_folded, active (0/1), created,
/// last_modified, email_work_folded columns; everything else in r.doc.
class UserColumns final : public ColumnMap {
 public:
  Storage storage(const ResolvedAttribute& attribute) const override;
  std::optional<Column> keyed_column(const ResolvedAttribute& attribute, std::string_view key,
                                     std::string_view key_value,
                                     std::string_view sub) const override;
};

/// The groups table plus a memberships table named `memberships_table`.
class GroupColumns final : public ColumnMap {
 public:
  explicit GroupColumns(std::string memberships_table = "memberships");
  Storage storage(const ResolvedAttribute& attribute) const override;

 private:
  std::string memberships_;
};

}  // namespace scimd::filters::test
