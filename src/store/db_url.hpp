#pragma once
// Database URLs as the command line takes them:
//   sqlite:PATH, sqlite::memory:, postgresql://user:pass@host:port/db,
//   postgresql:key=value ... (libpq's keyword form after "postgresql:").
#include <string>
#include <string_view>

namespace scimd::store {

enum class Backend { sqlite, postgresql };

struct DbUrl {
  Backend backend = Backend::sqlite;
  std::string connect_string;  ///< what SOCI's backend receives
  bool is_in_memory = false;   ///< sqlite::memory:
};

/// Parses a database URL; throws std::invalid_argument with a readable message.
DbUrl parse_db_url(std::string_view url);

}  // namespace scimd::store
