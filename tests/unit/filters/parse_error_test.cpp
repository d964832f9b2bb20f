// Table-driven parser errors: input -> offset and expected (FLT-05/06/07).
#include <scimd/filters/parse.hpp>

#include <gtest/gtest.h>

#include "shown.hpp"

namespace scimd::filters {
namespace {

struct ErrorCase {
  std::string input;
  std::size_t offset;
  std::string expected;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << test::shown(c.input.substr(0, 80)); }

class ParseInvalid : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParseInvalid, ReportsOffsetAndExpectation) {
  try {
    parse_filter(GetParam().input);
    FAIL() << "parsed";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.offset(), GetParam().offset) << e.what();
    EXPECT_EQ(e.expected(), GetParam().expected) << e.what();
  }
}

const char* const op = "comparison operator";
const char* const path = "attribute path";
const char* const value = "comparison value";
const char* const end = "'and', 'or' or end of input";

const ErrorCase structure[] = {
    {"", 0, path},
    {"   ", 3, path},
    {"userName", 8, op},
    {"userName eq", 11, value},
    {"userName eq ", 12, value},
    {R"(userName xx "a")", 9, op},
    {R"(userName regex "a")", 9, op},
    {R"("x" eq 1)", 0, path},
    {R"((userName eq "x")", 16, "closing ')'"},
    {R"(userName eq "x"))", 15, end},
    {"a pr and", 8, path},
    {"a pr or", 7, path},
    {"a pr and or b pr", 12, op},
    {"not a pr", 4, op},
    {"not (a pr", 9, "closing ')'"},
    {"not ()", 5, path},
    {"()", 1, path},
    {"a pr b pr", 5, end},
    {"a prb", 2, op},
    {"a eqb 1", 2, op},
    {R"(a eq "x" andb pr)", 9, end},
    {"a eq (1)", 5, value},
    {"a eq ]", 5, value},
    {R"(a eq "x" and ()", 14, path},
    {"and", 3, op},
    {"a pr)", 4, end},
    {"a pr ]", 5, end},
    {R"(a eq "x" "y")", 9, end},
    {"a eq 1 2", 7, end},
};
INSTANTIATE_TEST_SUITE_P(Structure, ParseInvalid, ::testing::ValuesIn(structure));

const ErrorCase strings[] = {
    {R"(userName eq "x)", 14, "closing '\"'"},
    {R"(userName eq "x\q")", 14, "JSON escape"},
    {R"(userName eq "x\)", 14, "JSON escape"},
    {R"(userName eq "\u12")", 15, "4 hex digits"},
    {R"(userName eq "\u12g4")", 15, "4 hex digits"},
    {R"(userName eq "\uDC00")", 13, "high surrogate before low surrogate"},
    {R"(userName eq "\uD800x")", 19, "low surrogate"},
    {R"(userName eq "\uD800\u0041")", 19, "low surrogate"},
    {R"(a eq "\u0000")", 6, "character other than U+0000"},
    {"a eq \"a\tb\"", 7, "escaped control character"},
    {"a eq 1e400", 5, "finite number"},
    {"a eq -1e400", 5, "finite number"},
    {"a eq \"\xFF\"", 6, "UTF-8 text"},
    {"a eq \"\xC3\"", 6, "UTF-8 text"},
    {"a eq \"\xED\xA0\x80\"", 6, "UTF-8 text"},
    {"a eq \"\xC0\xAF\"", 6, "UTF-8 text"},
    {"a eq \xF4\x90\x80\x80", 5, "UTF-8 text"},
};
INSTANTIATE_TEST_SUITE_P(Strings, ParseInvalid, ::testing::ValuesIn(strings));

const ErrorCase paths[] = {
    {"urn:foo:2.0 eq 1", 8, "attribute name"},
    {"urn:ietf:params:scim:schemas:core:2.0:User: eq 1", 43, "attribute name"},
    {"meta. eq 1", 5, "sub-attribute name"},
    {"a.b.c eq 1", 3, op},
    {"1abc eq 1", 0, path},
    {"-a eq 1", 0, path},
    {"_a eq 1", 0, path},
    {"a$ eq 1", 1, op},
};
INSTANTIATE_TEST_SUITE_P(AttributePaths, ParseInvalid, ::testing::ValuesIn(paths));

const ErrorCase value_paths[] = {
    {R"(emails[type eq "work")", 21, "closing ']'"},
    {R"(emails[type eq "work"]])", 22, end},
    {"emails[]", 7, path},
    {R"(emails[type eq "work"].value)", 28, op},
    {R"(emails[type eq "work"].)", 23, "sub-attribute name"},
    {R"(emails[type eq "work"].value eq)", 31, value},
    {R"(emails[type eq "work"] pr)", 23, end},
    {"emails[type[value eq 1] pr]", 11, op},
    {"emails[a pr][b pr]", 12, end},
    {"name.givenName[x pr]", 14, op},
    {"a[b pr", 6, "closing ']'"},
    {"a[(b pr]", 7, "closing ')'"},
    {"a[b pr and c[d pr]]", 12, op},
};
INSTANTIATE_TEST_SUITE_P(ValuePaths, ParseInvalid, ::testing::ValuesIn(value_paths));

std::vector<ErrorCase> limits() {
  const std::string deep = "at most " + std::to_string(max_nesting_depth) + " levels of nesting";
  std::string too_long(max_input_length + 1, ' ');
  too_long.replace(0, 4, "a pr");
  return {
      {std::string(max_nesting_depth + 1, '(') + "a pr" + std::string(max_nesting_depth + 1, ')'),
       max_nesting_depth + 1, deep},
      {"a[" + std::string(max_nesting_depth, '(') + "b pr" + std::string(max_nesting_depth, ')') + "]",
       max_nesting_depth + 2, deep},
      {[] {
         std::string s;
         for (int i = 0; i <= max_nesting_depth; ++i) s += "not (";
         return s + "a pr" + std::string(max_nesting_depth + 1, ')');
       }(),
       5 * max_nesting_depth + 5, deep},
      {too_long, max_input_length, "at most 8192 bytes"},
      {[] {
         std::string s = "a pr";
         for (int i = 1; i <= max_conditions; ++i) s += " or a pr";
         return s;
       }(),
       8 * max_conditions, "at most 256 conditions"},
      {"x[" + [] {
         std::string s = "a pr";
         for (int i = 1; i < max_conditions; ++i) s += " or a pr";
         return s;
       }() + "].b pr",
       2 + 8 * (max_conditions - 1), "at most 256 conditions"},
      // Entra's `.sub op value` after a valuePath is a condition too.
      {"x[" + [] {
         std::string s = "a pr";
         for (int i = 1; i < max_conditions - 1; ++i) s += " or a pr";
         return s;
       }() + "].b pr",
       2 + 4 + 8 * (max_conditions - 2) + 2, "at most 256 conditions"},
  };
}
INSTANTIATE_TEST_SUITE_P(Limits, ParseInvalid, ::testing::ValuesIn(limits()));

TEST(FilterParser, ErrorMessageNamesOffsetExpectationAndToken) {
  try {
    parse_filter(R"(userName regex "a")");
    FAIL();
  } catch (const SyntaxError& e) {
    EXPECT_STREQ(e.what(), "at offset 9: expected comparison operator, found 'regex'");
  }
  try {
    parse_filter("userName eq");
    FAIL();
  } catch (const SyntaxError& e) {
    EXPECT_STREQ(e.what(), "at offset 11: expected comparison value, found end of input");
  }
}

TEST(FilterParser, SyntaxErrorIsARuntimeError) {
  EXPECT_THROW(parse_filter("("), std::runtime_error);
  EXPECT_THROW(parse_filter("("), Error);
}

}  // namespace
}  // namespace scimd::filters
