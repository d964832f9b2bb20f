#include "cli/rule_command.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/command_exit.hpp"
#include "scim/access_service.hpp"
#include "scim/error.hpp"
#include "scim/json_body.hpp"
#include "scim/resource_kind.hpp"
#include "scim/schema_registry.hpp"
#include "store/database.hpp"
#include "store/migrate.hpp"
#include "store/tenant_store.hpp"
#include "util/json.hpp"

namespace scimd::cli {

int run_rule_preview(const RulePreviewOptions& options, std::ostream& out) {
  if (options.rule_id.empty() == options.file.empty()) {
    std::cerr << "rule preview: give either --id or --file\n";
    return 2;
  }
  std::optional<rapidjson::Document> body;
  if (!options.file.empty()) {
    std::stringstream text;
    if (options.file == "-") {
      text << std::cin.rdbuf();
    } else {
      std::ifstream in(options.file);
      if (!in) {
        std::cerr << "rule preview: cannot read " << options.file << "\n";
        return 2;
      }
      text << in.rdbuf();
    }
    try {
      body = scim::parse_json_body(text.str());
    } catch (const scim::ScimError& e) {
      std::cerr << "rule preview: " << e.detail() << "\n";
      return 2;
    }
  }
  store::Database db(store::parse_db_url(options.db_url), 1);
  store::migrate(db);
  std::optional<long long> tenant;
  db.read([&](soci::session& s) { tenant = store::find_tenant(s, options.tenant); });
  if (!tenant) {
    std::cerr << "rule preview: no tenant " << options.tenant << "\n";
    return 1;
  }
  auto registry = scim::SchemaRegistry::load_embedded();
  scim::ResourceKinds kinds(*registry, db.is_postgresql());
  scim::AccessService access(db, kinds);
  try {
    auto result = body ? access.rule_preview(*tenant, std::nullopt, &*body)
                       : access.rule_preview(*tenant, options.rule_id, nullptr);
    out << util::to_json(result) << "\n";
  } catch (const scim::ScimError& e) {
    std::cerr << "rule preview: " << e.detail() << "\n";
    return e.status() == 404 ? 1 : 2;
  }
  return 0;
}

void register_rule_command(CLI::App& app) {
  auto options = std::make_shared<RulePreviewOptions>();
  CLI::App* rule = app.add_subcommand("rule", "mapping rules");
  rule->require_subcommand(1);
  CLI::App* preview =
      rule->add_subcommand("preview", "how many resources a mapping rule matches, without applying it");
  preview->add_option("--db", options->db_url, "database URL: sqlite:PATH, postgresql://...")
      ->envname("SCIMD_DB")
      ->capture_default_str();
  preview->add_option("--tenant", options->tenant, "tenant name")->required();
  preview->add_option("--id", options->rule_id, "a stored rule's id");
  preview->add_option("--file", options->file, "a MappingRule as JSON (- for stdin)");
  preview->callback([options] { finish_command([&] { return run_rule_preview(*options, std::cout); }); });
}

}  // namespace scimd::cli
