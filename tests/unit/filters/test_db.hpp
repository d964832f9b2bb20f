// A scratch database for the differential test: in-memory SQLite, or PostgreSQL from the
// SCIMD_TEST_PG connection string, with the users / groups / memberships tables of the
// store (DESIGN.md §2) under names unique to this run, dropped at the end.
#pragma once

#include <scimd/filters/sql.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace scimd::filters::test {

struct UserRow;
struct GroupRow;

/// The backends to run against: SQLite always, PostgreSQL when SCIMD_TEST_PG is set.
std::vector<Dialect> available_backends();

class TestDb {
 public:
  explicit TestDb(Dialect dialect);
  ~TestDb();
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  Dialect dialect() const { return dialect_; }
  /// Qualified table names for this run.
  const std::string& users() const { return users_; }
  const std::string& groups() const { return groups_; }
  const std::string& memberships() const { return memberships_; }

  void insert(const std::vector<UserRow>& users, const std::vector<GroupRow>& groups);

  /// Runs `SELECT r.id FROM <table> r WHERE r.tenant_id = :tenant AND (<where>) ORDER BY
  /// <order_by>` with the fragment's parameters bound by name; returns ids in row order.
  std::vector<std::string> select_ids(const std::string& table, const SqlFragment& where,
                                      const std::string& order_by = "r.id");

 private:
  void exec(const std::string& sql);

  Dialect dialect_;
  std::unique_ptr<soci::session> session_;
  std::string schema_;
  std::string users_, groups_, memberships_;
};

}  // namespace scimd::filters::test
