// Filters, sorting and paging over HTTP (RFC 7644 §3.4.2) on every backend.
#include "integration/fixture.hpp"
#include "util/text.hpp"

namespace scimd::test {
namespace {

class Query : public HttpTest {
 protected:
  // The userNames of a list response, in order.
  static std::vector<std::string> names(const Reply& r) {
    std::vector<std::string> out;
    if (!r.json.IsObject() || !r.json.HasMember("Resources")) return out;
    for (const auto& u : r.json["Resources"].GetArray())
      out.push_back(u.HasMember("userName") ? u["userName"].GetString() : u["displayName"].GetString());
    return out;
  }
  void seed(const HttpClient& c) {
    create_user(c, "alice@example.com", R"(,"externalId":"EXT-A","displayName":"Alice","title":"Engineer",
        "emails":[{"value":"Alice@Example.com","type":"work"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D"})");
    create_user(c, "bob@example.com", R"(,"externalId":"ext-b","displayName":"Bob","active":false,
        "emails":[{"value":"bob@home.example","type":"home"}])");
    create_user(c, "carol@example.org", R"(,"displayName":"Carol","title":"Manager")");
  }
};
SCIMD_INSTANTIATE_BACKENDS(Query);

TEST_P(Query, UserNameEqIgnoresCase) {
  auto c = server().fresh_client();
  seed(c);
  auto r = c.get("/scim/v2/Users?filter=userName%20eq%20%22ALICE@example.com%22");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(names(r), std::vector<std::string>{"alice@example.com"});
}

TEST_P(Query, PlusIsASpace) {
  auto c = server().fresh_client();
  seed(c);
  EXPECT_EQ(names(c.get("/scim/v2/Users?filter=userName+eq+%22bob@example.com%22")),
            std::vector<std::string>{"bob@example.com"});
}

TEST_P(Query, ExternalIdIsCaseExact) {
  auto c = server().fresh_client();
  seed(c);
  EXPECT_EQ(names(c.get("/scim/v2/Users?filter=externalId%20eq%20%22EXT-A%22")).size(), 1u);
  EXPECT_EQ(names(c.get("/scim/v2/Users?filter=externalId%20eq%20%22ext-a%22")).size(), 0u);
}

TEST_P(Query, EntraWorkEmailForms) {
  auto c = server().fresh_client();
  seed(c);
  EXPECT_EQ(names(c.get("/scim/v2/Users?filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22alice@example.com%22")),
            std::vector<std::string>{"alice@example.com"});
  EXPECT_EQ(names(c.get("/scim/v2/Users?filter=emails%5Btype%20eq%20%22work%22%20and%20value%20co%20%22example.com%22%5D")),
            std::vector<std::string>{"alice@example.com"});
  EXPECT_EQ(names(c.get("/scim/v2/Users?filter=emails.value%20eq%20%22bob@home.example%22")),
            std::vector<std::string>{"bob@example.com"});
}

TEST_P(Query, RandomGuidMatchIsAnEmptyList) {  // Entra's test connection
  auto c = server().fresh_client();
  auto r = c.get("/scim/v2/Users?filter=userName%20eq%20%2203a2b8e6-2a9d-4b5c-9d4b-0c0f8c7e9f11%22");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["totalResults"].GetInt(), 0);
}

TEST_P(Query, LogicAndOperators) {
  auto c = server().fresh_client();
  seed(c);
  auto q = [&](const std::string& f) { return names(c.get("/scim/v2/Users?filter=" + util::url_encode(f) + "&sortBy=userName")); };
  EXPECT_EQ(q(R"(userName sw "a" or userName ew ".org")"), (std::vector<std::string>{"alice@example.com", "carol@example.org"}));
  EXPECT_EQ(q(R"(title pr and not (title eq "manager"))"), std::vector<std::string>{"alice@example.com"});
  EXPECT_EQ(q(R"(active eq false)"), std::vector<std::string>{"bob@example.com"});
  EXPECT_EQ(q(R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "r&d")"),
            std::vector<std::string>{"alice@example.com"});
  EXPECT_EQ(q(R"(displayName co "o")").size(), 2u);
  EXPECT_EQ(q(R"(meta.lastModified gt "2000-01-01T00:00:00Z")").size(), 3u);
  EXPECT_EQ(q(R"(meta.created lt "2000-01-01T00:00:00Z")").size(), 0u);
  EXPECT_EQ(q(R"(userName sw O)").size(), 0u) << "unquoted values as Microsoft's collection sends";
}

TEST_P(Query, InvalidFiltersAre400InvalidFilterWithPosition) {
  auto c = server().fresh_client();
  auto r = c.get("/scim/v2/Users?filter=" + util::url_encode(R"(userName xx "a")"));
  expect_scim_error(r, 400, "invalidFilter");
  EXPECT_NE(std::string(r.json["detail"].GetString()).find("offset"), std::string::npos) << r.body;
  expect_scim_error(c.get("/scim/v2/Users?filter=" + util::url_encode(R"(active gt true)")), 400, "invalidFilter");
  expect_scim_error(c.get("/scim/v2/Users?filter=" + util::url_encode(R"(emails[type eq "work")")), 400, "invalidFilter");
  expect_scim_error(c.get("/scim/v2/Users?filter=" + util::url_encode(R"(nope eq 1)")), 400, "invalidFilter");
}

TEST_P(Query, SortByAscendingAndDescending) {
  auto c = server().fresh_client();
  seed(c);
  EXPECT_EQ(names(c.get("/scim/v2/Users?sortBy=displayName&sortOrder=descending")),
            (std::vector<std::string>{"carol@example.org", "bob@example.com", "alice@example.com"}));
  EXPECT_EQ(names(c.get("/scim/v2/Users?sortBy=title")).back(), "bob@example.com") << "no value sorts last";
  expect_scim_error(c.get("/scim/v2/Users?sortBy=nope"), 400, "invalidValue");
}

TEST_P(Query, GroupsByDisplayNameAndMember) {
  auto c = server().fresh_client();
  std::string u = create_user(c, "gm");
  std::string g = create_group(c, "Sales Team", R"([{"value":")" + u + R"("}])");
  create_group(c, "Other");
  auto r = c.get("/scim/v2/Groups?excludedAttributes=members&filter=displayName%20eq%20%22sales%20team%22");
  ASSERT_EQ(r.json["totalResults"].GetInt(), 1) << r.body;
  EXPECT_FALSE(r.json["Resources"][0].HasMember("members"));
  auto m = c.get("/scim/v2/Groups?filter=" + util::url_encode("members[value eq \"" + u + "\"]"));
  ASSERT_EQ(m.json["totalResults"].GetInt(), 1) << m.body;
  EXPECT_EQ(m.json["Resources"][0]["id"].GetString(), g);
  auto ug = c.get("/scim/v2/Users?filter=" + util::url_encode("groups.value eq \"" + g + "\""));
  EXPECT_EQ(ug.json["totalResults"].GetInt(), 1) << ug.body;
}

TEST_P(Query, FilterAndPagingTogether) {
  auto c = server().fresh_client();
  for (int i = 0; i < 5; ++i) create_user(c, "fp" + std::to_string(i));
  create_user(c, "other");
  auto r = c.get("/scim/v2/Users?filter=userName%20sw%20%22fp%22&startIndex=2&count=2&sortBy=userName");
  EXPECT_EQ(r.json["totalResults"].GetInt(), 5);
  EXPECT_EQ(names(r), (std::vector<std::string>{"fp1", "fp2"}));
}

}  // namespace
}  // namespace scimd::test

namespace scimd::test {
namespace {

class Cursor : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(Cursor);

TEST_P(Cursor, PagesThroughEveryResultOnce) {  // RFC 9865 §2
  auto c = server().fresh_client();
  for (int i = 0; i < 5; ++i) create_user(c, "cur" + std::to_string(i));
  std::vector<std::string> seen;
  auto r = c.get("/scim/v2/Users?cursor&count=2&sortBy=userName");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json.HasMember("previousCursor")) << "never on the first page";
  EXPECT_FALSE(r.json.HasMember("startIndex"));
  for (int page = 0; page < 5; ++page) {
    for (const auto& u : r.json["Resources"].GetArray()) seen.push_back(u["userName"].GetString());
    if (!r.json.HasMember("nextCursor")) break;
    std::string next = r.json["nextCursor"].GetString();
    EXPECT_EQ(next.find_first_not_of("0123456789abcdef-"), std::string::npos) << "URL-safe";
    r = c.get("/scim/v2/Users?sortBy=userName&count=2&cursor=" + next);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.json.HasMember("previousCursor"));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"cur0", "cur1", "cur2", "cur3", "cur4"}));
}

TEST_P(Cursor, ForeignForgedAndMismatchedCursorsAreRefused) {
  auto c = server().fresh_client();
  for (int i = 0; i < 3; ++i) create_user(c, "cf" + std::to_string(i));
  auto first = c.get("/scim/v2/Users?cursor=&count=1");
  std::string next = first.json["nextCursor"].GetString();
  expect_scim_error(c.get("/scim/v2/Users?count=1&cursor=garbage"), 400, "invalidCursor");
  expect_scim_error(c.get("/scim/v2/Users?count=1&sortBy=userName&cursor=" + next), 400, "invalidCursor");
  expect_scim_error(c.get("/scim/v2/Groups?count=1&cursor=" + next), 400, "invalidCursor");
  auto other = server().fresh_client();
  expect_scim_error(other.get("/scim/v2/Users?count=1&cursor=" + next), 400, "invalidCursor");
  expect_scim_error(c.get("/scim/v2/Users?count=2&cursor=" + next), 400, "invalidCount");
  std::string forged = "0" + next;
  expect_scim_error(c.get("/scim/v2/Users?count=1&cursor=" + forged), 400, "invalidCursor");
}

TEST_P(Cursor, SearchRequestBodyAcceptsCursorAndArrays) {  // RFC 7644 §3.4.3, RFC 9865 §3
  auto c = server().fresh_client();
  for (int i = 0; i < 3; ++i) create_user(c, "sr" + std::to_string(i), R"(,"displayName":"D")");
  auto r = c.post("/scim/v2/Users/.search", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      "filter":"userName sw \"sr\"","sortBy":"userName","sortOrder":"descending","attributes":["userName"],
      "startIndex":1,"count":2})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["totalResults"].GetInt(), 3);
  EXPECT_STREQ(r.json["Resources"][0]["userName"].GetString(), "sr2");
  EXPECT_FALSE(r.json["Resources"][0].HasMember("displayName"));
  auto cur = c.post("/scim/v2/Users/.search", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"cursor":"","count":1})");
  EXPECT_TRUE(cur.json.HasMember("nextCursor")) << cur.body;
  expect_scim_error(c.post("/scim/v2/Users/.search", R"({"schemas":["urn:x"],"filter":"userName pr"})"), 400, "invalidSyntax");
  expect_scim_error(c.post("/scim/v2/Users/.search", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName zz"})"),
                    400, "invalidFilter");
  auto reader = server().client(unique_tenant("sr"), auth::Role::read);
  EXPECT_EQ(reader.post("/scim/v2/Users/.search", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]})").status, 200);
}

}  // namespace
}  // namespace scimd::test

namespace scimd::test {
namespace {

class RootQuery : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(RootQuery);

TEST_P(RootQuery, SearchAtTheRootSpansUsersAndGroups) {  // RFC 7644 §3.4.2.1, §3.4.3
  auto c = server().fresh_client();
  create_user(c, "root-user", R"(,"displayName":"Shared Name")");
  create_group(c, "Shared Name");
  create_group(c, "Other");
  auto r = c.post("/scim/v2/.search", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      "filter":"displayName eq \"shared name\""})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["totalResults"].GetInt(), 2);
  EXPECT_STREQ(r.json["Resources"][0]["meta"]["resourceType"].GetString(), "User");
  EXPECT_STREQ(r.json["Resources"][1]["meta"]["resourceType"].GetString(), "Group");
  auto page = c.get("/scim/v2?filter=" + util::url_encode("displayName pr") + "&startIndex=2&count=1");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json["totalResults"].GetInt(), 3);
  ASSERT_EQ(page.json["Resources"].Size(), 1u);
  EXPECT_STREQ(page.json["Resources"][0]["meta"]["resourceType"].GetString(), "Group");
  // userName exists only on Users: the other types simply have no matches.
  auto users_only = c.post("/scim/v2/.search", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName pr"})");
  EXPECT_EQ(users_only.json["totalResults"].GetInt(), 1);
  expect_scim_error(c.post("/scim/v2/.search", R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName eq"})"),
                    400, "invalidFilter");
}

}  // namespace
}  // namespace scimd::test
