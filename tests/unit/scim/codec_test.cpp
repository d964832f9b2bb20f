// The schema-driven codec (RFC 7643 §2, §7) against the real scim-schemas/.
#include "scim/codec.hpp"

#include <gtest/gtest.h>

#include "scim/error.hpp"
#include "scim/schema_registry.hpp"
#include "util/json.hpp"

namespace scimd::scim {
namespace {

const ResourceTypeDef& user_type() {
  static auto reg = SchemaRegistry::load_embedded();
  return *reg->resource_type("User");
}

rapidjson::Document parse(const char* json) {
  rapidjson::Document d;
  d.Parse(json);
  return d;
}

std::string decode(const char* json) { return util::to_json(decode_resource(parse(json), user_type()).doc); }

int status_of(const char* json) {
  try {
    decode_resource(parse(json), user_type());
  } catch (const ScimError& e) {
    return e.status();
  }
  return 0;
}

TEST(Codec, CanonicalisesAttributeNames) {
  EXPECT_EQ(decode(R"({"USERNAME":"a","name":{"GIVENNAME":"b"}})"), R"({"userName":"a","name":{"givenName":"b"}})");
}

TEST(Codec, DropsReadOnlyUnknownAndNull) {
  EXPECT_EQ(decode(R"({"userName":"a","id":"x","meta":{},"groups":[{"value":"g"}],"zzz":1,"nickName":null,"emails":[]})"),
            R"({"userName":"a"})");
}

TEST(Codec, KeepsExternalIdAsCommonAttribute) {
  EXPECT_EQ(decode(R"({"userName":"a","externalId":"E1"})"), R"({"userName":"a","externalId":"E1"})");
}

TEST(Codec, ExtractsPasswordOutOfTheDocument) {
  auto r = decode_resource(parse(R"({"userName":"a","password":"pw"})"), user_type());
  EXPECT_EQ(util::to_json(r.doc), R"({"userName":"a"})");
  ASSERT_TRUE(r.password);
  EXPECT_EQ(*r.password, "pw");
}

TEST(Codec, CoercesEntraStringBooleans) {
  EXPECT_EQ(decode(R"({"userName":"a","active":"TRUE"})"), R"({"userName":"a","active":true})");
  EXPECT_EQ(decode(R"({"userName":"a","active":"false"})"), R"({"userName":"a","active":false})");
  EXPECT_EQ(status_of(R"({"userName":"a","active":"yes"})"), 400);
}

TEST(Codec, RejectsWrongTypes) {
  EXPECT_EQ(status_of(R"({"userName":5})"), 400);
  EXPECT_EQ(status_of(R"({"userName":"a","emails":{"value":"x"}})"), 400);
  EXPECT_EQ(status_of(R"({"userName":"a","name":"x"})"), 400);
  EXPECT_EQ(status_of(R"({"userName":"a","emails":[{"value":1}]})"), 400);
}

TEST(Codec, RejectsTwoPrimaryValues) {
  EXPECT_EQ(status_of(R"({"userName":"a","emails":[{"value":"x","primary":true},{"value":"y","primary":true}]})"), 400);
}

TEST(Codec, WrapsEntraBareManager) {
  EXPECT_EQ(decode(R"({"userName":"a","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"m1"}})"),
            R"({"userName":"a","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"m1"}}})");
}

TEST(Codec, RequiresSchemasToNameTheCoreSchema) {
  EXPECT_EQ(status_of(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"a"})"), 400);
  EXPECT_EQ(status_of(R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:x:other"],"userName":"a"})"), 0);
}

TEST(Codec, RequiredAttributeMissingIsInvalidValue) {
  auto r = decode_resource(parse(R"({"displayName":"x"})"), user_type());
  try {
    check_required(r.doc, user_type());
    FAIL() << "expected an error";
  } catch (const ScimError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(*e.scim_type(), ScimType::invalid_value);
  }
}

TEST(Codec, DateTimes) {
  EXPECT_TRUE(is_date_time("2026-11-25T13:04:05Z"));
  EXPECT_TRUE(is_date_time("2026-11-25T13:04:05.123+02:00"));
  EXPECT_FALSE(is_date_time("2026-11-25"));
  EXPECT_FALSE(is_date_time("2026-11-25T13:04:05"));
  EXPECT_FALSE(is_date_time("2026-11-25T13:04:05.Z"));
}

}  // namespace
}  // namespace scimd::scim
