#pragma once
// The Pistache endpoint: its options (threads, limits, timeouts), start, graceful drain and stop.
// Requests are read and answered by connection_handler.cpp; these two files are the only ones
// that include Pistache.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "http/api.hpp"

namespace scimd::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  ///< 0 picks a free port (tests)
  int threads = 2;
  size_t max_body_bytes = 16 * 1024 * 1024;  ///< larger bodies answer 413
  std::chrono::seconds header_timeout{10};   ///< from a request's first byte to the end of its headers
  std::chrono::seconds body_timeout{60};     ///< from a request's first byte to the end of its body
  std::chrono::seconds keepalive_timeout{75};
  int backlog = 1024;                        ///< connections the kernel queues before accept
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
  /// Graceful stop, first half: refuses new connections (the listening socket is closed), answers
  /// with "Connection: close" from now on, and waits until no request is in flight (first byte
  /// read, answer not yet written) or `timeout` has passed. True when none is left.
  bool drain(std::chrono::milliseconds timeout);
  /// Requests in flight now.
  int in_flight() const;
  /// Ends the worker threads (and with them every connection).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// "host:port" → (host, port); throws std::invalid_argument.
std::pair<std::string, uint16_t> parse_listen(const std::string& listen);

}  // namespace scimd::http
