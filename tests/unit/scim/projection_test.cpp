// attributes / excludedAttributes with the returned characteristic (RFC 7644 §3.4.2.5).
#include "scim/projection.hpp"

#include <gtest/gtest.h>

#include "scim/schema_registry.hpp"
#include "util/json.hpp"

namespace scimd::scim {
namespace {

const ResourceTypeDef& user_type() {
  static auto reg = SchemaRegistry::load_embedded();
  return *reg->resource_type("User");
}

std::string project(const char* attributes, const char* excluded) {
  rapidjson::Document d;
  d.Parse(R"({"schemas":["s"],"id":"1","userName":"u","displayName":"d","name":{"givenName":"g","familyName":"f"},
      "emails":[{"value":"e","type":"work"}],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"x","division":"y"},
      "meta":{"resourceType":"User"}})");
  auto p = Projection::parse(user_type(), attributes ? std::optional<std::string>(attributes) : std::nullopt,
                             excluded ? std::optional<std::string>(excluded) : std::nullopt);
  p.apply(user_type(), d, d.GetAllocator());
  return util::to_json(d);
}

TEST(Projection, DefaultKeepsEverythingReturnedByDefault) {
  EXPECT_NE(project(nullptr, nullptr).find("displayName"), std::string::npos);
}

TEST(Projection, AttributesKeepOnlyNamedAndAlways) {
  EXPECT_EQ(project("userName", nullptr), R"({"schemas":["s"],"id":"1","userName":"u"})");
}

TEST(Projection, SubAttributeSelection) {
  EXPECT_EQ(project("name.familyName,emails.value", nullptr),
            R"({"schemas":["s"],"id":"1","name":{"familyName":"f"},"emails":[{"value":"e"}]})");
}

TEST(Projection, UrnQualifiedNames) {
  EXPECT_EQ(project("urn:ietf:params:scim:schemas:core:2.0:User:userName,"
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                    nullptr),
            R"({"schemas":["s"],"id":"1","userName":"u","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"x"}})");
}

TEST(Projection, ExcludedRemovesButNeverId) {
  std::string out = project(nullptr, "displayName,id,name.givenName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
  EXPECT_EQ(out.find("displayName"), std::string::npos);
  EXPECT_NE(out.find(R"("id":"1")"), std::string::npos);
  EXPECT_EQ(out.find("givenName"), std::string::npos);
  EXPECT_NE(out.find("familyName"), std::string::npos);
  EXPECT_EQ(out.find("department"), std::string::npos);
}

TEST(Projection, NamesAreCaseInsensitive) {
  EXPECT_EQ(project("USERNAME", nullptr), R"({"schemas":["s"],"id":"1","userName":"u"})");
}

}  // namespace
}  // namespace scimd::scim
