#include "support/test_server.hpp"

#include <spdlog/spdlog.h>

#include <map>
#include <mutex>

#include "http/api.hpp"
#include "http/server.hpp"
#include "scim/schema_registry.hpp"
#include "store/migrate.hpp"
#include "store/tenant_store.hpp"
#include "util/random.hpp"

namespace scimd::test {

struct TestServer::Impl {
  std::shared_ptr<http::Api> api;
  std::unique_ptr<http::Server> server;
};

TestServer& TestServer::for_backend(const std::string& name) { return for_backend(name, TestServerOptions{}); }

TestServer& TestServer::for_backend(const std::string& name, const TestServerOptions& options) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<TestServer>> servers;
  std::lock_guard lock(mutex);
  auto& slot = servers[name + "/" + std::to_string(options.rate_limit) + "/" + std::to_string(options.rate_burst)];
  if (!slot) slot.reset(new TestServer(backend(name), options));
  return *slot;
}

TestServer::TestServer(const Backend& backend, const TestServerOptions& server_options)
    : impl_(std::make_shared<Impl>()) {
  spdlog::set_level(spdlog::level::warn);
  db_ = std::make_unique<store::Database>(store::parse_db_url(backend.db_url), 4);
  store::migrate(*db_);
  http::ApiOptions api_options;
  api_options.rate_limit = server_options.rate_limit;
  api_options.rate_burst = server_options.rate_burst;
  impl_->api = std::make_shared<http::Api>(*db_, scim::SchemaRegistry::load_embedded(), api_options);
  http::ServerOptions options;
  options.port = 0;
  options.threads = 3;
  impl_->server = std::make_unique<http::Server>(impl_->api, options);
  impl_->server->start();
}

std::string TestServer::base() const { return "http://127.0.0.1:" + std::to_string(impl_->server->port()); }

HttpClient TestServer::client(const std::string& tenant, auth::Role role) {
  std::string token = auth::new_token();
  db_->write([&](soci::session& s) {
    long long id = store::ensure_tenant(s, tenant);
    store::insert_token(s, id, util::new_uuid(), auth::hash_token(token), std::string(auth::to_string(role)));
  });
  return HttpClient(base(), token);
}

HttpClient TestServer::fresh_client(auth::Role role) { return client(unique_tenant("t"), role); }

}  // namespace scimd::test
