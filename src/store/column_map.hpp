#pragma once
// Where each filterable attribute lives in scimd's tables (filters::ColumnMap): indexed columns
// for what identity providers match on, the membership table for Group.members and User.groups,
// the JSON document for everything else (DESIGN.md §2).
#include <scimd/filters/sql.hpp>

namespace scimd::store {

/// The column map of the users table.
class UserColumns final : public filters::ColumnMap {
 public:
  filters::Storage storage(const filters::ResolvedAttribute& attribute) const override;
  std::optional<filters::Column> keyed_column(const filters::ResolvedAttribute& attribute, std::string_view key,
                                              std::string_view key_value, std::string_view sub) const override;
};

/// The column map of the groups table.
class GroupColumns final : public filters::ColumnMap {
 public:
  filters::Storage storage(const filters::ResolvedAttribute& attribute) const override;
};

/// The column map of the applications table.
class ApplicationColumns final : public filters::ColumnMap {
 public:
  filters::Storage storage(const filters::ResolvedAttribute& attribute) const override;
};

}  // namespace scimd::store
