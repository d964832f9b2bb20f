// The ceiling for scimd's request path: Pistache 0.0.5 answering a fixed ~600-byte SCIM User
// for any GET, with what scimd's server.cpp also does per request (keep-alive unless the client
// asked to close, Content-Type), and nothing else: no routing, no auth, no database, no JSON.
//   ceiling --listen 127.0.0.1:PORT [--threads 2]
// Stops on SIGINT/SIGTERM.
#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace Pistache;

namespace {

const std::string kUser =
    R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],)"
    R"("id":"2f1c9a52-6d3e-4b8a-9f0e-5c7d1a2b3c4d","externalId":"00u1a2b3c4d5e6f7g8h9",)"
    R"("userName":"ana.lima@example.com","name":{"formatted":"Ana Lima","familyName":"Lima",)"
    R"("givenName":"Ana"},"displayName":"Ana Lima","active":true,)"
    R"("emails":[{"value":"ana.lima@example.com","type":"work","primary":true}],)"
    R"("groups":[],"meta":{"resourceType":"User","created":"2026-01-01T00:00:00.000Z",)"
    R"("lastModified":"2026-01-01T00:00:00.000Z","version":"W/\"1\"",)"
    R"("location":"http://127.0.0.1:8080/scim/v2/Users/2f1c9a52-6d3e-4b8a-9f0e-5c7d1a2b3c4d"}})";

class ScimContentType : public Http::Header::Header {
 public:
  NAME("Content-Type")
  void parse(const std::string&) override {}
  void write(std::ostream& os) const override { os << "application/scim+json"; }
};

class Handler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(Handler)

  void onRequest(const Http::Request& request, Http::ResponseWriter writer) override {
    bool wants_close = false;
    if (auto c = request.headers().tryGet<Http::Header::Connection>())
      wants_close = c->control() == Http::ConnectionControl::Close;
    auto& headers = writer.headers();
    // stack-notes.md: Pistache 0.0.5 answers "Connection: Close" to HTTP/1.1 requests that
    // carry no Connection header; scimd overrides it, and so does the ceiling.
    headers.remove<Http::Header::Connection>();
    headers.add<Http::Header::Connection>(wants_close ? Http::ConnectionControl::Close
                                                      : Http::ConnectionControl::KeepAlive);
    if (request.method() != Http::Method::Get) {
      writer.send(Http::Code::Method_Not_Allowed);
      return;
    }
    headers.add<ScimContentType>();
    writer.send(Http::Code::Ok, kUser);
  }
};

void on_signal(int) {
  // Pistache's shutdown() is not async-signal-safe; a benchmark helper can afford _exit.
  std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:8089";
  int threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--listen")) listen = argv[i + 1];
    else if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: ceiling [--listen HOST:PORT] [--threads N]\n");
      return 2;
    }
  }
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "ceiling: --listen wants HOST:PORT\n");
    return 2;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  Address addr(listen.substr(0, colon), Port(static_cast<uint16_t>(std::atoi(listen.c_str() + colon + 1))));
  Http::Endpoint endpoint(addr);
  endpoint.init(Http::Endpoint::options().threads(threads).flags(Tcp::Options::ReuseAddr));
  endpoint.setHandler(Http::make_handler<Handler>());
  std::fprintf(stderr, "ceiling: %zu-byte body on %s, %d threads\n", kUser.size(), listen.c_str(), threads);
  endpoint.serve();  // blocks
  return 0;
}
