#include "http/server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <stdexcept>

#include "util/random.hpp"
#include "util/text.hpp"

namespace scimd::http {

using namespace Pistache;

namespace {

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

std::string request_id_for(const HttpRequest& r) {
  auto given = r.header("x-request-id");
  if (given && !given->empty() && given->size() <= 128) return *given;
  return util::random_token(9);
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

class Handler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(Handler)
  explicit Handler(std::shared_ptr<Api> api) : api_(std::move(api)) {}

  void onRequest(const Http::Request& request, Http::ResponseWriter writer) override {
    auto started = std::chrono::steady_clock::now();
    HttpRequest req;
    HttpResponse res;
    std::string request_id = "-";
    try {
      req = convert(request);
      request_id = request_id_for(req);
      res = api_->handle(req, request_id);
    } catch (const std::exception& e) {
      spdlog::error("request conversion failed: {}", e.what());
      res.status = 400;
      res.body = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","detail":"malformed request"})";
    }
    auto& headers = writer.headers();
    for (const auto& [name, value] : res.headers) headers.add(std::make_shared<NamedHeader>(name, value));
    headers.add(std::make_shared<NamedHeader>("X-Request-Id", request_id));
    // stack-notes.md: Pistache answers "Connection: close" to HTTP/1.1 clients that sent no
    // Connection header; keep the connection open unless the client asked to close it.
    auto connection = req.header("connection");
    bool wants_close = connection && util::ascii_lower(*connection).find("close") != std::string::npos;
    headers.remove<Http::Header::Connection>();
    headers.add<Http::Header::Connection>(wants_close ? Http::ConnectionControl::Close
                                                      : Http::ConnectionControl::KeepAlive);
    if (!res.body.empty()) headers.add(std::make_shared<NamedHeader>("Content-Type", res.content_type));
    writer.send(static_cast<Http::Code>(res.status), res.body);
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    spdlog::info("{} {} {} {:.2f}ms id={}", req.method, req.path, res.status, static_cast<double>(micros) / 1000.0,
                 request_id);
  }

 private:
  std::shared_ptr<Api> api_;
};

}  // namespace

struct Server::Impl {
  std::shared_ptr<Api> api;
  ServerOptions options;
  std::unique_ptr<Http::Endpoint> endpoint;
};

Server::Server(std::shared_ptr<Api> api, ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->api = std::move(api);
  impl_->options = std::move(options);
}

Server::~Server() { stop(); }

void Server::start() {
  Address addr(impl_->options.host, Port(impl_->options.port));
  impl_->endpoint = std::make_unique<Http::Endpoint>(addr);
  auto opts = Http::Endpoint::options()
                  .threads(impl_->options.threads)
                  .flags(Tcp::Options::ReuseAddr)
                  .maxRequestSize(impl_->options.max_request_bytes)
                  .headerTimeout(std::chrono::seconds(30))
                  .bodyTimeout(std::chrono::seconds(60))
                  .keepaliveTimeout(std::chrono::seconds(75));
  impl_->endpoint->init(opts);
  if (!impl_->options.tls_cert.empty() && !impl_->options.tls_key.empty())
    impl_->endpoint->useSSL(impl_->options.tls_cert, impl_->options.tls_key);
  impl_->endpoint->setHandler(Http::make_handler<Handler>(impl_->api));
  impl_->endpoint->serveThreaded();
}

uint16_t Server::port() const { return impl_->endpoint ? static_cast<uint16_t>(impl_->endpoint->getPort()) : 0; }

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
