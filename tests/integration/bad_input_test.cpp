// Malformed input (issue 9; docs/operations.md "Malformed input") on every backend: each kind
// of bad body or query answers one documented SCIM error, and nothing is stored.
#include "integration/fixture.hpp"
#include "scim/json_body.hpp"
#include "util/text.hpp"

namespace scimd::test {
namespace {

constexpr const char* kPatchOp = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":)";

class BadInput : public HttpTest {
 protected:
  static long long total(const HttpClient& c, const std::string& endpoint = "Users") {
    auto r = c.get("/scim/v2/" + endpoint);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json.IsObject() && r.json.HasMember("totalResults") ? r.json["totalResults"].GetInt64() : -1;
  }
  static std::string version(const HttpClient& c, const std::string& path) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json.IsObject() && r.json.HasMember("meta") ? r.json["meta"]["version"].GetString() : "";
  }
  // Each body must be refused with `type` by a create of a user and by a PATCH of `user`; the
  // tenant keeps exactly that one user at its first version.
  void expect_refused_everywhere(const std::vector<std::string>& user_bodies,
                                 const std::vector<std::string>& patch_operations, const std::string& type) {
    auto c = server().fresh_client();
    std::string id = create_user(c, "the-only-one");
    for (const auto& body : user_bodies) {
      SCOPED_TRACE("POST/PUT " + util::url_encode(body));
      expect_scim_error(c.post("/scim/v2/Users", body), 400, type);
      expect_scim_error(c.put("/scim/v2/Users/" + id, body), 400, type);
    }
    for (const auto& operations : patch_operations) {
      SCOPED_TRACE("PATCH " + util::url_encode(operations));
      expect_scim_error(c.patch("/scim/v2/Users/" + id, kPatchOp + operations + "}"), 400, type);
    }
    EXPECT_EQ(total(c), 1);
    EXPECT_EQ(version(c, "/scim/v2/Users/" + id), "W/\"1\"");
  }
};
SCIMD_INSTANTIATE_BACKENDS(BadInput);

// RFC 8259 §8.1: JSON exchanged between systems is UTF-8. Raw bytes that are not, and escapes
// that decode to something that is not (a lone surrogate), are a malformed body.
TEST_P(BadInput, InvalidUtf8InABodyIsInvalidSyntax) {
  expect_refused_everywhere(
      {
          "{\"userName\":\"bad\xff\"}",                      // a byte never in UTF-8
          "{\"userName\":\"over\xc0\xaflong\"}",              // an overlong '/'
          "{\"userName\":\"surrogate\xed\xa0\x80\"}",         // U+D800 encoded directly
          "{\"userName\":\"cut\xe2\x82\"}",                   // a sequence cut short
          "{\"userName\":\"ok\",\"title\":\"\\udc00\"}",      // a lone low surrogate escape
          "{\"userName\":\"ok\",\"title\":\"\\ud800x\"}",     // a lone high surrogate escape
          "{\"userName\":\"ok\",\"ti\xfftle\":\"key\"}",      // in a key
          "{\"userName\":\"ok\",\"name\":{\"givenName\":\"\xf8\x88\x80\x80\x80\"}}",  // nested
      },
      {
          R"([{"op":"replace","path":"title","value":")" "\xff" R"("}])",
          R"([{"op":"replace","value":{"title":")" "\xed\xbf\xbf" R"("}}])",
          R"([{"op":"add","path":"emails","value":[{"value":"\udfff@x","type":"work"}]}])",
          R"([{"op":"replace","path":"ti)" "\xff" R"(tle","value":"x"}])",
      },
      "invalidSyntax");
}

TEST_P(BadInput, ValidUnicodeIsKept) {
  auto c = server().fresh_client();
  const std::string name = "zo\xc3\xab-\xe6\x97\xa5\xe6\x9c\xac-\xf0\x9f\x98\x80";  // zoë-日本-😀
  auto r = c.post("/scim/v2/Users", R"({"userName":")" + name + R"(","title":"\ud83d\ude00 \u00e9"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto got = c.get("/scim/v2/Users/" + std::string(r.json["id"].GetString()));
  EXPECT_EQ(std::string(got.json["userName"].GetString()), name);
  EXPECT_EQ(std::string(got.json["title"].GetString()), "\xf0\x9f\x98\x80 \xc3\xa9");
  auto found = c.get("/scim/v2/Users?filter=" + util::url_encode("userName eq \"" + name + "\""));
  EXPECT_EQ(found.json["totalResults"].GetInt(), 1) << found.body;
}

// PostgreSQL TEXT cannot store NUL, and a NUL in an id or name invites truncation bugs: scimd
// refuses it everywhere, escaped or raw, as invalidValue.
TEST_P(BadInput, NulIsInvalidValue) {
  using namespace std::string_literals;
  expect_refused_everywhere(
      {
          R"({"userName":"nul\u0000byte"})",
          R"({"userName":"ok","title":"\u0000"})",
          R"({"userName":"ok","ti\u0000tle":"in a key"})",
          "{\"userName\":\"raw\0nul\"}"s,
          "{\"userName\":\"trailing\"}\0"s,
          "\0{\"userName\":\"leading\"}"s,
      },
      {
          R"([{"op":"replace","path":"title","value":"a\u0000b"}])",
          R"([{"op":"replace","path":"title\u0000","value":"x"}])",
      },
      "invalidValue");
}

// RFC 7643 §2.1: attribute names are case-insensitive, so "userName" and "USERNAME" in one
// object name one attribute twice; which value would win is arbitrary, so neither does.
TEST_P(BadInput, DuplicateKeysAreInvalidSyntax) {
  expect_refused_everywhere(
      {
          R"({"userName":"a","userName":"b"})",
          R"({"userName":"a","USERNAME":"b"})",
          R"({"userName":"a","name":{"givenName":"x","GivenName":"y"}})",
          R"({"userName":"a","emails":[{"value":"a@x","Value":"b@x"}]})",
          R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"Schemas":[],"userName":"a"})",
      },
      {
          R"([{"op":"replace","path":"title","value":"x","VALUE":"y"}])",
          R"([{"op":"add","OP":"remove","path":"title","value":"x"}])",
          R"([{"op":"replace","value":{"title":"x","Title":"y"}}])",
      },
      "invalidSyntax");
  auto c = server().fresh_client();
  // Different attributes that merely look alike are fine.
  EXPECT_EQ(c.post("/scim/v2/Users", R"({"userName":"a","name":{"givenName":"x","familyName":"x"}})").status, 201);
}

TEST_P(BadInput, DuplicateKeysInBulkAndSearchBodies) {
  auto c = server().fresh_client();
  expect_scim_error(c.post("/scim/v2/Bulk", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],)"
                                            R"("Operations":[{"method":"POST","path":"/Users","bulkId":"a",)"
                                            R"("data":{"userName":"x","username":"y"}}]})"),
                    400, "invalidSyntax");
  expect_scim_error(c.post("/scim/v2/Users/.search", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],)"
                                                     R"("filter":"userName pr","FILTER":"id pr"})"),
                    400, "invalidSyntax");
  EXPECT_EQ(total(c), 0);
}

TEST_P(BadInput, TrailingContentAfterTheBodyIsInvalidSyntax) {
  auto c = server().fresh_client();
  expect_scim_error(c.post("/scim/v2/Users", R"({"userName":"a"} {"userName":"b"})"), 400, "invalidSyntax");
  expect_scim_error(c.post("/scim/v2/Users", R"({"userName":"a"}x)"), 400, "invalidSyntax");
  EXPECT_EQ(c.post("/scim/v2/Users", "\r\n {\"userName\":\"spaced\"} \r\n\t").status, 201);  // whitespace is fine
  EXPECT_EQ(total(c), 1);
}

TEST_P(BadInput, NestingDeeperThanTheLimitIsInvalidSyntax) {
  auto c = server().fresh_client();
  auto nested = [](int depth) {  // the object itself is level 1
    return R"({"userName":"deep)" + std::to_string(depth) + R"(","x":)" + std::string(depth - 1, '[') +
           std::string(depth - 1, ']') + "}";
  };
  EXPECT_EQ(c.post("/scim/v2/Users", nested(scim::max_json_depth)).status, 201);  // x is unknown: ignored
  expect_scim_error(c.post("/scim/v2/Users", nested(scim::max_json_depth + 1)), 400, "invalidSyntax");
  expect_scim_error(c.post("/scim/v2/Users", nested(200000)), 400, "invalidSyntax");
  EXPECT_EQ(total(c), 1);
}

TEST_P(BadInput, MoreValuesThanTheLimitIs413) {
  auto c = server().fresh_client();
  std::string many = R"({"userName":"many","x":[0)";
  many.reserve(2 * scim::max_json_values + 64);
  for (size_t i = 0; i < scim::max_json_values; ++i) many += ",0";
  expect_scim_error(c.post("/scim/v2/Users", many + "]}"), 413, "");
  EXPECT_EQ(total(c), 0);
}

// Query strings: percent-decoded, then the same rules as bodies. PostgreSQL used to answer an
// id or access lookup with invalid UTF-8 with an internal error (500).
TEST_P(BadInput, InvalidUtf8OrNulInTheQueryOrPathIs400) {
  auto c = server().fresh_client(auth::Role::admin);
  std::string id = create_user(c, "query-target");
  for (const std::string& filter : std::vector<std::string>{"userName%20eq%20%22%FF%22", "userName%20eq%20%22a%00b%22",
                                    "userName%20eq%20%22%ED%A0%80%22", "userName%20eq%20%22\xff%22"}) {
    SCOPED_TRACE(filter);
    expect_scim_error(c.get("/scim/v2/Users?filter=" + filter), 400, "invalidFilter");
    expect_scim_error(c.get("/scim/v2?filter=" + filter), 400, "invalidFilter");
  }
  for (const std::string& path : std::vector<std::string>{"/scim/v2/Users/%FF", "/scim/v2/Users/" + id + "%00", "/scim/v2/Groups/%C0%AF", "/scim/v2/Applications/%FF",
        "/scim/v2/Users?attributes=%FF", "/scim/v2/Users?sortBy=userName%00", "/scim/v2/Users?excludedAttributes=%FE",
        "/scim/v2/Users?cursor=%FF", "/scim/v2/Users?%FF=1", "/access/v1/users/%FF", "/access/v1/users/" + id + "%00",
        "/access/v1/check?user=%FF&application=x", "/access/v1/check?user=" + id + "&application=%00",
        "/scim/v2/Entitlements/%FF:view"}) {
    SCOPED_TRACE(path);
    expect_scim_error(c.get(path), 400, "invalidValue");
  }
  expect_scim_error(c.del("/scim/v2/Users/%FF"), 400, "invalidValue");
  expect_scim_error(c.put("/scim/v2/Users/%FF", R"({"userName":"x"})"), 400, "invalidValue");
  EXPECT_EQ(total(c), 1);
}

// filters/include/scimd/filters/parse.hpp: 8192 bytes, 16 levels of nesting, 256 conditions.
TEST_P(BadInput, FilterLengthAndComplexityLimits) {
  auto c = server().fresh_client();
  auto search = [&](std::string filter) {
    for (size_t at = filter.find('"'); at != std::string::npos; at = filter.find('"', at + 2)) filter.insert(at, "\\");
    return c.post("/scim/v2/Users/.search", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":")" +
                                                filter + "\"}");
  };
  std::string longest = "userName eq \"" + std::string(8192 - 14, 'x') + "\"";
  ASSERT_EQ(longest.size(), 8192u);
  EXPECT_EQ(search(longest).status, 200);
  std::string too_long = "userName eq \"" + std::string(8192 - 13, 'x') + "\"";
  std::string too_deep = std::string(17, '(') + "userName pr" + std::string(17, ')');
  std::string deep_enough = std::string(16, '(') + "userName pr" + std::string(16, ')');
  std::string too_many = "userName pr";
  for (int i = 1; i < 257; ++i) too_many += " or title pr";
  for (const auto& filter : {too_long, too_deep, too_many}) {
    expect_scim_error(search(filter), 400, "invalidFilter");
    expect_scim_error(c.get("/scim/v2/Users?filter=" + util::url_encode(filter)), 400, "invalidFilter");
  }
  EXPECT_EQ(c.get("/scim/v2/Users?filter=" + util::url_encode(deep_enough)).status, 200);
}

// RFC 7644 §3.4.2.4: a count above the maximum (ServiceProviderConfig filter.maxResults) is
// lowered to it, not refused; with cursors (RFC 9865 §2.1) it is invalidCount.
TEST_P(BadInput, CountAboveTheMaximumIsClamped) {
  auto c = server().fresh_client();
  auto spc = c.get("/scim/v2/ServiceProviderConfig");
  ASSERT_EQ(spc.status, 200) << spc.body;
  const int max = spc.json["filter"]["maxResults"].GetInt();
  for (int done = 0; done <= max;) {
    std::string ops;
    for (int i = 0; i < 1000 && done <= max; ++i, ++done)
      ops += std::string(ops.empty() ? "" : ",") + R"({"method":"POST","path":"/Users","bulkId":"u)" +
             std::to_string(done) + R"(","data":{"userName":"clamp)" + std::to_string(done) + R"("}})";
    auto b = c.post("/scim/v2/Bulk", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[)" +
                                         ops + "]}");
    ASSERT_EQ(b.status, 200) << b.body.substr(0, 500);
  }
  for (const char* count : {"1000000", "99999999999999999999"}) {
    auto r = c.get(std::string("/scim/v2/Users?count=") + count);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
    EXPECT_EQ(r.json["totalResults"].GetInt(), max + 1);
    EXPECT_EQ(r.json["itemsPerPage"].GetInt(), max);
    EXPECT_EQ(static_cast<int>(r.json["Resources"].Size()), max);
  }
  expect_scim_error(c.get("/scim/v2/Users?cursor=&count=" + std::to_string(max + 1)), 400, "invalidCount");
}

}  // namespace
}  // namespace scimd::test
