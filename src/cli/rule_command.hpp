#pragma once
// `scimd rule preview --db URL --tenant NAME (--id RULE | --file RULE.json)`: how many resources
// a mapping rule matches (and, for a stored rule, has effects on) before it is applied; the
// same answer as POST /access/v1/rules/preview and GET /access/v1/rules/{id}/preview.
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace scimd::cli {

struct RulePreviewOptions {
  std::string db_url = "sqlite:scimd.db";
  std::string tenant;
  std::string rule_id;  ///< a stored rule, or ""
  std::string file;     ///< a MappingRule JSON file ("-" for stdin), or ""
};

/// Prints the preview as one JSON object; returns the exit code (0, 1 for an unknown tenant or
/// rule, 2 for a malformed or invalid rule).
int run_rule_preview(const RulePreviewOptions& options, std::ostream& out);

/// Registers `rule preview` on app.
void register_rule_command(CLI::App& app);

}  // namespace scimd::cli
