#include "http/connection_handler.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <chrono>
#include <sstream>

#include "http/render.hpp"
#include "http/request_id.hpp"
#include "util/log.hpp"
#include "util/text.hpp"

namespace scimd::http {

using namespace Pistache;

struct ConnectionHandler::PeerState {
  bool busy = false;        ///< a request has begun and its answer is not written yet
  bool discarding = false;  ///< answered early: the rest of this connection's input is dropped
  bool head_seen = false;   ///< the current request's head was checked
  std::string head;         ///< the current request's bytes until its head is complete
};

namespace {

constexpr const char* peer_state_key = "scimd.peer";

// Percent-decodes a path; unlike a query, '+' stays a '+'.
std::string decode_path(const std::string& raw) {
  std::string protected_plus;
  protected_plus.reserve(raw.size());
  for (char c : raw) {
    if (c == '+') protected_plus += "%2B";
    else protected_plus.push_back(c);
  }
  return util::url_decode(protected_plus);
}

HttpRequest convert(const Http::Request& in) {
  HttpRequest r;
  r.method = Http::methodString(in.method());
  r.path = decode_path(in.resource());
  // stack-notes.md: Pistache leaves query names and values percent-encoded.
  for (auto it = in.query().parameters_begin(); it != in.query().parameters_end(); ++it)
    r.query[util::url_decode(it->first)] = util::url_decode(it->second);
  for (const auto& h : in.headers().list()) {
    std::ostringstream value;
    h->write(value);
    r.headers[util::ascii_lower(h->name())] = value.str();
  }
  for (const auto& [name, raw] : in.headers().rawList()) r.headers[util::ascii_lower(name)] = raw.value();
  r.body = in.body();
  r.peer = in.address().host();
  return r;
}

// A response header with a run-time name. Pistache 0.0.5 serialises only typed headers (its
// raw headers are dropped), so every header we send goes through this class.
class NamedHeader : public Http::Header::Header {
 public:
  NamedHeader(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& os) const override { os << value_; }
#ifdef SAFE_HEADER_CAST
  uint64_t hash() const override { return std::hash<std::string>{}(name_); }
#endif

 private:
  std::string name_;
  std::string value_;
};

std::shared_ptr<ConnectionHandler::PeerState> peer_state(const std::shared_ptr<Tcp::Peer>& peer) {
  return std::static_pointer_cast<ConnectionHandler::PeerState>(peer->tryGetData(peer_state_key));
}

// The request stops counting as in flight (its answer is written, or its connection is gone).
void finish(ServingState& state, ConnectionHandler::PeerState& ps) {
  if (!ps.busy) return;
  ps.busy = false;
  state.in_flight.fetch_sub(1, std::memory_order_acq_rel);
}

void log_access(std::string_view method, std::string_view path, int status,
                std::chrono::steady_clock::time_point started, std::string_view remote) {
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  util::log_event(spdlog::level::info, "request",
                  {{"method", method}, {"path", path}, {"status", static_cast<long long>(status)},
                   {"duration_ms", ms}, {"remote", remote}});
}

}  // namespace

void ConnectionHandler::onConnection(const std::shared_ptr<Tcp::Peer>& peer) {
  // What Http::Handler::onConnection does (the parser Pistache's timeouts inspect), plus ours.
  peer->putData(ParserData, std::make_shared<Http::RequestParser>(getMaxRequestSize()));
  peer->putData(peer_state_key, std::make_shared<PeerState>());
}

void ConnectionHandler::onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) {
  if (auto ps = peer_state(peer)) finish(*state_, *ps);
}

void ConnectionHandler::onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) {
  auto ps = peer_state(peer);
  if (!ps || ps->discarding) return;
  auto parser = getParser(peer);
  if (!ps->busy) {
    ps->busy = true;
    state_->in_flight.fetch_add(1, std::memory_order_acq_rel);
    parser->reset();        // Pistache's header and body timeouts count from this first byte,
    peer->setIdle(false);   // and apply instead of the keep-alive timeout.
  }
  if (!ps->head_seen && !check_head(buffer, len, peer, ps)) return;
  try {
    if (!parser->feed(buffer, len))  // only a chunked body can get here: a declared one was checked
      return refuse(peer, ps, scim::ScimError::payload_too_large("the request body is larger than " +
                                                                 std::to_string(state_->max_body_bytes) + " bytes"),
                    {});
    if (parser->parse() != Http::Private::State::Done) return;
    if (parser->request.body().size() > state_->max_body_bytes)
      return refuse(peer, ps, scim::ScimError::payload_too_large("the request body is larger than " +
                                                                 std::to_string(state_->max_body_bytes) + " bytes"),
                    {});
    parser->request.copyAddress(peer->address());
    answer(parser->request, peer, ps);
    parser->reset();
    ps->head_seen = false;
  } catch (const std::exception& e) {
    // Pistache's parser throws HttpError (and others) for malformed input; never echo its text.
    spdlog::debug("malformed request from {}: {}", peer->address().host(), e.what());
    refuse(peer, ps, scim::ScimError::bad_request("malformed HTTP request"), {});
  }
}

bool ConnectionHandler::check_head(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer,
                                   const std::shared_ptr<PeerState>& ps) {
  // Keep at most the limit (and its 4-byte terminator): the rest of a large chunk is body.
  ps->head.append(buffer, std::min(len, max_head_bytes + 4 - std::min(ps->head.size(), max_head_bytes + 4)));
  size_t end = head_end(ps->head);
  if (end == std::string::npos) {
    if (ps->head.size() <= max_head_bytes) return true;
    refuse(peer, ps, scim::ScimError::header_fields_too_large("the request head is larger than " +
                                                                std::to_string(max_head_bytes) + " bytes"),
           {});
    return false;
  }
  RequestHead head = parse_request_head(std::string_view(ps->head).substr(0, end));
  ps->head.clear();
  ps->head_seen = true;
  // RFC 9110 §15.5.14: refused on the declared length, before the body is read.
  if (head.content_length && *head.content_length > state_->max_body_bytes) {
    refuse(peer, ps, scim::ScimError::payload_too_large("the request body (" + std::to_string(*head.content_length) +
                                                          " bytes) is larger than " +
                                                          std::to_string(state_->max_body_bytes) + " bytes"),
           head);
    return false;
  }
  return true;
}

void ConnectionHandler::onRequest(const Http::Request& request, Http::ResponseWriter writer) {
  // Not reached: onInput answers every request itself. Kept complete for Pistache's interface.
  HttpResponse res = state_->api->handle(convert(request), request_id_for(std::nullopt));
  writer.send(static_cast<Http::Code>(res.status), res.body);
}

void ConnectionHandler::answer(const Http::Request& request, const std::shared_ptr<Tcp::Peer>& peer,
                               const std::shared_ptr<PeerState>& ps) {
  auto started = std::chrono::steady_clock::now();
  HttpRequest req = convert(request);
  std::string request_id = request_id_for(req.header("x-request-id"));
  util::ScopedLogContext log_scope(request_id);
  HttpResponse res = state_->api->handle(req, request_id);
  auto connection = req.header("connection");
  bool close_after = (connection && util::ascii_lower(*connection).find("close") != std::string::npos) ||
                     state_->draining.load(std::memory_order_acquire);
  send(Http::ResponseWriter(request.version(), transport(), this, peer), res, request_id, close_after, peer, ps);
  log_access(req.method, req.path, res.status, started, req.peer);
}

void ConnectionHandler::refuse(const std::shared_ptr<Tcp::Peer>& peer, const std::shared_ptr<PeerState>& ps,
                               const scim::ScimError& error, const RequestHead& head) {
  auto started = std::chrono::steady_clock::now();
  ps->discarding = true;
  ps->head.clear();
  getParser(peer)->reset();
  std::string request_id = request_id_for(head.request_id);
  util::ScopedLogContext log_scope(request_id);
  send(Http::ResponseWriter(Http::Version::Http11, transport(), this, peer), error_response(error), request_id, true,
       peer, ps);
  log_access(head.method.empty() ? "-" : head.method, head.path.empty() ? "-" : head.path, error.status(), started,
             peer->address().host());
}

void ConnectionHandler::send(Http::ResponseWriter writer, const HttpResponse& res, const std::string& request_id,
                             bool close_after, const std::shared_ptr<Tcp::Peer>& peer,
                             const std::shared_ptr<PeerState>& ps) {
  auto& headers = writer.headers();
  for (const auto& [name, value] : res.headers) headers.add(std::make_shared<NamedHeader>(name, value));
  headers.add(std::make_shared<NamedHeader>("X-Request-Id", request_id));
  // stack-notes.md: Pistache answers "Connection: close" to HTTP/1.1 clients that sent no
  // Connection header; keep the connection open unless it is to close.
  headers.remove<Http::Header::Connection>();
  headers.add<Http::Header::Connection>(close_after ? Http::ConnectionControl::Close
                                                    : Http::ConnectionControl::KeepAlive);
  if (!res.body.empty()) headers.add(std::make_shared<NamedHeader>("Content-Type", res.content_type));
  std::weak_ptr<Tcp::Peer> weak_peer = peer;
  auto state = state_;
  writer.send(static_cast<Http::Code>(res.status), res.body)
      .then(
          [state, ps, weak_peer, close_after](ssize_t) {
            finish(*state, *ps);
            // RFC 9112 §9.6: having said "close", the server closes its side; the client then
            // sees the end of the response at once.
            if (auto p = weak_peer.lock(); p && close_after) ::shutdown(p->fd(), SHUT_WR);
          },
          [state, ps](std::exception_ptr) { finish(*state, *ps); });
}

}  // namespace scimd::http
