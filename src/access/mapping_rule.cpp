#include "access/mapping_rule.hpp"

#include <tuple>

namespace scimd::access {

namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True when `candidate` (priority, permissiveness, rule id) beats `current`.
bool beats(long long priority, int rank, const std::string& rule, long long cur_priority, int cur_rank,
           const std::string& cur_rule) {
  if (priority != cur_priority) return priority > cur_priority;
  if (rank != cur_rank) return rank > cur_rank;
  return rule < cur_rule;
}

}  // namespace

bool glob_matches(std::string_view pattern, std::string_view text) {
  // Iterative matching with one backtrack point (the last `*`): linear in practice and never
  // exponential, whatever pattern an admin writes.
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || fold(pattern[p]) == fold(text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

RuleOutcome combine_rules(const std::vector<RuleAction>& matching) {
  RuleOutcome out;
  long long parent_priority = 0, active_priority = 0;
  std::map<std::string, long long> privilege_priority;
  for (const auto& r : matching) {
    if (r.parent && (!out.parent || beats(r.priority, 0, r.rule_id, parent_priority, 0, out.parent->rule_id))) {
      out.parent = RuleValue<std::string>{r.rule_id, *r.parent};
      parent_priority = r.priority;
    }
    if (r.active && (!out.active || beats(r.priority, *r.active ? 1 : 0, r.rule_id, active_priority,
                                          out.active->value ? 1 : 0, out.active->rule_id))) {
      out.active = RuleValue<bool>{r.rule_id, *r.active};
      active_priority = r.priority;
    }
    if (r.member_of) {
      auto [it, fresh] = out.member_of.emplace(*r.member_of, r.rule_id);
      if (!fresh && r.rule_id < it->second) it->second = r.rule_id;
    }
    for (const auto& [app, level] : r.privileges) {
      auto it = out.privileges.find(app);
      if (it == out.privileges.end() ||
          beats(r.priority, static_cast<int>(level), r.rule_id, privilege_priority[app],
                static_cast<int>(it->second.value), it->second.rule_id)) {
        out.privileges[app] = RuleValue<Access>{r.rule_id, level};
        privilege_priority[app] = r.priority;
      }
    }
  }
  return out;
}

}  // namespace scimd::access
