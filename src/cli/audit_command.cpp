#include "cli/audit_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/command_exit.hpp"
#include "scim/audit_query.hpp"
#include "store/database.hpp"
#include "store/migrate.hpp"
#include "store/tenant_store.hpp"
#include "util/json.hpp"

namespace scimd::cli {

namespace {
// Records read per page: large pages, but never the whole log in memory at once.
constexpr long long page_size = 1000;
}  // namespace

int run_audit(const AuditOptions& options, std::ostream& out) {
  store::AuditQuery q;
  if (!options.since.empty()) {
    q.since = scim::normalize_time(options.since);
    if (!q.since) {
      std::cerr << "audit: --since must be an ISO 8601 time such as 2026-01-31T10:00:00Z\n";
      return 2;
    }
  }
  if (options.count && *options.count < 0) {
    std::cerr << "audit: --count must be 0 or more\n";
    return 2;
  }
  if (!options.resource_id.empty()) q.resource_id = options.resource_id;
  store::Database db(store::parse_db_url(options.db_url), 1);
  store::migrate(db);
  std::optional<long long> tenant;
  db.read([&](soci::session& s) { tenant = store::find_tenant(s, options.tenant); });
  if (!tenant) {
    std::cerr << "audit: no tenant " << options.tenant << "\n";
    return 1;
  }
  q.tenant_id = *tenant;
  long long left = options.count.value_or(-1);
  while (left != 0) {
    q.count = left < 0 ? page_size : std::min(left, page_size);
    store::AuditPage page;
    db.read_snapshot([&](soci::session& s) { page = store::query_audit(s, q); });
    for (const auto& r : page.records) {
      rapidjson::Document doc;
      out << util::to_json(scim::audit_record_json(r, doc.GetAllocator())) << "\n";
    }
    if (left > 0) left -= static_cast<long long>(page.records.size());
    if (static_cast<long long>(page.records.size()) < q.count) break;
    q.start_index += q.count;
  }
  out.flush();
  return 0;
}

void register_audit_command(CLI::App& app) {
  auto options = std::make_shared<AuditOptions>();
  auto count = std::make_shared<long long>(0);
  CLI::App* cmd = app.add_subcommand("audit", "print a tenant's audit trail, oldest first, one JSON object per line");
  cmd->add_option("--db", options->db_url, "database URL: sqlite:PATH, postgresql://...")
      ->envname("SCIMD_DB")
      ->capture_default_str();
  cmd->add_option("--tenant", options->tenant, "tenant name")->required();
  cmd->add_option("--since", options->since, "only records at or after this ISO 8601 time");
  cmd->add_option("--resource-id", options->resource_id, "only records of this resource (or token) id");
  CLI::Option* count_option = cmd->add_option("--count", *count, "at most this many records (default: all)");
  cmd->callback([options, count, count_option] {
    if (count_option->count() > 0) options->count = *count;
    finish_command([&] { return run_audit(*options, std::cout); });
  });
}

}  // namespace scimd::cli
