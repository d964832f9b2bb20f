// Semantic checks (check.hpp): unknown attributes, operator and literal types.
#include <scimd/filters/check.hpp>
#include <scimd/filters/parse.hpp>

#include <gtest/gtest.h>

#include "shown.hpp"

#include "test_schema.hpp"

namespace scimd::filters {
namespace {

using Kind = SemanticError::Kind;

struct RejectCase {
  const char* filter;
  Kind kind;
  std::size_t offset;
};
void PrintTo(const RejectCase& c, std::ostream* os) { *os << test::shown(c.filter); }

class CheckRejects : public ::testing::TestWithParam<RejectCase> {};

TEST_P(CheckRejects, WithKindAndOffset) {
  const Filter f = parse_filter(GetParam().filter);
  try {
    check(f, test::user_info());
    FAIL() << "accepted";
  } catch (const SemanticError& e) {
    EXPECT_EQ(e.kind(), GetParam().kind) << e.what();
    EXPECT_EQ(e.offset(), GetParam().offset) << e.what();
  }
}

const RejectCase rejected[] = {
    {R"(nickNames eq "x")", Kind::unknown_attribute, 0},
    {R"(name.middle eq "x")", Kind::unknown_attribute, 0},
    {R"(urn:foo:User:userName eq "x")", Kind::unknown_attribute, 0},
    {R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName eq "x")", Kind::unknown_attribute, 0},
    {R"(title pr and emails[typo eq "x"])", Kind::unknown_attribute, 20},
    {R"(emails[emails.type eq "x"])", Kind::unknown_attribute, 7},
    {R"(emails[urn:ietf:params:scim:schemas:core:2.0:User:type eq "x"])", Kind::unknown_attribute, 7},
    {"active gt true", Kind::unsupported_comparison, 0},
    {R"(active co "t")", Kind::unsupported_comparison, 0},
    {R"(emails[primary ge true])", Kind::unsupported_comparison, 7},
    {R"(x509Certificates.value gt "x")", Kind::unsupported_comparison, 0},
    {R"(urn:scimd:test:2.0:User:badge le "x")", Kind::unsupported_comparison, 0},
    {"urn:scimd:test:2.0:User:level co 1", Kind::unsupported_comparison, 0},
    {R"(urn:scimd:test:2.0:User:level sw "1")", Kind::unsupported_comparison, 0},
    {R"(meta.created co "2020")", Kind::unsupported_comparison, 0},
    {"userName eq 1", Kind::unsupported_comparison, 12},
    {"userName eq true", Kind::unsupported_comparison, 12},
    {R"(active eq "yes")", Kind::unsupported_comparison, 10},
    {"active eq 1", Kind::unsupported_comparison, 10},
    {R"(urn:scimd:test:2.0:User:level eq "3")", Kind::unsupported_comparison, 33},
    {R"(meta.created gt "yesterday")", Kind::invalid_value, 16},
    {R"(meta.created gt "2020-02-30T00:00:00Z")", Kind::invalid_value, 16},
    {"meta.created gt 5", Kind::unsupported_comparison, 16},
    {R"(addresses eq "x")", Kind::unsupported_comparison, 0},
    {R"(name eq "x")", Kind::unsupported_comparison, 0},
    {"userName[x eq 1]", Kind::unsupported_comparison, 0},
    {"name.givenName gt null", Kind::unsupported_comparison, 0},
    {"userName co null", Kind::unsupported_comparison, 0},
    {R"(not (userName eq "x" or bogus pr))", Kind::unknown_attribute, 24},
};
INSTANTIATE_TEST_SUITE_P(Rfc7644Section3422, CheckRejects, ::testing::ValuesIn(rejected));

class CheckAccepts : public ::testing::TestWithParam<const char*> {};

TEST_P(CheckAccepts, Filter) { EXPECT_NO_THROW(check(parse_filter(GetParam()), test::user_info())); }

const char* const accepted[] = {
    R"(USERNAME eq "x")",
    R"(emails co "example.com")",
    R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "x")",
    R"(department eq "Sales")",
    "employeeNumber pr",
    R"(roles[primary eq "True"])",
    R"(emails[type eq "work"].value eq "x")",
    "emails eq null",
    "name pr",
    R"(name[givenName eq "x"])",
    R"(urn:ietf:params:scim:schemas:core:2.0:User:meta.lastModified gt "2011-05-13T04:42:34Z")",
    "meta.lastModified gt 2011-05-13T04:42:34+02:00",
    "urn:scimd:test:2.0:User:level gt 2.5",
    "urn:scimd:test:2.0:User:score le 3",
    R"(urn:scimd:test:2.0:User:badge co "AAE=")",
    R"(schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")",
    R"(profileUrl gt "https://")",
    R"(groups.$ref pr)",
    R"(emails.display ne "x")",
};
INSTANTIATE_TEST_SUITE_P(Rfc7644Section3422, CheckAccepts, ::testing::ValuesIn(accepted));

TEST(Check, MessagesNameAttributeAndOperator) {
  try {
    check(parse_filter("active gt true"), test::user_info());
    FAIL();
  } catch (const SemanticError& e) {
    EXPECT_STREQ(e.what(), "at offset 0: gt cannot compare 'active' (boolean)");
    EXPECT_EQ(e.message(), "gt cannot compare 'active' (boolean)");
  }
  try {
    check(parse_filter("userName eq 1"), test::user_info());
    FAIL();
  } catch (const SemanticError& e) {
    EXPECT_EQ(e.message(), "'userName' needs a string, not 1");
  }
}

TEST(Check, AmbiguousUnqualifiedExtensionNameIsUnknown) {
  SchemaAttributeInfo info("urn:core", {AttributeFacts{"id", AttrType::string, false, true, {}}});
  info.add_extension("urn:ext:a", {AttributeFacts{"code", AttrType::string, false, false, {}}});
  info.add_extension("urn:ext:b", {AttributeFacts{"code", AttrType::string, false, false, {}}});
  EXPECT_THROW(check(parse_filter("code pr"), info), SemanticError);
  EXPECT_NO_THROW(check(parse_filter("urn:ext:b:code pr"), info));
}

TEST(Check, GroupMembers) {
  EXPECT_NO_THROW(check(parse_filter(R"(members[value eq "x" and type eq "User"])"), test::group_info()));
  EXPECT_THROW(check(parse_filter(R"(members[userName eq "x"])"), test::group_info()), SemanticError);
}

}  // namespace
}  // namespace scimd::filters
