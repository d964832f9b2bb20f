#include "sqlite_oracle.hpp"

#include "fuzz_check.hpp"

#include <sqlite3.h>

#include <variant>

namespace scimd::filters::fuzz {

const char* const sample_users[2] = {
    R"({"id":"u1","userName":"BJensen","active":true,"title":"","name":{"givenName":"Barbara"},
        "emails":[{"value":"b@x.com","type":"work","primary":true},null,"x"],
        "urn:scimd:test:2.0:User":{"tags":["a",""],"level":3,"score":2.5,"hired":"2020-02-29T23:59:59.999+01:00"},
        "meta":{"created":"2011-08-01T18:29:49.793Z","lastModified":"2011-08-01T18:29:49.793Z"}})",
    R"({"id":"u2","userName":"zed","externalId":"X","emails":[],"name":"x","displayName":"Zed [*]",
        "urn:scimd:test:2.0:User":{"level":"3","tags":"a","score":-1},
        "meta":{"created":"2020-01-01T00:00:00.000Z","lastModified":"2020-01-01T00:00:00.001Z"}})"};
const char* const sample_group =
    R"({"id":"g1","displayName":"Sales","members":[{"value":"u1","type":"User"}]})";

SqliteOracle::SqliteOracle() {
  sqlite3_open(":memory:", &db_);
  // The documents without id / meta / members, and the columns computed from them.
  exec("CREATE TABLE users (tenant_id, id, doc, user_name_folded, external_id, active, created, "
       "last_modified, email_work_folded);"
       "CREATE TABLE groups (tenant_id, id, doc, display_name_folded, external_id, created, last_modified);"
       "CREATE TABLE memberships (tenant_id, group_id, member_id, member_type);"
       "INSERT INTO users VALUES ('t', 'u1', '{\"userName\":\"BJensen\",\"active\":true,\"title\":\"\","
       "\"name\":{\"givenName\":\"Barbara\"},\"emails\":[{\"value\":\"b@x.com\",\"type\":\"work\",\"primary\":true},null,\"x\"],"
       "\"urn:scimd:test:2.0:User\":{\"tags\":[\"a\",\"\"],\"level\":3,\"score\":2.5,\"hired\":\"2020-02-29T23:59:59.999+01:00\"}}',"
       " 'bjensen', NULL, 1, '2011-08-01T18:29:49.793Z', '2011-08-01T18:29:49.793Z', 'b@x.com');"
       "INSERT INTO users VALUES ('t', 'u2', '{\"userName\":\"zed\",\"externalId\":\"X\",\"emails\":[],\"name\":\"x\","
       "\"displayName\":\"Zed [*]\",\"urn:scimd:test:2.0:User\":{\"level\":\"3\",\"tags\":\"a\",\"score\":-1}}',"
       " 'zed', 'X', NULL, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.001Z', NULL);"
       "INSERT INTO groups VALUES ('t', 'g1', '{\"displayName\":\"Sales\"}', 'sales', NULL, NULL, NULL);"
       "INSERT INTO memberships VALUES ('t', 'g1', 'u1', 'User');");
}

SqliteOracle::~SqliteOracle() { sqlite3_close(db_); }

void SqliteOracle::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail("oracle setup", sqlite3_errmsg(db_));
}

std::set<std::string> SqliteOracle::select_ids(const char* table, const SqlFragment& where) {
  const std::string sql = std::string("SELECT r.id FROM ") + table + " r WHERE r.tenant_id = 't' AND (" +
                          where.text + ")";
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
    fail("SQLite rejects the SQL", std::string(sqlite3_errmsg(db_)) + "\n" + sql);
  for (std::size_t i = 0; i < where.params.size(); ++i) {
    const std::string name = ":f" + std::to_string(i + 1);
    const int index = sqlite3_bind_parameter_index(statement, name.c_str());
    if (index == 0) fail("placeholder missing", name + "\n" + sql);
    std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::string>)
            sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
          else if constexpr (std::is_same_v<T, long long>)
            sqlite3_bind_int64(statement, index, value);
          else
            sqlite3_bind_double(statement, index, value);
        },
        where.params[i]);
  }
  std::set<std::string> ids;
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
    ids.emplace(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  if (rc != SQLITE_DONE) fail("SQLite cannot run the SQL", std::string(sqlite3_errmsg(db_)) + "\n" + sql);
  sqlite3_finalize(statement);
  return ids;
}

}  // namespace scimd::filters::fuzz
