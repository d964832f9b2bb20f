#include "store/migrate.hpp"

#include <cstdlib>
#include <string_view>

#include "util/embedded.hpp"

namespace scimd::store {

namespace {

struct Migration {
  int version;
  std::string name;
  std::string_view sql;
};

std::vector<Migration> embedded_migrations(Backend backend) {
  std::string_view dir = backend == Backend::sqlite ? "db/sqlite/" : "db/postgres/";
  std::vector<Migration> out;
  for (const auto& f : util::embedded_files()) {
    if (!f.path.starts_with(dir) || !f.path.ends_with(".sql")) continue;
    std::string name(f.path.substr(dir.size()));
    out.push_back({std::atoi(name.c_str()), name, f.content});
  }
  return out;  // embedded_files() is sorted by path, so by number
}

// Splits a migration into statements at a ';' that ends a line; strips "--" comment lines.
std::vector<std::string> statements(std::string_view sql) {
  std::vector<std::string> out;
  std::string current;
  size_t pos = 0;
  while (pos < sql.size()) {
    size_t end = sql.find('\n', pos);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view line = sql.substr(pos, end - pos);
    pos = end + 1;
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line.substr(first).starts_with("--")) continue;
    size_t last = line.find_last_not_of(" \t\r");
    current.append(line.substr(0, last + 1));
    current.push_back('\n');
    if (line[last] == ';') {
      current.erase(current.size() - 2);  // the ';' and '\n'
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
  return out;
}

void ensure_table(Database& db) {
  db.write([&](soci::session& s) {
    // Several processes starting at once on an empty PostgreSQL database race on CREATE TABLE
    // IF NOT EXISTS; the advisory lock serialises them.
    if (db.is_postgresql()) s << "SELECT pg_advisory_xact_lock(7243001)";
    s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)";
  });
}

int current_version(soci::session& s) {
  int v = 0;
  soci::indicator ind = soci::i_null;
  s << "SELECT MAX(version) FROM schema_migrations", soci::into(v, ind);
  return ind == soci::i_ok ? v : 0;
}

}  // namespace

std::vector<std::string> migrate(Database& db) {
  ensure_table(db);
  std::vector<std::string> applied;
  for (const auto& m : embedded_migrations(db.backend())) {
    db.write([&](soci::session& s) {
      // Serialise concurrent starts: the lock ends with the transaction.
      if (db.is_postgresql()) s << "SELECT pg_advisory_xact_lock(7243001)";
      if (current_version(s) >= m.version) return;
      for (const auto& stmt : statements(m.sql)) s << stmt;
      s << "INSERT INTO schema_migrations (version, name) VALUES (:v, :n)", soci::use(m.version),
          soci::use(m.name);
      applied.push_back(m.name);
    });
  }
  return applied;
}

bool is_migrated(Database& db) {
  auto all = embedded_migrations(db.backend());
  if (all.empty()) return true;
  int v = 0;
  try {
    db.read([&](soci::session& s) { v = current_version(s); });
  } catch (const std::exception&) {
    return false;
  }
  return v >= all.back().version;
}

}  // namespace scimd::store
