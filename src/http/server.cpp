#include "http/server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "http/connection_handler.hpp"
#include "http/listen_socket.hpp"

namespace scimd::http {

using namespace Pistache;

struct Server::Impl {
  std::shared_ptr<ServingState> state = std::make_shared<ServingState>();
  ServerOptions options;
  std::unique_ptr<Http::Endpoint> endpoint;
  uint16_t port = 0;  // kept: the endpoint cannot tell it once its listening socket is closed
};

Server::Server(std::shared_ptr<Api> api, ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->state->api = std::move(api);
  impl_->state->max_body_bytes = options.max_body_bytes;
  impl_->options = std::move(options);
}

Server::~Server() { stop(); }

void Server::start() {
  Address addr(impl_->options.host, Port(impl_->options.port));
  impl_->endpoint = std::make_unique<Http::Endpoint>(addr);
  const ServerOptions& o = impl_->options;
  // Pistache counts the whole request against maxRequestSize; the body limit itself is
  // enforced (as a SCIM Error) by ConnectionHandler, which also bounds the head.
  auto opts = Http::Endpoint::options()
                  .threads(o.threads)
                  .flags(Tcp::Options::ReuseAddr)
                  .maxRequestSize(o.max_body_bytes + max_head_bytes + 4)
                  .headerTimeout(o.header_timeout)
                  .bodyTimeout(o.body_timeout)
                  .keepaliveTimeout(o.keepalive_timeout);
  impl_->endpoint->init(opts);
  if (!o.tls_cert.empty() && !o.tls_key.empty()) impl_->endpoint->useSSL(o.tls_cert, o.tls_key);
  impl_->endpoint->setHandler(Http::make_handler<ConnectionHandler>(impl_->state));
  impl_->endpoint->serveThreaded();
  impl_->port = static_cast<uint16_t>(impl_->endpoint->getPort());
  if (!set_listen_backlog(impl_->port, o.backlog)) spdlog::warn("could not set the listen backlog of port {}", impl_->port);
}

uint16_t Server::port() const { return impl_->endpoint ? impl_->port : 0; }

int Server::in_flight() const { return impl_->state->in_flight.load(std::memory_order_acquire); }

bool Server::drain(std::chrono::milliseconds timeout) {
  if (!impl_->endpoint) return true;
  impl_->state->draining.store(true, std::memory_order_release);
  if (!close_listening_socket(impl_->port))
    spdlog::warn("could not close the listening socket of port {}; new connections are still accepted", impl_->port);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (in_flight() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return in_flight() == 0;
}

void Server::stop() {
  if (impl_ && impl_->endpoint) {
    impl_->endpoint->shutdown();
    impl_->endpoint.reset();
  }
}

std::pair<std::string, uint16_t> parse_listen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--listen must be HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    throw std::invalid_argument("--listen port must be a number");
  }
  if (port < 0 || port > 65535) throw std::invalid_argument("--listen port must be 0-65535");
  return {host.empty() ? "0.0.0.0" : host, static_cast<uint16_t>(port)};
}

}  // namespace scimd::http
