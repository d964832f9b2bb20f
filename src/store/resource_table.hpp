#pragma once
// One table of SCIM resources (users, groups): the JSON document plus the indexed columns that
// filters and sorting use (DESIGN.md §2). The caller computes the indexed values; this class
// only stores and finds rows. Every statement is keyed by tenant_id.
#include <soci/soci.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "store/sql_params.hpp"

namespace scimd::store {

/// A stored resource as read back.
struct ResourceRecord {
  std::string id;
  long long version = 0;
  std::string created;
  std::string last_modified;
  std::string doc;  ///< the canonical document (JSON text)
};

/// The value of an indexed column: NULL, text or integer.
using ColumnValue = std::variant<std::monostate, std::string, long long>;

/// The parts of a list query below the tenant key: a WHERE fragment over alias `r`, its
/// parameters, an ORDER BY expression, and the page window.
struct ListWindow {
  std::string where;               ///< empty for "all"
  std::vector<NamedParam> params;  ///< the fragment's parameters
  std::string order_by;            ///< e.g. "r.created, r.id"
  long long offset = 0;
  long long limit = 100;
};

class ResourceTable {
 public:
  /// table: "users" or "groups"; indexed_columns: the names, in the order values are given.
  ResourceTable(std::string table, std::vector<std::string> indexed_columns, bool is_postgresql);

  /// Inserts a new row. Unique violations surface as soci errors (mapped by Database::write).
  void insert(soci::session& s, long long tenant, const ResourceRecord& rec, const std::vector<ColumnValue>& indexed,
              const std::optional<std::string>& password_hash) const;

  /// The row with this id, or nullopt.
  std::optional<ResourceRecord> find(soci::session& s, long long tenant, const std::string& id) const;

  /// Like find, inside a write transaction: on PostgreSQL the row stays locked (FOR UPDATE)
  /// until the transaction ends, so a read-modify-write cannot lose a concurrent update.
  std::optional<ResourceRecord> find_for_update(soci::session& s, long long tenant, const std::string& id) const;

  /// Replaces document and indexed columns when the stored version is expected_version.
  /// A password_hash of nullopt keeps the stored one. Returns false when no row matched.
  bool update(soci::session& s, long long tenant, const ResourceRecord& rec, long long expected_version,
              const std::vector<ColumnValue>& indexed, const std::optional<std::string>& password_hash) const;

  /// Bumps version and lastModified without touching the document (membership changes).
  bool touch(soci::session& s, long long tenant, const std::string& id, long long new_version,
             const std::string& last_modified) const;

  /// Deletes the row; false when it did not exist.
  bool remove(soci::session& s, long long tenant, const std::string& id) const;

  /// One page of rows matching the window, in its order.
  std::vector<ResourceRecord> list(soci::session& s, long long tenant, ListWindow& w) const;

  /// The number of rows matching the window's WHERE fragment.
  long long count(soci::session& s, long long tenant, ListWindow& w) const;

  const std::string& table() const { return table_; }

 private:
  std::optional<ResourceRecord> find_row(soci::session& s, long long tenant, const std::string& id,
                                         const char* suffix) const;

  std::string table_;
  std::vector<std::string> indexed_;
  bool is_postgresql_;
  std::string select_columns_;
  std::string find_sql_;  ///< the cached by-id lookup
  std::string find_key_;
};

}  // namespace scimd::store
