#pragma once
// `scimd import --db URL --tenant NAME FILE`: loads SCIM User and Group resources from JSON
// lines (FILE or "-" for stdin) in large transactions, keeping ids given in the file, reporting
// each rejected line with its reason and going on. Shows progress on a terminal.
#include <string>

namespace scimd::cli {

struct ImportOptions {
  std::string db_url;
  std::string tenant;
  std::string file;
  size_t batch_size = 2000;
};

/// Runs the import; returns the process exit code (0 when every line was imported, 1 when some
/// were rejected, 2 when the file cannot be read).
int run_import(const ImportOptions& options);

}  // namespace scimd::cli
