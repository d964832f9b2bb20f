#include "cli/outbox_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>
#include <string>

#include "cli/command_exit.hpp"
#include "config/config.hpp"
#include "store/database.hpp"
#include "store/migrate.hpp"
#include "store/outbox_store.hpp"
#include "store/tenant_store.hpp"
#include "util/json.hpp"

namespace scimd::cli {

namespace {

struct ListOptions {
  std::string db_url = "sqlite:scimd.db";
  std::string tenant;
  std::string status;
  size_t count = 100;
};

std::string to_json_line(const store::OutboxRecord& r) {
  rapidjson::Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  auto text_or_null = [&](const std::string& s) {
    return s.empty() ? rapidjson::Value() : util::string_value(s, a);
  };
  d.AddMember("seq", static_cast<int64_t>(r.seq), a);
  d.AddMember("id", util::string_value(r.id, a), a);
  d.AddMember("userId", util::string_value(r.user_id, a), a);
  d.AddMember("status", util::string_value(r.status, a), a);
  d.AddMember("attempts", r.attempts, a);
  d.AddMember("nextAttempt", r.status == "pending" ? util::string_value(r.next_attempt, a) : rapidjson::Value(), a);
  d.AddMember("lastError", text_or_null(r.last_error), a);
  d.AddMember("created", util::string_value(r.created, a), a);
  d.AddMember("delivered", text_or_null(r.delivered), a);
  // The payload is the JSON the webhook receives; shown as JSON, or as text if it is not.
  rapidjson::Document payload(&a);
  payload.Parse(r.payload.c_str());
  if (payload.HasParseError())
    d.AddMember("payload", util::string_value(r.payload, a), a);
  else
    d.AddMember("payload", rapidjson::Value(payload, a), a);
  return util::to_json(d);
}

int run_list(const ListOptions& o) {
  std::optional<std::string> status;
  if (!o.status.empty()) status = o.status;
  store::Database db(store::parse_db_url(o.db_url), 1);
  store::migrate(db);
  int rc = 0;
  db.read([&](soci::session& s) {
    auto tenant = store::find_tenant(s, o.tenant);
    if (!tenant) {
      std::cerr << "no tenant " << o.tenant << "\n";
      rc = 1;
      return;
    }
    for (const auto& r : store::list_events(s, *tenant, status, o.count)) std::cout << to_json_line(r) << "\n";
  });
  std::cout.flush();
  return rc;
}

}  // namespace

void add_dispatcher_options(CLI::App& serve, config::Config& cfg) {
  serve.add_option("--dispatcher", cfg.dispatcher, "deliver access-change notifications to webhooks: on|off")
      ->envname("SCIMD_DISPATCHER")
      ->capture_default_str();
  serve.add_option("--webhook-timeout", cfg.webhook_timeout, "seconds a webhook POST may take, answer included")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  serve.add_option("--webhook-connect-timeout", cfg.webhook_connect_timeout, "seconds to connect to a webhook")
      ->check(CLI::Range(1, 60))
      ->capture_default_str();
}

void register_outbox_command(CLI::App& app) {
  auto options = std::make_shared<ListOptions>();
  auto* outbox = app.add_subcommand("outbox", "access-change notifications and their delivery");
  outbox->require_subcommand(1);
  auto* list = outbox->add_subcommand("list", "a tenant's events, newest first, as JSON lines");
  list->add_option("--db", options->db_url, "database URL: sqlite:PATH, sqlite::memory:, postgresql://...")
      ->envname("SCIMD_DB")
      ->capture_default_str();
  list->add_option("--tenant", options->tenant, "tenant name")->required();
  list->add_option("--status", options->status, "only events in this state")
      ->check(CLI::IsMember({"pending", "delivered", "recorded"}));
  list->add_option("--count", options->count, "at most this many events")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  list->callback([options] { finish_command([&] { return run_list(*options); }); });
}

}  // namespace scimd::cli
