#pragma once
// The databases every store and HTTP test runs against: SQLite (a temporary file, so the pool
// and WAL behave as in production) and PostgreSQL when SCIMD_TEST_PG holds a libpq connection
// string. scripts/test.sh always starts a throwaway PostgreSQL and sets it, so CI runs both.
#include <string>
#include <vector>

namespace scimd::test {

struct Backend {
  std::string name;    ///< "sqlite" or "postgresql" (used in test names)
  std::string db_url;  ///< a scimd database URL
};

/// The backends available to this run (SQLite always; PostgreSQL when configured).
std::vector<Backend> backends();

/// The backend names, for INSTANTIATE_TEST_SUITE_P.
std::vector<std::string> backend_names();

/// The backend called name; aborts the test when unknown.
Backend backend(const std::string& name);

/// A tenant name unique to this process and call, so tests never see each other's data.
std::string unique_tenant(const std::string& prefix);

}  // namespace scimd::test
