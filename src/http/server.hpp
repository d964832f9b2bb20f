#pragma once
// The Pistache endpoint: converts Pistache requests into HttpRequest, asks the Api, writes the
// HttpResponse back, and logs one line per request. The only file that includes Pistache.
#include <cstdint>
#include <memory>
#include <string>

#include "http/api.hpp"

namespace scimd::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  ///< 0 picks a free port (tests)
  int threads = 2;
  size_t max_request_bytes = 16 * 1024 * 1024;
  std::string tls_cert;  ///< PEM files; TLS is on when both are set
  std::string tls_key;
};

class Server {
 public:
  Server(std::shared_ptr<Api> api, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and starts serving on background threads; returns once the port is bound.
  void start();
  /// The bound port (useful with port 0).
  uint16_t port() const;
  /// Stops accepting and ends the worker threads.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// "host:port" → (host, port); throws std::invalid_argument.
std::pair<std::string, uint16_t> parse_listen(const std::string& listen);

}  // namespace scimd::http
