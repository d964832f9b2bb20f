#include "store/db_error.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <string>

namespace scimd::store {

namespace {

constexpr int sqlite_constraint = 19;          // SQLITE_CONSTRAINT
constexpr int sqlite_constraint_unique = 2067;  // SQLITE_CONSTRAINT_UNIQUE
constexpr int sqlite_constraint_pk = 1555;      // SQLITE_CONSTRAINT_PRIMARYKEY
constexpr int sqlite_busy = 5;
constexpr int sqlite_locked = 6;

// The attribute behind a unique index, from the index or column name in the message.
std::string unique_attribute(const std::string& msg) {
  if (msg.find("user_name") != std::string::npos) return "userName";
  if (msg.find("display_name") != std::string::npos) return "displayName";
  if (msg.find("name_folded") != std::string::npos) return "name";
  return "a unique attribute";
}

scim::ScimError uniqueness(const std::string& msg) {
  return scim::ScimError::uniqueness(unique_attribute(msg) + " is already in use");
}

}  // namespace

scim::ScimError translate_db_error(const std::exception& e) {
  if (auto* s = dynamic_cast<const scim::ScimError*>(&e)) return *s;
  if (auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    std::string msg = s->what();
    int rc = s->result();
    bool is_unique = rc == sqlite_constraint_unique || rc == sqlite_constraint_pk ||
                     (rc == sqlite_constraint && msg.find("UNIQUE constraint failed") != std::string::npos);
    if (is_unique) return uniqueness(msg);
    if (rc == sqlite_busy || rc == sqlite_locked || msg.find("database is locked") != std::string::npos)
      return scim::ScimError::unavailable("the database is busy; retry the request");
  }
  if (auto* p = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    std::string state = p->sqlstate();
    if (state == "23505") return uniqueness(p->what());
    // 40001 serialization failure, 40P01 deadlock: the client may retry.
    if (state == "40001" || state == "40P01")
      return scim::ScimError::unavailable("a concurrent write conflicted; retry the request");
  }
  return scim::ScimError::internal("internal database error");
}

}  // namespace scimd::store
