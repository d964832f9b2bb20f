// The pure parts of mapping rules: glob matching and conflict resolution (issue 7).
#include "access/mapping_rule.hpp"

#include <gtest/gtest.h>

namespace scimd::access {
namespace {

TEST(GlobMatches, WildcardsAndCase) {
  struct Case {
    const char* pattern;
    const char* text;
    bool expected;
  } cases[] = {
      {"eng*", "Engineering", true},   {"eng*", "eng", true},          {"eng*", "Sales", false},
      {"*-eu", "Sales-EU", true},      {"*-eu", "Sales-EU-2", false},  {"team-?", "Team-A", true},
      {"team-?", "Team-AB", false},    {"team-?", "Team-", false},     {"*", "", true},
      {"", "", true},                  {"", "x", false},               {"a*b*c", "axxbyyc", true},
      {"a*b*c", "axxbyy", false},      {"*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
      {"sales", "SALES", true},        {"?", "é", false},
  };
  for (const auto& c : cases)
    EXPECT_EQ(glob_matches(c.pattern, c.text), c.expected) << c.pattern << " vs " << c.text;
}

RuleAction action(const std::string& id, long long priority) {
  RuleAction a;
  a.rule_id = id;
  a.priority = priority;
  return a;
}

TEST(CombineRules, HigherPriorityWinsThenMostPermissiveThenSmallerId) {
  RuleAction low = action("r1", 1), high = action("r2", 5), tie = action("r3", 5);
  low.privileges["crm"] = Access::admin;
  high.privileges["crm"] = Access::view;
  tie.privileges["crm"] = Access::edit;
  EXPECT_EQ(combine_rules({low, high}).privileges.at("crm"), (RuleValue<Access>{"r2", Access::view}));
  EXPECT_EQ(combine_rules({low, high, tie}).privileges.at("crm"), (RuleValue<Access>{"r3", Access::edit}));
  RuleAction same = action("r0", 5);
  same.privileges["crm"] = Access::edit;
  EXPECT_EQ(combine_rules({tie, same}).privileges.at("crm").rule_id, "r0") << "order of listing never matters";
  EXPECT_EQ(combine_rules({same, tie}).privileges.at("crm").rule_id, "r0");
}

TEST(CombineRules, ActiveTrueWinsTiesAndParentsFollowPriority) {
  RuleAction off = action("a", 0), on = action("b", 0), parent_low = action("c", 0), parent_high = action("d", 2);
  off.active = false;
  on.active = true;
  parent_low.parent = "g1";
  parent_high.parent = "g2";
  RuleOutcome out = combine_rules({off, on, parent_low, parent_high});
  EXPECT_EQ(out.active, (RuleValue<bool>{"b", true}));
  EXPECT_EQ(out.parent, (RuleValue<std::string>{"d", "g2"}));
}

TEST(CombineRules, MemberOfAddsUp) {
  RuleAction a = action("a", 0), b = action("b", 9), c = action("c", 0);
  a.member_of = "g1";
  b.member_of = "g2";
  c.member_of = "g1";
  RuleOutcome out = combine_rules({c, a, b});
  ASSERT_EQ(out.member_of.size(), 2u);
  EXPECT_EQ(out.member_of.at("g1"), "a");
  EXPECT_EQ(out.member_of.at("g2"), "b");
  EXPECT_TRUE(combine_rules({}).empty());
}

}  // namespace
}  // namespace scimd::access
