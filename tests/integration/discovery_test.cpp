// /ServiceProviderConfig, /ResourceTypes and /Schemas serve scim-schemas/ unchanged but for
// meta.location (RFC 7644 §4).
#include <fstream>
#include <sstream>

#include "integration/fixture.hpp"

namespace scimd::test {
namespace {

class Discovery : public HttpTest {};
SCIMD_INSTANTIATE_BACKENDS(Discovery);

rapidjson::Document load(const std::string& relative) {
  std::ifstream in(std::string(SCIMD_SOURCE_DIR) + "/" + relative);
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document d;
  d.Parse(ss.str().c_str());
  return d;
}

// Compares two documents ignoring meta.location.
void expect_same_but_location(rapidjson::Value& served, rapidjson::Value& file) {
  ASSERT_TRUE(served.IsObject());
  if (served.HasMember("meta")) served["meta"].RemoveMember("location");
  if (file.HasMember("meta")) file["meta"].RemoveMember("location");
  EXPECT_EQ(util::to_json(served), util::to_json(file));
}

TEST_P(Discovery, ServiceProviderConfigIsTheFileAndHasAnAlias) {
  auto c = server().fresh_client();
  auto r = c.get("/scim/v2/ServiceProviderConfig");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["meta"]["location"].GetString(), server().base() + "/scim/v2/ServiceProviderConfig");
  auto file = load("scim-schemas/service-provider-config.json");
  expect_same_but_location(r.json, file);
  EXPECT_EQ(c.get("/scim/v2/serviceConfiguration").status, 200);
}

TEST_P(Discovery, ResourceTypesListAndSingle) {
  auto c = server().fresh_client();
  auto r = c.get("/scim/v2/ResourceTypes");
  ASSERT_EQ(r.status, 200);
  EXPECT_STREQ(r.json["schemas"][0].GetString(), "urn:ietf:params:scim:api:messages:2.0:ListResponse");
  EXPECT_GE(r.json["totalResults"].GetInt(), 2);
  auto user = c.get("/scim/v2/ResourceTypes/User");
  ASSERT_EQ(user.status, 200);
  auto file = load("scim-schemas/resource-types/user.json");
  expect_same_but_location(user.json, file);
  expect_scim_error(c.get("/scim/v2/ResourceTypes/Nope"), 404, "");
}

TEST_P(Discovery, SchemasServeEachFileUnchanged) {
  auto c = server().fresh_client();
  for (const char* name : {"user", "group", "enterprise_user"}) {
    auto file = load(std::string("scim-schemas/schemas/") + name + ".json");
    std::string urn = file["id"].GetString();
    auto r = c.get("/scim/v2/Schemas/" + urn);
    ASSERT_EQ(r.status, 200) << urn;
    expect_same_but_location(r.json, file);
  }
  auto list = c.get("/scim/v2/Schemas");
  EXPECT_GE(list.json["totalResults"].GetInt(), 3);
  expect_scim_error(c.get("/scim/v2/Schemas/urn:nope"), 404, "");
}

TEST_P(Discovery, FilterOnDiscoveryIs403) {
  auto c = server().fresh_client();
  expect_scim_error(c.get("/scim/v2/Schemas?filter=id%20eq%20%22x%22"), 403, "");
}

}  // namespace
}  // namespace scimd::test
