#pragma once
// Mapping rules (issue 7): MappingRule resources turn what an identity provider pushes (group
// names, roles, enterprise attributes) into group placement and privileges.
//
// How a rule acts, and how it is undone:
//  - Group `parent` and `active`: the rule writes the value into the group's access extension
//    and remembers the value it replaced; when the rule stops applying (removed, changed, or
//    the group no longer matches) that value comes back, unless someone changed it since.
//  - User `memberOf`: the rule adds the user to the group's members; when it stops applying
//    the membership goes, unless the user was a member before the rule added it.
//  - `privileges`: an overlay, never written into documents. Group privileges become
//    group_privileges rows that name the rule; a user's go to users.rule_privileges. A
//    privilege an admin lists by hand on the same group or user wins over a rule's.
// What each rule did to each resource is kept in rule_effects; conflicts between rules are
// settled by access::combine_rules (priority, then the most permissive value).
#include <rapidjson/document.h>
#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "access/mapping_rule.hpp"
#include "scim/resource_kind.hpp"
#include "store/rule_store.hpp"

namespace scimd::scim {

class AccessEvents;

/// A stored rule, read for matching.
struct ParsedRule {
  std::string id;
  std::string resource_type;  ///< "User" or "Group"
  std::string attribute;      ///< the SCIM attribute path of `when`
  std::string pattern;        ///< the glob of `when`
  access::RuleAction action;
};

/// Reads a MappingRule document (already checked against its schema).
ParsedRule parse_rule(const std::string& id, const rapidjson::Value& doc);

/// The values of an attribute path in a resource document: "displayName", "name.givenName",
/// "roles.value" (every element), "urn:...:enterprise:2.0:User:department". Numbers and
/// booleans are given as text.
std::vector<std::string> attribute_values(const rapidjson::Value& doc, const std::string& path);

/// True when some value of the rule's attribute matches its glob.
bool rule_matches(const ParsedRule& rule, const rapidjson::Value& doc);

/// What the rules do to one resource in one write (see MappingRules::plan).
struct RulePlan {
  bool engaged = false;  ///< false: the tenant has no rules for the type, nothing to do
  access::RuleOutcome outcome;
  std::vector<store::RuleEffect> before;
  std::vector<store::RuleEffect> after;
};

/// A resource whose version rules changed outside its own write (a group whose members a
/// user's rule changed, a resource a changed rule re-applied to): audited as method RULE.
struct RuleRewrite {
  std::string resource_type;
  std::string id;
  long long version_before = 0;
  long long version_after = 0;
};

/// How many resources a rule touches.
struct RulePreview {
  long long matching = 0;      ///< resources the rule matches now
  long long touched = 0;       ///< resources the stored rule has effects on
  std::vector<std::string> sample;  ///< up to 20 matching ids
};

class MappingRules {
 public:
  explicit MappingRules(const ResourceKinds& kinds) : kinds_(kinds) {}

  /// Inside the write of a User or Group, before its document is stored: evaluates the
  /// tenant's rules of the type and writes a group's rule-set parent and active into `doc`.
  /// `force`: engage even when the tenant has no rule of the type (undoing a removed rule).
  RulePlan plan(soci::session& s, long long tenant, const ResourceKind& kind, const std::string& id,
                rapidjson::Document& doc, bool is_new, bool force = false) const;

  /// After the row is stored: memberships, rule privileges and the record of effects.
  void carry_out(soci::session& s, long long tenant, const ResourceKind& kind, const std::string& id,
                 const rapidjson::Value& doc, const RulePlan& plan, std::vector<RuleRewrite>* rewrites = nullptr) const;

  /// Checks a MappingRule document: resource type, attribute path, glob, and that the groups
  /// and applications it names exist. Throws ScimError invalid_value.
  void validate(soci::session& s, long long tenant, const rapidjson::Value& doc) const;

  /// After a rule was created, replaced, patched or deleted (rule_doc nullopt): applies the
  /// rules again to every resource the rule had effects on or matches now. The users whose
  /// access may change are watched in `events`. Returns the number of resources re-applied.
  long long reapply(soci::session& s, long long tenant, const std::string& rule_id,
                    const rapidjson::Value* rule_doc, AccessEvents& events,
                    std::vector<RuleRewrite>* rewrites = nullptr) const;

  /// Applies the rules again to the listed resources (users or groups).
  void reapply_resources(soci::session& s, long long tenant, const std::vector<std::string>& ids,
                         AccessEvents& events, std::vector<RuleRewrite>* rewrites = nullptr) const;

  /// How many resources a rule would touch, without applying it.
  RulePreview preview(soci::session& s, long long tenant, const std::optional<std::string>& rule_id,
                      const rapidjson::Value& rule_doc) const;

 private:
  const ResourceKinds& kinds_;
};

}  // namespace scimd::scim
