// The audit trail's pure parts: the `since` time and the redaction of secrets.
#include "scim/audit.hpp"

#include <gtest/gtest.h>

#include "scim/audit_query.hpp"
#include "scim/error.hpp"
#include "util/json.hpp"

namespace scimd::scim {
namespace {

TEST(AuditSince, NormalisesIso8601ToTheStoredUtcText) {
  EXPECT_EQ(normalize_time("2026-01-31"), "2026-01-31T00:00:00.000Z");
  EXPECT_EQ(normalize_time("2026-01-31T10:20"), "2026-01-31T10:20:00.000Z");
  EXPECT_EQ(normalize_time("2026-01-31T10:20:30Z"), "2026-01-31T10:20:30.000Z");
  EXPECT_EQ(normalize_time("2026-01-31T10:20:30.5Z"), "2026-01-31T10:20:30.500Z");
  EXPECT_EQ(normalize_time("2026-01-31T10:20:30.123Z"), "2026-01-31T10:20:30.123Z");
  EXPECT_EQ(normalize_time("2026-01-31T01:00:00+02:00"), "2026-01-30T23:00:00.000Z");
  EXPECT_EQ(normalize_time("2026-01-31T23:00:00-0130"), "2026-02-01T00:30:00.000Z");
  EXPECT_EQ(normalize_time("2026-01-31T01:00:00 02:00"), "2026-01-30T23:00:00.000Z") << "'+' decoded as a space";
}

TEST(AuditSince, RoundsFinerFractionsUpSoThatSinceStaysInclusive) {
  EXPECT_EQ(normalize_time("2026-01-31T10:20:30.1230Z"), "2026-01-31T10:20:30.123Z");
  EXPECT_EQ(normalize_time("2026-01-31T10:20:30.1231Z"), "2026-01-31T10:20:30.124Z");
  EXPECT_EQ(normalize_time("2026-01-31T23:59:59.9999Z"), "2026-02-01T00:00:00.000Z");
}

TEST(AuditSince, RejectsMalformedTimes) {
  for (const char* bad : {"", "yesterday", "2026-1-31", "2026-02-30", "2026-13-01", "2026-01-31T25:00Z",
                          "2026-01-31T10:20:30.Z", "2026-01-31T10:20:30Q", "2026-01-31 10:20", "2026-01-31T10:20+2"})
    EXPECT_EQ(normalize_time(bad), std::nullopt) << bad;
}

TEST(AuditQueryParams, ClampsPagingAndRejectsNonNumbers) {
  auto q = parse_audit_query(7, {{"startindex", "0"}, {"COUNT", "5000"}, {"resourceId", "u1"}});
  EXPECT_EQ(q.tenant_id, 7);
  EXPECT_EQ(q.start_index, 1);
  EXPECT_EQ(q.count, 1000);
  EXPECT_EQ(q.resource_id, "u1");
  EXPECT_EQ(parse_audit_query(7, {}).count, 100);
  EXPECT_THROW(parse_audit_query(7, {{"count", "x"}}), ScimError);
  EXPECT_THROW(parse_audit_query(7, {{"startIndex", ""}}), ScimError);
  EXPECT_THROW(parse_audit_query(7, {{"since", "soon"}}), ScimError);
}

TEST(AuditRedaction, NamesPasswordsAndSecrets) {
  EXPECT_TRUE(is_secret_name("password"));
  EXPECT_TRUE(is_secret_name("PassWord"));
  EXPECT_TRUE(is_secret_name("urn:ietf:params:scim:schemas:core:2.0:User:password"));
  EXPECT_TRUE(is_secret_name("webhookSecret"));
  EXPECT_FALSE(is_secret_name("userName"));
  EXPECT_FALSE(is_secret_name("passwordHint:x"));
}

TEST(AuditRedaction, PatchOperationsKeepEverythingButSecrets) {
  rapidjson::Document body;
  body.Parse(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
    {"op":"replace","path":"Password","value":"s1"},
    {"op":"add","path":"emails","value":[{"value":"a@b.c","type":"work"}]},
    {"op":"replace","value":{"password":"s2","urn:ietf:params:scim:schemas:core:2.0:User":{"password":"s3"},"title":"T"}},
    {"op":"remove","path":"password"}]})");
  std::string out = redacted_patch_operations(body);
  rapidjson::Document ops;
  ops.Parse(out.c_str());
  ASSERT_TRUE(ops.IsArray()) << out;
  EXPECT_STREQ(ops[0]["value"].GetString(), "[redacted]");
  EXPECT_STREQ(ops[1]["value"][0]["value"].GetString(), "a@b.c");
  EXPECT_STREQ(ops[2]["value"]["password"].GetString(), "[redacted]");
  EXPECT_STREQ(ops[2]["value"]["urn:ietf:params:scim:schemas:core:2.0:User"]["password"].GetString(), "[redacted]");
  EXPECT_STREQ(ops[2]["value"]["title"].GetString(), "T");
  EXPECT_FALSE(ops[3].HasMember("value")) << "a remove has no value to redact";
  for (const char* secret : {"s1", "s2", "s3"}) EXPECT_EQ(out.find(std::string("\"") + secret + "\""), std::string::npos);
}

}  // namespace
}  // namespace scimd::scim
