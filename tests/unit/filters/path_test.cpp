// PATCH paths (RFC 7644 §3.5.2): parse, print, errors, and check() against the schema.
#include <scimd/filters/check.hpp>
#include <scimd/filters/parse.hpp>
#include <scimd/filters/print.hpp>

#include <gtest/gtest.h>

#include "shown.hpp"

#include "test_schema.hpp"

namespace scimd::filters {
namespace {

struct PathCase {
  const char* input;
  const char* canonical;
};
void PrintTo(const PathCase& c, std::ostream* os) { *os << test::shown(c.input); }

class PathValid : public ::testing::TestWithParam<PathCase> {};

TEST_P(PathValid, PrintsCanonicallyAndRoundTrips) {
  const PatchPath parsed = parse_path(GetParam().input);
  EXPECT_EQ(to_string(parsed), GetParam().canonical);
  EXPECT_EQ(parse_path(GetParam().canonical), parsed);
}

const PathCase valid_paths[] = {
    {"members", "members"},
    {"name.familyName", "name.familyName"},
    {R"(addresses[type eq "work"])", R"(addresses[type eq "work"])"},
    {R"(members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName)",
     R"(members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName)"},
    {R"(emails[type eq "work"].value)", R"(emails[type eq "work"].value)"},
    {R"(phoneNumbers[type eq "mobile"].value)", R"(phoneNumbers[type eq "mobile"].value)"},
    {R"(addresses[type eq "work"].streetAddress)", R"(addresses[type eq "work"].streetAddress)"},
    {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"},
    {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"},
    {"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
     "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName"},
    {R"(members[value eq "x" or value eq "y"])", R"(members[value eq "x" or value eq "y"])"},
    {R"(emails[type eq "work" and not (primary eq true)].display)",
     R"(emails[type eq "work" and not (primary eq true)].display)"},
    {"  members  ", "members"},
    {"Members", "Members"},
    {R"(members[value EQ "x"])", R"(members[value eq "x"])"},
    {"x509Certificates[value pr]", "x509Certificates[value pr]"},
    {"$ref", "$ref"},
};
INSTANTIATE_TEST_SUITE_P(Rfc7644Section352, PathValid, ::testing::ValuesIn(valid_paths));

struct PathErrorCase {
  const char* input;
  std::size_t offset;
  const char* expected;
};
void PrintTo(const PathErrorCase& c, std::ostream* os) { *os << test::shown(c.input); }

class PathInvalid : public ::testing::TestWithParam<PathErrorCase> {};

TEST_P(PathInvalid, ReportsOffsetAndExpectation) {
  try {
    parse_path(GetParam().input);
    FAIL() << "parsed";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.offset(), GetParam().offset) << e.what();
    EXPECT_EQ(e.expected(), GetParam().expected) << e.what();
  }
}

const PathErrorCase invalid_paths[] = {
    {"", 0, "attribute path"},
    {"emails[0]", 7, "attribute path"},        // JSON-Patch index (PAT-10)
    {"/emails/0", 0, "attribute path"},        // JSON pointer (PAT-10)
    {"members[value eq \"x\"", 20, "closing ']'"},
    {"name.givenName[x pr]", 14, "end of path"},
    {"emails[type eq \"work\"].", 23, "sub-attribute name"},
    {"emails[type eq \"work\"].value.x", 28, "end of path"},
    {"emails[type eq \"work\"].value eq \"x\"", 29, "end of path"},
    {"members pr", 8, "end of path"},
    {"a.b.c", 3, "end of path"},
    {"emails[a[b pr]]", 8, "comparison operator"},
    {"emails[]", 7, "attribute path"},
    {"urn:x:2.0", 6, "attribute name"},
};
INSTANTIATE_TEST_SUITE_P(Rfc7644Section352, PathInvalid, ::testing::ValuesIn(invalid_paths));

TEST(PatchPath, KeepsSubAttributeAfterFilterInPath) {
  const PatchPath p = parse_path(R"(emails[type eq "work"].value)");
  EXPECT_EQ(p.path.name, "emails");
  EXPECT_EQ(p.path.sub_attr, "value");
  ASSERT_TRUE(p.filter.has_value());
  EXPECT_EQ(to_string(*p.filter), R"(type eq "work")");
}

TEST(PatchPath, CheckResolvesCanonicalNames) {
  const ResolvedAttribute a =
      check(parse_path(R"(EMAILS[TYPE eq "work"].VALUE)"), test::user_info());
  EXPECT_EQ(a.attribute->name, "emails");
  ASSERT_NE(a.sub_attribute, nullptr);
  EXPECT_EQ(a.sub_attribute->name, "value");
}

TEST(PatchPath, CheckResolvesExtensionPath) {
  const ResolvedAttribute a = check(
      parse_path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:MANAGER.value"),
      test::user_info());
  EXPECT_EQ(a.schema, test::enterprise_urn);
  EXPECT_EQ(a.attribute->name, "manager");
  EXPECT_EQ(a.sub_attribute->name, "value");
}

TEST(PatchPath, CheckRejectsUnknownAttribute) {
  try {
    check(parse_path("nickNames"), test::user_info());
    FAIL();
  } catch (const SemanticError& e) {
    EXPECT_EQ(e.kind(), SemanticError::Kind::unknown_attribute);
    EXPECT_EQ(e.offset(), 0u);
  }
}

TEST(PatchPath, CheckRejectsUnknownSubAttributeAfterFilter) {
  EXPECT_THROW(check(parse_path(R"(emails[type eq "work"].nope)"), test::user_info()),
               SemanticError);
}

TEST(PatchPath, CheckRejectsBadFilterInPath) {
  EXPECT_THROW(check(parse_path(R"(emails[typo eq "work"])"), test::user_info()), SemanticError);
  EXPECT_THROW(check(parse_path(R"(emails[primary gt true])"), test::user_info()), SemanticError);
}

TEST(PatchPath, CheckRejectsFilterOnSingularAttribute) {
  EXPECT_THROW(check(parse_path(R"(name[givenName eq "x"])"), test::user_info()), SemanticError);
}

TEST(PatchPath, CheckAcceptsMemberFilters) {
  const ResolvedAttribute a = check(parse_path(R"(members[value eq "x"])"), test::group_info());
  EXPECT_EQ(a.attribute->name, "members");
  EXPECT_EQ(a.sub_attribute, nullptr);
}

}  // namespace
}  // namespace scimd::filters
