// parse(print(x)) == x over hand-built and random ASTs (fixed seeds).
#include <scimd/filters/parse.hpp>
#include <scimd/filters/print.hpp>

#include <gtest/gtest.h>

#include "random_filters.hpp"

namespace scimd::filters {
namespace {

TEST(RoundTrip, RandomFiltersReparseToTheSameTree) {
  std::mt19937 rng(42);
  for (int i = 0; i < 5000; ++i) {
    const Filter original = test::random_ast(rng);
    const std::string text = to_string(original);
    Filter reparsed;
    ASSERT_NO_THROW(reparsed = parse_filter(text)) << text;
    ASSERT_EQ(reparsed, original) << text << "\nreprinted: " << to_string(reparsed);
    ASSERT_EQ(to_string(reparsed), text);
  }
}

TEST(RoundTrip, RandomPatchPathsReparseToTheSamePath) {
  std::mt19937 rng(7644);
  for (int i = 0; i < 2000; ++i) {
    const PatchPath original = test::random_patch_path(rng);
    const std::string text = to_string(original);
    PatchPath reparsed;
    ASSERT_NO_THROW(reparsed = parse_path(text)) << text;
    ASSERT_EQ(reparsed, original) << text;
  }
}

TEST(RoundTrip, RightNestedSameOperatorKeepsParentheses) {
  const Filter f(And{parse_filter("a pr"), Filter(And{parse_filter("b pr"), parse_filter("c pr")})});
  EXPECT_EQ(to_string(f), "a pr and (b pr and c pr)");
  EXPECT_EQ(parse_filter(to_string(f)), f);
}

TEST(RoundTrip, OrInsideAndKeepsParentheses) {
  const Filter f(And{Filter(Or{parse_filter("a pr"), parse_filter("b pr")}), parse_filter("c pr")});
  EXPECT_EQ(to_string(f), "(a pr or b pr) and c pr");
}

TEST(RoundTrip, DecimalsStayDecimals) {
  for (double d : {0.0, -0.0, 1.0, -2.0, 1e21, 1e-7, 123456789.0, 0.1, 5e-324, 1.7976931348623157e308}) {
    const Filter f(Compare{AttrPath{"", "a", "", 0}, CompareOp::eq, d, 0});
    const Filter back = parse_filter(to_string(f));
    EXPECT_EQ(back, f) << to_string(f);
    EXPECT_TRUE(std::holds_alternative<double>(boost::get<Compare>(back.get()).value)) << to_string(f);
  }
}

TEST(RoundTrip, ControlCharactersAreEscaped) {
  const Filter f(Compare{AttrPath{"", "a", "", 0}, CompareOp::eq, std::string("\x01\x1f\"\\\n"), 0});
  EXPECT_EQ(to_string(f), R"(a eq "\u0001\u001f\"\\\n")");
  EXPECT_EQ(parse_filter(to_string(f)), f);
}

TEST(RoundTrip, EqualityIgnoresOffsets) {
  EXPECT_EQ(parse_filter("a pr and b eq 1"), parse_filter("   a   pr   and   b   eq   1"));
  EXPECT_FALSE(parse_filter("a pr") == parse_filter("A pr"));
  EXPECT_FALSE(parse_filter("a eq 1") == parse_filter("a eq 1.0"));
  EXPECT_FALSE(parse_filter("a pr and b pr") == parse_filter("a pr or b pr"));
}

}  // namespace
}  // namespace scimd::filters
