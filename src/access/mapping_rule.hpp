#pragma once
// Mapping rules as pure functions (issue 7): does a rule's glob match a value, and what do the
// rules that match one resource set on it, once their conflicts are resolved. No SQL, no JSON.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/access_level.hpp"

namespace scimd::access {

/// A glob compared ignoring ASCII case: `*` matches any run of characters (also none), `?`
/// exactly one character; every other character matches itself.
bool glob_matches(std::string_view pattern, std::string_view text);

/// What one rule sets (its `then`), with its id and priority.
struct RuleAction {
  std::string rule_id;
  long long priority = 0;
  std::optional<std::string> parent;     ///< groups: the parent group id
  std::optional<bool> active;            ///< groups: the active flag
  std::optional<std::string> member_of;  ///< users: a group id
  std::map<std::string, Access> privileges;  ///< application id -> access
};

/// A value a rule set, and which rule set it.
template <class T>
struct RuleValue {
  std::string rule_id;
  T value;
  bool operator==(const RuleValue&) const = default;
};

/// What the matching rules set on one resource, conflicts resolved.
struct RuleOutcome {
  std::optional<RuleValue<std::string>> parent;
  std::optional<RuleValue<bool>> active;
  std::map<std::string, std::string> member_of;  ///< group id -> the rule that asks for it
  std::map<std::string, RuleValue<Access>> privileges;  ///< application id -> winning grant
  bool operator==(const RuleOutcome&) const = default;
  bool empty() const { return !parent && !active && member_of.empty() && privileges.empty(); }
};

/// Combines the actions of the rules that match one resource. On conflict the higher priority
/// wins; between equal priorities the most permissive value wins (access admin > edit > view >
/// none, active true over false); a remaining tie goes to the smaller rule id, so the outcome
/// never depends on the order rules are listed in. memberOf adds up: every group asked for.
RuleOutcome combine_rules(const std::vector<RuleAction>& matching);

}  // namespace scimd::access
