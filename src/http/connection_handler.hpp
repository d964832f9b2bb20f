#pragma once
// The Pistache handler of every connection: reads requests, answers them through the Api, and
// guards the server against hostile clients. Included by server.cpp only.
//
// It replaces Pistache's own input loop (Http::Handler::onInput) so that:
//  - a body over the limit is refused with a SCIM Error (413) as soon as its Content-Length is
//    read, before Pistache reserves memory for it, and the rest of the connection is dropped
//    (Pistache would answer a plain-text 413 only after buffering the limit, then parse the
//    rest of the body as new requests);
//  - malformed input answers a SCIM Error (400) rather than Pistache's exception text;
//  - Pistache's header and body timeouts count from a request's first byte, also on a
//    keep-alive connection (Pistache applies only its keep-alive timeout there);
//  - requests in flight (first byte read, answer not yet written) are counted, so a draining
//    server knows when it may stop.
#include <pistache/http.h>
#include <pistache/peer.h>

#include <atomic>
#include <memory>
#include <string>

#include "http/api.hpp"
#include "http/message.hpp"
#include "http/request_head.hpp"
#include "scim/error.hpp"

namespace scimd::http {

/// What the handler clones of all worker threads share.
struct ServingState {
  std::shared_ptr<Api> api;
  size_t max_body_bytes = 16 * 1024 * 1024;
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};  ///< answer with Connection: close and close
};

/// The largest request head (request line and header fields) accepted; beyond, 431.
inline constexpr size_t max_head_bytes = 64 * 1024;

class ConnectionHandler : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(ConnectionHandler)
  explicit ConnectionHandler(std::shared_ptr<ServingState> state) : state_(std::move(state)) {}

  void onRequest(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter writer) override;

  struct PeerState;

 private:
  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onInput(const char* buffer, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

  /// Reads the head of the current request as it arrives; false when the request was refused.
  bool check_head(const char* buffer, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer,
                  const std::shared_ptr<PeerState>& ps);
  /// Answers a complete request through the Api.
  void answer(const Pistache::Http::Request& request, const std::shared_ptr<Pistache::Tcp::Peer>& peer,
              const std::shared_ptr<PeerState>& ps);
  /// Answers `error` without reading the rest of the request, and drops the connection's input.
  void refuse(const std::shared_ptr<Pistache::Tcp::Peer>& peer, const std::shared_ptr<PeerState>& ps,
              const scim::ScimError& error, const RequestHead& head);
  /// Writes res; the request stops counting as in flight once it is written.
  void send(Pistache::Http::ResponseWriter writer, const HttpResponse& res, const std::string& request_id,
            bool close_after, const std::shared_ptr<Pistache::Tcp::Peer>& peer, const std::shared_ptr<PeerState>& ps);

  std::shared_ptr<ServingState> state_;
};

}  // namespace scimd::http
