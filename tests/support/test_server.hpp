#pragma once
// A real scimd (Database, migrations, Api, Pistache server on 127.0.0.1 port 0) running inside
// the test process, one per backend, started on first use and shared by the tests of a binary.
#include <memory>
#include <string>

#include "auth/token.hpp"
#include "store/database.hpp"
#include "support/backends.hpp"
#include "support/http_client.hpp"

namespace scimd::test {

/// Settings that differ from the shared default server; each distinct set gets its own server.
struct TestServerOptions {
  double rate_limit = 0;  ///< ApiOptions::rate_limit (0: off)
  double rate_burst = 0;
};

class TestServer {
 public:
  /// The server for a backend name ("sqlite", "postgresql").
  static TestServer& for_backend(const std::string& name);
  /// A server of its own for these options on that backend (same database as the default one).
  static TestServer& for_backend(const std::string& name, const TestServerOptions& options);

  /// "http://127.0.0.1:PORT"
  std::string base() const;
  /// A client holding a new token of `role` for `tenant` (created when missing).
  HttpClient client(const std::string& tenant, auth::Role role = auth::Role::provisioning);
  /// A client for a fresh tenant of its own.
  HttpClient fresh_client(auth::Role role = auth::Role::provisioning);

  store::Database& database() { return *db_; }

 private:
  TestServer(const Backend& backend, const TestServerOptions& options);
  struct Impl;
  std::shared_ptr<Impl> impl_;
  std::unique_ptr<store::Database> db_;
};

}  // namespace scimd::test
