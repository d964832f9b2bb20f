#pragma once
// `scimd outbox list --db URL --tenant NAME [--status pending|delivered|recorded] [--count N]`:
// the delivery status of a tenant's access.changed events (issue 7, point 2), newest first, one
// JSON object per line: seq, id, userId, status, attempts, nextAttempt, lastError, created,
// delivered, payload.
namespace CLI {
class App;
}
namespace scimd::config {
struct Config;
}

namespace scimd::cli {

/// Adds serve's dispatcher flags: --dispatcher on|off (SCIMD_DISPATCHER), --webhook-timeout and
/// --webhook-connect-timeout (seconds).
void add_dispatcher_options(CLI::App& serve, config::Config& cfg);

/// Adds the `outbox` command (with `list`) to the command line; it runs while parsing and ends
/// with a CLI::RuntimeError carrying the exit code when it fails.
void register_outbox_command(CLI::App& app);

}  // namespace scimd::cli
