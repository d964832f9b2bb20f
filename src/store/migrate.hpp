#pragma once
// Applies the numbered migrations in db/<dialect>/ (embedded at build time).
#include <string>
#include <vector>

#include "store/database.hpp"

namespace scimd::store {

/// Applies every migration newer than the database's current version, each in its own
/// transaction. On PostgreSQL an advisory lock makes concurrent starts of several scimd
/// processes safe. Returns the names of the migrations applied (empty when up to date).
std::vector<std::string> migrate(Database& db);

/// True when every embedded migration has been applied (readiness probes).
bool is_migrated(Database& db);

}  // namespace scimd::store
