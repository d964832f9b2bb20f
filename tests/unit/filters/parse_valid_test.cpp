// Table-driven parser cases: input -> canonical print (print.hpp), plus tree shapes and
// offsets where the print alone cannot show them.
#include <scimd/filters/parse.hpp>
#include <scimd/filters/print.hpp>

#include <gtest/gtest.h>

#include "shown.hpp"

namespace scimd::filters {
namespace {

struct ValidCase {
  const char* input;
  const char* canonical;
};

void PrintTo(const ValidCase& c, std::ostream* os) { *os << test::shown(c.input); }

class ParseValid : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ParseValid, PrintsCanonicallyAndRoundTrips) {
  const Filter parsed = parse_filter(GetParam().input);
  EXPECT_EQ(to_string(parsed), GetParam().canonical);
  EXPECT_EQ(parse_filter(GetParam().canonical), parsed);
}

// RFC 7644 §3.4.2.2, Figure 2 (the RFC's own examples).
const ValidCase rfc_examples[] = {
    {R"(userName eq "bjensen")", R"(userName eq "bjensen")"},
    {R"(name.familyName co "O'Malley")", R"(name.familyName co "O'Malley")"},
    {R"(userName sw "J")", R"(userName sw "J")"},
    {R"(urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J")",
     R"(urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J")"},
    {"title pr", "title pr"},
    {R"(meta.lastModified gt "2011-05-13T04:42:34Z")", R"(meta.lastModified gt "2011-05-13T04:42:34Z")"},
    {R"(meta.lastModified ge "2011-05-13T04:42:34Z")", R"(meta.lastModified ge "2011-05-13T04:42:34Z")"},
    {R"(meta.lastModified lt "2011-05-13T04:42:34Z")", R"(meta.lastModified lt "2011-05-13T04:42:34Z")"},
    {R"(meta.lastModified le "2011-05-13T04:42:34Z")", R"(meta.lastModified le "2011-05-13T04:42:34Z")"},
    {R"(title pr and userType eq "Employee")", R"(title pr and userType eq "Employee")"},
    {R"(title pr or userType eq "Intern")", R"(title pr or userType eq "Intern")"},
    {R"(schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")",
     R"(schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")"},
    {R"(userType eq "Employee" and (emails co "example.com" or emails.value co "example.org"))",
     R"(userType eq "Employee" and (emails co "example.com" or emails.value co "example.org"))"},
    {R"(userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org"))",
     R"(userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org"))"},
    {R"(userType eq "Employee" and (emails.type eq "work"))", R"(userType eq "Employee" and emails.type eq "work")"},
    {R"(userType eq "Employee" and emails[type eq "work" and value co "@example.com"])",
     R"(userType eq "Employee" and emails[type eq "work" and value co "@example.com"])"},
    {R"(emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"])",
     R"(emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"])"},
};
INSTANTIATE_TEST_SUITE_P(Rfc7644Figure2, ParseValid, ::testing::ValuesIn(rfc_examples));

// FLT-03: operators, keywords and literals in any case; attribute names keep their spelling.
const ValidCase case_insensitive[] = {
    {R"(userName EQ "x")", R"(userName eq "x")"},
    {R"(UserName Eq "x")", R"(UserName eq "x")"},
    {"a NE 1", "a ne 1"},
    {R"(a CO "x")", R"(a co "x")"},
    {R"(a Sw "x")", R"(a sw "x")"},
    {R"(a eW "x")", R"(a ew "x")"},
    {"a GT 1", "a gt 1"},
    {"a LT 1", "a lt 1"},
    {"a GE 1", "a ge 1"},
    {"a LE 1", "a le 1"},
    {"a PR", "a pr"},
    {"a pr AND b pr", "a pr and b pr"},
    {"a pr Or b pr", "a pr or b pr"},
    {"NOT (a pr)", "not (a pr)"},
    {"Not(a pr)", "not (a pr)"},
    {"active eq True", "active eq true"},
    {"active eq FALSE", "active eq false"},
    {"a eq NULL", "a eq null"},
    {R"(URN:IETF:params:scim:schemas:core:2.0:User:userName eq "x")",
     R"(URN:IETF:params:scim:schemas:core:2.0:User:userName eq "x")"},
};
INSTANTIATE_TEST_SUITE_P(CaseInsensitive, ParseValid, ::testing::ValuesIn(case_insensitive));

// FLT-19: JSON literals.
const ValidCase literals[] = {
    {"a eq 0", "a eq 0"},
    {"a eq -0", "a eq 0"},
    {"a eq 42", "a eq 42"},
    {"a eq -7", "a eq -7"},
    {"a eq 1.5", "a eq 1.5"},
    {"a eq 1.0", "a eq 1.0"},
    {"a eq -1.5e-3", "a eq -0.0015"},
    {"a eq 1E3", "a eq 1000.0"},
    {"a eq 2e+2", "a eq 200.0"},
    {"a eq 0.1", "a eq 0.1"},
    {"a eq 9223372036854775807", "a eq 9223372036854775807"},
    {"a eq -9223372036854775808", "a eq -9223372036854775808"},
    {"a eq 9223372036854775808", "a eq 9223372036854775808.0"},
    {"a eq 1e-400", "a eq 0.0"},
    {R"(a eq "")", R"(a eq "")"},
    {R"(a eq "a\"b")", R"(a eq "a\"b")"},
    {R"(a eq "\\")", R"(a eq "\\")"},
    {R"(a eq "\/")", R"(a eq "/")"},
    {R"(a eq "\b\f\n\r\t")", R"(a eq "\b\f\n\r\t")"},
    {R"(a eq "\u0041")", R"(a eq "A")"},
    {R"(a eq "\u00E9")", "a eq \"\xC3\xA9\""},
    {R"(a eq "\u001f")", R"(a eq "\u001f")"},
    {R"(a eq "\uD83D\uDE00")", "a eq \"\xF0\x9F\x98\x80\""},
    {"a eq \"\xC3\xA9t\xC3\xA9\"", "a eq \"\xC3\xA9t\xC3\xA9\""},
    {R"(a eq "with spaces and (brackets) [x] and 'quotes'")",
     R"(a eq "with spaces and (brackets) [x] and 'quotes'")"},
    {R"(a eq "and or not pr eq")", R"(a eq "and or not pr eq")"},
};
INSTANTIATE_TEST_SUITE_P(Literals, ParseValid, ::testing::ValuesIn(literals));

// Microsoft's conformance collection sends unquoted values: a bare token that is not
// true/false/null or a JSON number is a string.
const ValidCase unquoted[] = {
    {"userName sw O", R"(userName sw "O")"},
    {"meta.lastModified gt 2011-05-13T04:42:34Z", R"(meta.lastModified gt "2011-05-13T04:42:34Z")"},
    {"displayName eq Group1", R"(displayName eq "Group1")"},
    {"userName eq bjensen@example.com", R"(userName eq "bjensen@example.com")"},
    {"a eq 1.2.3", R"(a eq "1.2.3")"},
    {"a eq 0012", R"(a eq "0012")"},
    {"a eq +1", R"(a eq "+1")"},
    {"a eq -", R"(a eq "-")"},
    {"a eq truex", R"(a eq "truex")"},
    {"a eq 1.", R"(a eq "1.")"},
    {"(displayName eq Group1)", R"(displayName eq "Group1")"},
    {"emails[value eq a@b.c]", R"(emails[value eq "a@b.c"])"},
    {"a eq x and b eq y", R"(a eq "x" and b eq "y")"},
    {"a eq \xC3\xA9", "a eq \"\xC3\xA9\""},
};
INSTANTIATE_TEST_SUITE_P(Unquoted, ParseValid, ::testing::ValuesIn(unquoted));

const ValidCase whitespace[] = {
    {R"(  userName   eq   "x"  )", R"(userName eq "x")"},
    {"userName\teq\t\"x\"", R"(userName eq "x")"},
    {"a pr\r\nand\nb pr", "a pr and b pr"},
    {R"(a eq "x"and b pr)", R"(a eq "x" and b pr)"},
    {"(a pr)and(b pr)", "a pr and b pr"},
    {"not  (  a pr  )", "not (a pr)"},
    {R"(emails [type eq "work"])", R"(emails[type eq "work"])"},
    {R"(emails[ type eq "work" ])", R"(emails[type eq "work"])"},
    {R"(emails[type eq "work"] .value eq "x")", R"(emails[type eq "work" and value eq "x"])"},
};
INSTANTIATE_TEST_SUITE_P(Whitespace, ParseValid, ::testing::ValuesIn(whitespace));

// FLT-25/26: precedence not > and > or, left associativity, grouping.
const ValidCase precedence[] = {
    {"a pr or b pr and c pr", "a pr or b pr and c pr"},
    {"a pr and b pr or c pr", "a pr and b pr or c pr"},
    {"(a pr or b pr) and c pr", "(a pr or b pr) and c pr"},
    {"a pr and (b pr or c pr)", "a pr and (b pr or c pr)"},
    {"a pr and b pr and c pr", "a pr and b pr and c pr"},
    {"(a pr and b pr) and c pr", "a pr and b pr and c pr"},
    {"a pr and (b pr and c pr)", "a pr and (b pr and c pr)"},
    {"a pr or (b pr or c pr)", "a pr or (b pr or c pr)"},
    {"(a pr or b pr) or c pr", "a pr or b pr or c pr"},
    {"((a pr))", "a pr"},
    {"not (a pr or b pr) and c pr", "not (a pr or b pr) and c pr"},
    {"not (not (a pr))", "not (not (a pr))"},
    {"a pr or not (b pr) and c pr", "a pr or not (b pr) and c pr"},
    {"(a pr or b pr) and (c pr or d pr)", "(a pr or b pr) and (c pr or d pr)"},
    {"a pr and b pr or c pr and d pr", "a pr and b pr or c pr and d pr"},
};
INSTANTIATE_TEST_SUITE_P(Precedence, ParseValid, ::testing::ValuesIn(precedence));

// FLT-33: URN-qualified paths; the URN runs up to the last ':' before the name.
const ValidCase urns[] = {
    {R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales")",
     R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales")"},
    {R"(urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "x")",
     R"(urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "x")"},
    {R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915")",
     R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915")"},
    {R"(urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"])",
     R"(urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"])"},
    {"urn:a:b pr", "urn:a:b pr"},
};
INSTANTIATE_TEST_SUITE_P(Urns, ParseValid, ::testing::ValuesIn(urns));

// FLT-27/29 valuePaths, and Entra's `attr[filter].sub op value`.
const ValidCase value_paths[] = {
    {R"(emails[type eq "work"])", R"(emails[type eq "work"])"},
    {R"(emails[type eq "work"].value eq "x")", R"(emails[type eq "work" and value eq "x"])"},
    {R"(emails[type eq "work"].value pr)", R"(emails[type eq "work" and value pr])"},
    {R"(emails[type eq "work" or type eq "home"].value eq "x")",
     R"(emails[(type eq "work" or type eq "home") and value eq "x"])"},
    {R"(members[value eq "2819c223"])", R"(members[value eq "2819c223"])"},
    {R"(emails[not (type eq "work")])", R"(emails[not (type eq "work")])"},
    {R"(roles[primary eq "True"])", R"(roles[primary eq "True"])"},
    {R"(addresses[type eq "work"].streetAddress co "Main")",
     R"(addresses[type eq "work" and streetAddress co "Main"])"},
    {R"(emails[type eq "work"] and userName pr)", R"(emails[type eq "work"] and userName pr)"},
    {"x[a pr] or y[b pr]", "x[a pr] or y[b pr]"},
    {R"(emails[(type eq "work")])", R"(emails[type eq "work"])"},
    {R"(emails[type eq "work"].value eq "x" and active eq true)",
     R"(emails[type eq "work" and value eq "x"] and active eq true)"},
};
INSTANTIATE_TEST_SUITE_P(ValuePaths, ParseValid, ::testing::ValuesIn(value_paths));

// Names: ATTRNAME plus `$ref`; keywords are names where no keyword fits.
const ValidCase names[] = {
    {R"($ref eq "x")", R"($ref eq "x")"},
    {R"(members.$ref eq "x")", R"(members.$ref eq "x")"},
    {"a-b_c1 pr", "a-b_c1 pr"},
    {R"(not eq "x")", R"(not eq "x")"},
    {"notes pr", "notes pr"},
    {"and pr", "and pr"},
    {"pr pr", "pr pr"},
    {R"(eq eq "eq")", R"(eq eq "eq")"},
    {"prefix pr", "prefix pr"},
    {"orders pr or ands pr", "orders pr or ands pr"},
};
INSTANTIATE_TEST_SUITE_P(Names, ParseValid, ::testing::ValuesIn(names));

const Compare& as_compare(const Filter& f) { return boost::get<Compare>(f.get()); }
template <class Node>
const Node& as(const Filter& f) {
  return boost::get<boost::spirit::x3::forward_ast<Node>>(f.get()).get();
}

TEST(FilterParser, OrBindsLooserThanAnd) {
  const Filter f = parse_filter("a pr or b pr and c pr");
  const Or& top = as<Or>(f);
  EXPECT_EQ(to_string(top.lhs), "a pr");
  EXPECT_EQ(to_string(as<And>(top.rhs).lhs), "b pr");
}

TEST(FilterParser, AndIsLeftAssociative) {
  const Filter f = parse_filter("a pr and b pr and c pr");
  EXPECT_EQ(to_string(as<And>(f).lhs), "a pr and b pr");
  EXPECT_EQ(to_string(as<And>(f).rhs), "c pr");
}

TEST(FilterParser, SplitsUrnAtLastColon) {
  const Filter f = parse_filter(R"(urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "x")");
  const Compare& c = as_compare(f);
  EXPECT_EQ(c.path.schema, "urn:ietf:params:scim:schemas:core:2.0:User");
  EXPECT_EQ(c.path.name, "name");
  EXPECT_EQ(c.path.sub_attr, "familyName");
}

TEST(FilterParser, KeepsIntegerAndDecimalApart) {
  EXPECT_EQ(as_compare(parse_filter("a eq 2")).value, CompValue(2LL));
  EXPECT_EQ(as_compare(parse_filter("a eq 2.0")).value, CompValue(2.0));
  EXPECT_EQ(as_compare(parse_filter("a eq 2e0")).value, CompValue(2.0));
}

TEST(FilterParser, RecordsOffsets) {
  const Filter f = parse_filter(R"(  title pr and not (emails[type eq "work"]))");
  const And& a = as<And>(f);
  EXPECT_EQ(offset_of(f), 2u);
  EXPECT_EQ(boost::get<Present>(a.lhs.get()).path.offset, 2u);
  const Not& n = as<Not>(a.rhs);
  EXPECT_EQ(n.offset, 15u);
  const ValuePath& vp = as<ValuePath>(n.operand);
  EXPECT_EQ(vp.path.offset, 20u);
  const Compare& c = as_compare(vp.filter);
  EXPECT_EQ(c.path.offset, 27u);
  EXPECT_EQ(c.value_offset, 35u);
}

TEST(FilterParser, EntraValuePathSubAttributeJoinsTheElementFilter) {
  const Filter f = parse_filter(R"(emails[type eq "work"].value eq "x")");
  const ValuePath& vp = as<ValuePath>(f);
  EXPECT_EQ(vp.path.name, "emails");
  EXPECT_FALSE(vp.path.has_sub_attr());
  const And& both = as<And>(vp.filter);
  EXPECT_EQ(as_compare(both.rhs).path.name, "value");
  EXPECT_EQ(as_compare(both.rhs).path.offset, 23u);
}

TEST(FilterParser, AcceptsMaximumNesting) {
  const std::string deep = std::string(max_nesting_depth, '(') + "a pr" + std::string(max_nesting_depth, ')');
  EXPECT_EQ(to_string(parse_filter(deep)), "a pr");
}

TEST(FilterParser, AcceptsMaximumLength) {
  std::string text = "a eq \"" + std::string(max_input_length - 7, 'x') + "\"";
  ASSERT_EQ(text.size(), max_input_length);
  EXPECT_NO_THROW(parse_filter(text));
}

TEST(FilterParser, AcceptsMaximumNumberOfConditions) {
  std::string text = "a pr";
  for (int i = 1; i < max_conditions; ++i) text += " or a pr";
  EXPECT_EQ(to_string(parse_filter(text)), text);
}

}  // namespace
}  // namespace scimd::filters
