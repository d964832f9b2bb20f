#pragma once
// What mapping rules need from the database (issue 7): the tenant's rules of a resource type,
// the record of what each rule did to each resource (rule_effects), the privilege rows rules
// grant, and the bounded scans that re-apply a changed rule. Every statement is keyed by tenant.
#include <soci/soci.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scimd::store {

/// A stored MappingRule: its id, priority and document (JSON text).
struct StoredRule {
  std::string id;
  long long priority = 0;
  std::string doc;
};

/// One thing a rule did to one resource. effect: "parent", "active", "memberOf" or
/// "privilege"; target: the group id, "true"/"false", or the application id.
struct RuleEffect {
  std::string rule_id;
  std::string effect;
  std::string target;
  int access = 0;                       ///< privilege effects: the rank granted
  std::optional<std::string> previous;  ///< parent/active: the value the rule replaced; memberOf: "member" when the
                                        ///< resource was a member before the rule
  bool operator==(const RuleEffect&) const = default;
};

/// The tenant's rules whose when.resourceType is `resource_type` ("User" or "Group").
std::vector<StoredRule> rules_for_type(soci::session& s, long long tenant, const std::string& resource_type);

/// What rules did to one resource.
std::vector<RuleEffect> effects_of(soci::session& s, long long tenant, const std::string& resource_id);

/// Replaces the record of what rules did to one resource.
void replace_effects(soci::session& s, long long tenant, const std::string& resource_id,
                     const std::vector<RuleEffect>& effects);

/// The ids of the resources a rule has effects on.
std::vector<std::string> resources_touched_by(soci::session& s, long long tenant, const std::string& rule_id);

/// The ids of the resources with a privilege effect on an application.
std::vector<std::string> resources_with_rule_privilege_on(soci::session& s, long long tenant, const std::string& app_id);

/// Replaces a group's rule-granted privilege rows (group_privileges rows with a rule_id):
/// application id -> (rule id, access rank). Applications the group lists by hand keep their
/// hand-set row; the caller leaves them out.
void replace_group_rule_privileges(soci::session& s, long long tenant, const std::string& group_id,
                                   const std::map<std::string, std::pair<std::string, int>>& privileges);

/// Sets the individual privileges rules grant a user (JSON text, or nullopt for none).
void set_user_rule_privileges(soci::session& s, long long tenant, const std::string& user_id,
                              const std::optional<std::string>& json);

/// True when member_id is directly in group_id's members.
bool is_direct_member(soci::session& s, long long tenant, const std::string& group_id, const std::string& member_id);

/// Calls f(id, doc) for every resource of a table, in id order, a page at a time (a rule's
/// re-application; the caller's memory holds one page, never the table).
void for_each_resource(soci::session& s, long long tenant, const std::string& table,
                       const std::function<void(const std::string& id, const std::string& doc)>& f);

/// The users whose effective access can depend on a group: the members of the group and of
/// every group below it in the tree, through nested groups too.
std::vector<std::string> users_under_group(soci::session& s, long long tenant, const std::string& group_id);

/// The tenant's users whose access level is Admin.
std::vector<std::string> admin_user_ids(soci::session& s, long long tenant);

/// The ids of the tenant's rules whose document mentions `text` (an application's deletion).
std::vector<std::string> rules_mentioning(soci::session& s, long long tenant, const std::string& text);

}  // namespace scimd::store
