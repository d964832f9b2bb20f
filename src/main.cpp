// scimd: wiring only. Subcommands: serve, migrate, token create.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "auth/token.hpp"
#include "cli/audit_command.hpp"
#include "cli/import_command.hpp"
#include "cli/outbox_command.hpp"
#include "cli/rule_command.hpp"
#include "config/config.hpp"
#include "config/serve_options.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "notify/dispatcher.hpp"
#include "notify/webhook.hpp"
#include "scim/audit.hpp"
#include "scim/schema_registry.hpp"
#include "store/database.hpp"
#include "store/migrate.hpp"
#include "store/tenant_store.hpp"
#include "util/clock.hpp"
#include "util/json.hpp"
#include "util/log.hpp"
#include "util/random.hpp"

namespace {

using scimd::config::Config;

int run_migrate(const Config& cfg) {
  scimd::store::Database db(scimd::store::parse_db_url(cfg.db_url), 1);
  auto applied = scimd::store::migrate(db);
  for (const auto& name : applied) std::cerr << "applied " << name << "\n";
  if (applied.empty()) std::cerr << "database is up to date\n";
  return 0;
}

// "90d", "12h", "30m", "45s" from now, or a date "2027-01-31" (midnight UTC): the fixed-width
// UTC text the authenticator compares with.
std::optional<std::string> parse_expiry(const std::string& text) {
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') return text + "T00:00:00.000Z";
  if (text.size() < 2) return std::nullopt;
  long long n = 0;
  try {
    size_t used = 0;
    n = std::stoll(text, &used);
    if (used != text.size() - 1 || n <= 0) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  switch (text.back()) {
    case 's': return scimd::util::iso8601_after(n);
    case 'm': return scimd::util::iso8601_after(n * 60);
    case 'h': return scimd::util::iso8601_after(n * 3600);
    case 'd': return scimd::util::iso8601_after(n * 86400);
    default: return std::nullopt;
  }
}

int run_token_list(const Config& cfg, const std::string& tenant) {
  scimd::store::Database db(scimd::store::parse_db_url(cfg.db_url), 1);
  scimd::store::migrate(db);
  db.read([&](soci::session& s) {
    auto id = scimd::store::find_tenant(s, tenant);
    if (!id) return;
    std::cout << "id\trole\tcreated\texpires\trevoked\n";
    for (const auto& t : scimd::store::list_tokens(s, *id))
      std::cout << t.id << "\t" << t.role << "\t" << t.created << "\t" << (t.expires.empty() ? "-" : t.expires) << "\t"
                << (t.revoked.empty() ? "-" : t.revoked) << "\n";
  });
  return 0;
}

int run_token_revoke(const Config& cfg, const std::string& tenant, const std::string& token_id) {
  scimd::store::Database db(scimd::store::parse_db_url(cfg.db_url), 1);
  scimd::store::migrate(db);
  bool revoked = false;
  db.write([&](soci::session& s) {
    auto id = scimd::store::find_tenant(s, tenant);
    revoked = id && scimd::store::revoke_token(s, *id, token_id);
    if (revoked) scimd::scim::record_cli_write(s, *id, "DELETE", "Token", token_id);
  });
  if (!revoked) {
    std::cerr << "no valid token " << token_id << " in tenant " << tenant << "\n";
    return 1;
  }
  std::cerr << "revoked " << token_id << "\n";
  return 0;
}

int run_token_create(const Config& cfg, const std::string& tenant, const std::string& role_name,
                     const std::string& expires_text) {
  std::string expires;
  if (!expires_text.empty()) {
    auto parsed = parse_expiry(expires_text);
    if (!parsed) {
      std::cerr << "--expires takes 90d, 12h, 30m, 45s or a date YYYY-MM-DD\n";
      return 2;
    }
    expires = *parsed;
  }
  auto role = scimd::auth::parse_role(role_name);
  if (!role) {
    std::cerr << "unknown role '" << role_name << "': use provisioning, read or admin\n";
    return 2;
  }
  scimd::store::Database db(scimd::store::parse_db_url(cfg.db_url), 1);
  scimd::store::migrate(db);
  std::string token = scimd::auth::new_token();
  db.write([&](soci::session& s) {
    long long tenant_id = scimd::store::ensure_tenant(s, tenant);
    const std::string token_id = scimd::util::new_uuid();
    scimd::store::insert_token(s, tenant_id, token_id, scimd::auth::hash_token(token),
                               std::string(scimd::auth::to_string(*role)), expires);
    scimd::scim::record_cli_write(s, tenant_id, "POST", "Token", token_id);
  });
  std::cout << token << std::endl;  // stdout carries the token only
  return 0;
}

int run_tenant_set(const Config& cfg, const std::string& tenant, const std::optional<bool>& groups_active,
                   const scimd::notify::WebhookChange& webhook) {
  scimd::store::Database db(scimd::store::parse_db_url(cfg.db_url), 1);
  scimd::store::migrate(db);
  db.write([&](soci::session& s) {
    long long tenant_id = scimd::store::ensure_tenant(s, tenant);
    rapidjson::Document settings;
    std::string text = scimd::store::tenant_settings(s, tenant_id);
    settings.Parse(text.c_str());
    if (!settings.IsObject()) settings.SetObject();
    if (groups_active) {
      settings.RemoveMember("groupsActiveByDefault");
      settings.AddMember("groupsActiveByDefault", *groups_active, settings.GetAllocator());
    }
    std::string new_secret = scimd::notify::apply_webhook_change(settings, webhook);
    scimd::store::set_tenant_settings(s, tenant_id, scimd::util::to_json(settings));
    scimd::scim::record_cli_write(s, tenant_id, "PATCH", "Tenant", tenant, &settings);  // secrets redacted
    std::cout << scimd::notify::printable_settings(settings, new_secret) << std::endl;  // never the secret
  });
  return 0;
}

int run_serve(const Config& cfg) {
  // Block the stop signals before any thread starts, so only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto url = scimd::store::parse_db_url(cfg.db_url);
  auto db_pool = std::make_unique<scimd::store::Database>(url, static_cast<size_t>(cfg.threads) + 1);
  scimd::store::Database& db = *db_pool;
  for (const auto& name : scimd::store::migrate(db)) spdlog::info("applied migration {}", name);
  auto registry = scimd::scim::SchemaRegistry::load_embedded();
  scimd::http::ApiOptions api_options;
  api_options.public_base_url = cfg.public_url;
  api_options.is_tls = !cfg.tls_cert.empty();
  api_options.rate_limit = cfg.rate_limit;
  api_options.rate_burst = cfg.rate_burst;
  auto api = std::make_shared<scimd::http::Api>(db, registry, api_options);

  auto [host, port] = scimd::http::parse_listen(cfg.listen);
  scimd::http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.threads = cfg.threads;
  options.tls_cert = cfg.tls_cert;
  options.tls_key = cfg.tls_key;
  options.max_body_bytes = cfg.max_body_bytes;
  options.header_timeout = std::chrono::seconds(cfg.header_timeout);
  options.body_timeout = std::chrono::seconds(cfg.body_timeout);
  scimd::http::Server server(api, options);
  server.start();
  auto dispatcher = scimd::notify::start_dispatcher(db, url, cfg);  // nullptr with --dispatcher off
  std::string scheme = cfg.tls_cert.empty() ? "http" : "https";
  spdlog::info("scimd serving SCIM at {}://{}:{}/scim/v2 (database {})", scheme, host, server.port(),
               url.backend == scimd::store::Backend::sqlite ? "sqlite" : "postgresql");
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("received signal {}, shutting down: refusing new connections, {} request(s) in flight get up to {} s",
               sig, server.in_flight(), cfg.shutdown_timeout);
  if (!server.drain(std::chrono::seconds(cfg.shutdown_timeout))) {
    // A handler still running would block the worker threads' join; each write is one
    // transaction, so leaving now is as safe as a crash.
    spdlog::warn("shutdown timeout: {} request(s) still in flight are cut off", server.in_flight());
    spdlog::shutdown();
    std::_Exit(1);
  }
  server.stop();
  dispatcher.reset();
  db_pool.reset();
  spdlog::info("stopped: every request answered, database connections closed");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"scimd: a SCIM 2.0 provisioning server"};
  app.require_subcommand(1);
  Config cfg;
  auto add_db = [&](CLI::App* cmd) {
    cmd->add_option("--db", cfg.db_url, "database URL: sqlite:PATH, sqlite::memory:, postgresql://...")
        ->envname("SCIMD_DB")
        ->capture_default_str();
  };

  auto* serve = app.add_subcommand("serve", "serve the SCIM API");
  add_db(serve);
  scimd::config::add_serve_options(*serve, cfg);
  scimd::cli::add_dispatcher_options(*serve, cfg);

  auto* migrate = app.add_subcommand("migrate", "apply database migrations");
  add_db(migrate);

  auto* token = app.add_subcommand("token", "manage bearer tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "create a token and print it on stdout");
  add_db(token_create);
  std::string tenant, role = "provisioning";
  token_create->add_option("--tenant", tenant, "tenant name (created if missing)")->required();
  token_create->add_option("--role", role, "provisioning, read or admin")->capture_default_str();
  std::string expires;
  token_create->add_option("--expires", expires, "lifetime (90d, 12h, 30m) or a date YYYY-MM-DD; default never");
  auto* token_list = token->add_subcommand("list", "list a tenant's tokens (never the secrets)");
  add_db(token_list);
  std::string list_tenant;
  token_list->add_option("--tenant", list_tenant, "tenant name")->required();
  auto* token_revoke = token->add_subcommand("revoke", "revoke a token (effective on the next request)");
  add_db(token_revoke);
  std::string revoke_tenant, revoke_id;
  token_revoke->add_option("--tenant", revoke_tenant, "tenant name")->required();
  token_revoke->add_option("--id", revoke_id, "token id (from token list)")->required();

  auto* tenant_cmd = app.add_subcommand("tenant", "manage tenants");
  tenant_cmd->require_subcommand(1);
  auto* tenant_set = tenant_cmd->add_subcommand("set", "change a tenant's settings (prints them)");
  add_db(tenant_set);
  std::string set_tenant;
  std::optional<bool> groups_active;
  tenant_set->add_option("--tenant", set_tenant, "tenant name (created if missing)")->required();
  tenant_set->add_option("--groups-active-by-default", groups_active,
                         "whether groups created without the access extension's `active` start active");
  scimd::notify::WebhookChange webhook_change;
  tenant_set->add_option("--webhook", webhook_change.url, "URL that access-change events are POSTed to (\"\" removes it)");
  tenant_set->add_option("--webhook-secret", webhook_change.secret, "HMAC secret (generated and printed once if not given)");

  auto* import_cmd = app.add_subcommand("import", "load SCIM Users and Groups from JSON lines");
  add_db(import_cmd);
  scimd::cli::ImportOptions import_options;
  import_cmd->add_option("--tenant", import_options.tenant, "tenant name (created if missing)")->required();
  import_cmd->add_option("--batch", import_options.batch_size, "resources per transaction")->capture_default_str();
  import_cmd->add_option("file", import_options.file, "JSON lines file, or - for stdin")->required();

  scimd::cli::register_outbox_command(app);
  scimd::cli::register_audit_command(app);
  scimd::cli::register_rule_command(app);

  scimd::config::add_default_env_names(*serve);  // after every serve flag is added
  CLI11_PARSE(app, argc, argv);
  try {
    if (*serve) scimd::config::apply_config_file(*serve, cfg.config_file);
  } catch (const std::exception& e) {
    std::cerr << "scimd: " << e.what() << "\n";
    return 2;
  }
  if (*serve)
    scimd::util::setup_logging(*scimd::util::parse_log_format(cfg.log_format), spdlog::level::from_str(cfg.log_level));
  else
    spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  try {
    if (*serve) return run_serve(cfg);
    if (*migrate) return run_migrate(cfg);
    if (*token_create) return run_token_create(cfg, tenant, role, expires);
    if (*token_list) return run_token_list(cfg, list_tenant);
    if (*token_revoke) return run_token_revoke(cfg, revoke_tenant, revoke_id);
    if (*import_cmd) {
      import_options.db_url = cfg.db_url;
      return scimd::cli::run_import(import_options);
    }
    if (*tenant_set) return run_tenant_set(cfg, set_tenant, groups_active, webhook_change);
  } catch (const std::exception& e) {
    std::cerr << "scimd: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
