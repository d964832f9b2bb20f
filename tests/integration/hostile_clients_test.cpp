// Operability and hostile clients over real HTTP: request ids on every response, the body size
// limit (413, a SCIM Error, nothing changed) and the per-token rate limit (429, Retry-After).
#include <chrono>
#include <thread>

#include "http/request_id.hpp"
#include "integration/fixture.hpp"

namespace scimd::test {
namespace {

class RequestIds : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(RequestIds);

TEST_P(RequestIds, ValidClientIdIsEchoed) {
  auto c = server().fresh_client();
  auto r = c.get("/scim/v2/Users", {{"X-Request-Id", "Entra-4711.a:b_c"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("x-request-id"), "Entra-4711.a:b_c");
}

TEST_P(RequestIds, MissingOrInvalidIdIsReplacedByAGeneratedOne) {
  auto c = server().fresh_client();
  std::string a = c.get("/scim/v2/Users").header("x-request-id");
  std::string b = c.get("/scim/v2/Users").header("x-request-id");
  EXPECT_TRUE(http::is_valid_request_id(a)) << a;
  EXPECT_NE(a, b);
  for (const std::string& bad : {std::string("has space"), std::string(129, 'x'), std::string("semi;colon")}) {
    std::string got = c.get("/scim/v2/Users", {{"X-Request-Id", bad}}).header("x-request-id");
    EXPECT_NE(got, bad);
    EXPECT_TRUE(http::is_valid_request_id(got)) << got;
  }
}

TEST_P(RequestIds, ErrorsAndNotFoundCarryOneToo) {
  auto c = server().fresh_client();
  HttpClient anonymous(server().base(), "");
  std::map<std::string, std::string> id{{"X-Request-Id", "err-1"}};
  EXPECT_EQ(c.get("/nowhere", id).header("x-request-id"), "err-1");
  EXPECT_EQ(c.get("/scim/v2/Users/missing", id).header("x-request-id"), "err-1");
  EXPECT_EQ(anonymous.get("/scim/v2/Users", id).header("x-request-id"), "err-1");
  EXPECT_EQ(c.post("/scim/v2/Users", "{", id).header("x-request-id"), "err-1");
  EXPECT_FALSE(anonymous.get("/healthz").header("x-request-id").empty());
}

class BodyLimit : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(BodyLimit);

constexpr size_t default_limit = 16 * 1024 * 1024;

TEST_P(BodyLimit, OversizeBodyIs413ScimErrorAndCreatesNothing) {
  auto c = server().fresh_client();
  std::string body = R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"too-big","displayName":")" +
                     std::string(default_limit, 'x') + "\"}";
  auto r = c.post("/scim/v2/Users", body, {{"X-Request-Id", "big-1"}});
  expect_scim_error(r, 413, "");
  EXPECT_EQ(r.header("x-request-id"), "big-1");
  auto list = c.get("/scim/v2/Users?filter=userName%20eq%20%22too-big%22");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["totalResults"].GetInt(), 0);
  // The server is still well: a new request on a new connection is answered.
  EXPECT_EQ(c.get("/scim/v2/Users").status, 200);
}

TEST_P(BodyLimit, OversizeChunkedBodyIs413) {
  auto c = server().fresh_client();
  std::string body = "{\"userName\":\"chunked\",\"displayName\":\"" + std::string(default_limit + 1024, 'y') + "\"}";
  Reply r;
  bool answered = true;
  try {
    r = c.post("/scim/v2/Users", body, {{"Transfer-Encoding", "chunked"}});
  } catch (const std::exception&) {
    // The server may close the connection while the client is still sending the rest of the
    // body: the upload is refused either way, and what follows checks that.
    answered = false;
  }
  if (answered) expect_scim_error(r, 413, "");
  EXPECT_EQ(c.get("/scim/v2/Users?filter=userName%20eq%20%22chunked%22").json["totalResults"].GetInt(), 0);
  EXPECT_EQ(c.get("/scim/v2/Users").status, 200) << "the server answers the next request";
}

TEST_P(BodyLimit, BodyJustUnderTheLimitIsRead) {
  auto c = server().fresh_client();
  // 1 MiB: the largest Bulk request (maxPayloadSize) must get through to the Bulk handler.
  std::string body = R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"big-but-fine","displayName":")" +
                     std::string(1024 * 1024, 'z') + "\"}";
  auto r = c.post("/scim/v2/Users", body);
  EXPECT_NE(r.status, 413) << r.body.substr(0, 300);
}

// A server of its own: 1 request per second per token, bursts of 3.
class RateLimit : public HttpTest {
 protected:
  TestServer& limited() { return TestServer::for_backend(GetParam(), TestServerOptions{1, 3}); }
};
SCIMD_INSTANTIATE_BACKENDS(RateLimit);

TEST_P(RateLimit, OverTheLimitIs429WithRetryAfterPerToken) {
  auto a = limited().fresh_client();
  auto b = limited().fresh_client();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a.get("/scim/v2/Users").status, 200) << i;
  auto refused = a.get("/scim/v2/Users", {{"X-Request-Id", "slow-down"}});
  expect_scim_error(refused, 429, "");
  int retry_after = std::stoi(refused.header("retry-after"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 1);  // one token per second: the next one within a second
  EXPECT_EQ(refused.header("x-request-id"), "slow-down");
  EXPECT_EQ(b.get("/scim/v2/Users").status, 200);  // another token has its own bucket

  std::this_thread::sleep_for(std::chrono::seconds(retry_after));
  EXPECT_EQ(a.get("/scim/v2/Users").status, 200);

  HttpClient anonymous(limited().base(), "");
  auto metrics = anonymous.get("/metrics");
  auto at = metrics.body.find("\nscimd_rate_limited_total ");
  ASSERT_NE(at, std::string::npos) << metrics.body;
  EXPECT_GE(std::stoll(metrics.body.substr(at + 26)), 1);
}

TEST_P(RateLimit, DefaultServerHasNoLimit) {
  auto c = server().fresh_client();
  for (int i = 0; i < 20; ++i) ASSERT_EQ(c.get("/scim/v2/Users").status, 200) << i;
}

}  // namespace
}  // namespace scimd::test
