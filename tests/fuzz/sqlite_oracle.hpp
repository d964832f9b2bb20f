// A tiny differential oracle for the fuzz targets: the sample resources stored the way the
// store keeps them, in in-memory SQLite; runs a to_sql() fragment and returns the ids.
#pragma once

#include <scimd/filters/sql.hpp>

#include <set>
#include <string>

struct sqlite3;

namespace scimd::filters::fuzz {

/// The sample Users (evaluate() input, as JSON) that SqliteOracle stores.
extern const char* const sample_users[2];
/// The sample Group.
extern const char* const sample_group;

class SqliteOracle {
 public:
  SqliteOracle();
  ~SqliteOracle();
  SqliteOracle(const SqliteOracle&) = delete;
  SqliteOracle& operator=(const SqliteOracle&) = delete;

  /// Ids of the rows of `table` ("users" or "groups") matching `where`. Calls fail() when
  /// SQLite cannot prepare or run the SQL.
  std::set<std::string> select_ids(const char* table, const SqlFragment& where);

 private:
  void exec(const char* sql);
  ::sqlite3* db_ = nullptr;
};

}  // namespace scimd::filters::fuzz
