#pragma once
// `scimd audit --db URL --tenant NAME [--since T] [--resource-id ID] [--count N]`: prints the
// tenant's audit records, oldest first, one JSON object per line (the same objects as
// GET /access/v1/audit returns in "Resources").
#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace scimd::cli {

struct AuditOptions {
  std::string db_url = "sqlite:scimd.db";
  std::string tenant;
  std::string since;        ///< ISO 8601; "" for the beginning
  std::string resource_id;  ///< "" for every resource
  std::optional<long long> count;  ///< at most this many records; nullopt for all
};

/// Prints the records to out; returns the exit code (0, 1 for an unknown tenant, 2 for a
/// malformed --since or --count). Messages go to stderr.
int run_audit(const AuditOptions& options, std::ostream& out);

/// Registers the `audit` subcommand on app; it runs when parsed and ends the process's parse
/// with its exit code (CLI::RuntimeError) when that is not 0.
void register_audit_command(CLI::App& app);

}  // namespace scimd::cli
