// Bad input gets a precise SCIM error and changes nothing (foundation §8).
#include "integration/fixture.hpp"

namespace scimd::test {
namespace {

class Errors : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(Errors);

TEST_P(Errors, MalformedJsonIs400InvalidSyntax) {
  auto c = server().fresh_client();
  expect_scim_error(c.post("/scim/v2/Users", R"({"userName": "x",)"), 400, "invalidSyntax");
  expect_scim_error(c.post("/scim/v2/Users", "[1,2]"), 400, "invalidSyntax");
  expect_scim_error(c.post("/scim/v2/Users", ""), 400, "invalidSyntax");
  expect_scim_error(c.post("/scim/v2/Users", R"({"schemas":"nope","userName":"x"})"), 400, "invalidSyntax");
  EXPECT_EQ(c.get("/scim/v2/Users").json["totalResults"].GetInt(), 0);
}

TEST_P(Errors, DeeplyNestedBodyIsRejectedCleanly) {
  auto c = server().fresh_client();
  std::string deep(100000, '[');
  auto r = c.post("/scim/v2/Users", deep);
  expect_scim_error(r, 400, "invalidSyntax");
  std::string nested = R"({"userName":"deep","name":)" + std::string(5000, '[') + std::string(5000, ']') + "}";
  // Deeper than scim::max_json_depth: refused while parsing (bad_input_test.cpp has the limit).
  expect_scim_error(c.post("/scim/v2/Users", nested), 400, "invalidSyntax");
}

TEST_P(Errors, UnknownEndpointIs404AndUnknownIdIs404) {
  auto c = server().fresh_client();
  expect_scim_error(c.get("/scim/v2/Widgets"), 404, "");
  expect_scim_error(c.get("/scim/v2/Users/nope"), 404, "");
  expect_scim_error(c.get("/elsewhere"), 404, "");
}

TEST_P(Errors, UnsupportedMethodIs405) {
  auto c = server().fresh_client();
  expect_scim_error(c.del("/scim/v2/Users"), 405, "");
  expect_scim_error(c.post("/scim/v2/ServiceProviderConfig", "{}"), 405, "");
}

TEST_P(Errors, WrongMediaTypeIs415) {
  auto c = server().fresh_client();
  expect_scim_error(c.post("/scim/v2/Users", "userName=x", {{"Content-Type", "application/x-www-form-urlencoded"}}),
                    415, "");
}

TEST_P(Errors, NonNumericPagingIs400) {
  auto c = server().fresh_client();
  expect_scim_error(c.get("/scim/v2/Users?count=ten"), 400, "invalidValue");
}

TEST_P(Errors, ImmutableMemberValueIsKeptOnPut) {
  auto c = server().fresh_client();
  std::string id = create_user(c, "imm");
  // id in a PUT body is readOnly and ignored, even when it differs (RFC 7644 §3.5.1).
  auto r = c.put("/scim/v2/Users/" + id, R"({"id":"other","userName":"imm"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["id"].GetString(), id);
}

}  // namespace
}  // namespace scimd::test
