#pragma once
// The access rules of scimd, as pure functions over what the store loaded for one user: no SQL,
// no HTTP. The rules (issue "The access model", DESIGN.md §3):
//  - member: U is in G's members, directly or through nested groups (the caller resolves that);
//    the parent tree is not membership;
//  - live: G and all its ancestors are active; applying: live and applyPrivileges;
//  - level of G for A: the minimum over G and its ancestors whose applyPrivileges is true of
//    their listed access (not listed = none), so a subgroup never exceeds an applying ancestor;
//  - effective access: inactive user -> none; Admin -> admin everywhere; member of an applying
//    group -> the maximum level over those groups; otherwise the individual privileges.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "access/access_level.hpp"

namespace scimd::access {

/// A group as the rules see it.
struct GroupNode {
  std::string id;
  std::string display_name;
  std::optional<std::string> parent;
  bool is_active = false;
  bool applies_privileges = true;
  std::optional<std::string> login_as_user;
  std::optional<std::string> login_as_admin;
  std::map<std::string, Access> privileges;  ///< application id -> access
  std::map<std::string, std::string> privilege_rules;  ///< application id -> the mapping rule that listed it
  bool notifies = false;  ///< notifications.mode is webhook
};

/// Everything the rules need about one user: the user, the groups it is a member of (direct
/// and nested), every one of those groups' ancestors, and the applications concerned.
struct AccessInput {
  bool is_user_active = true;
  bool is_admin = false;
  bool lost_last_group = false;                   ///< a deletion removed the user's last group
  std::vector<std::string> direct_groups;         ///< groups U is directly in
  std::vector<std::string> member_groups;         ///< groups U is a member of (direct + nested)
  std::map<std::string, GroupNode> groups;        ///< member groups and all their ancestors
  std::map<std::string, Access> individual;       ///< U's own privileges (set by hand or by rules)
  std::map<std::string, std::string> individual_rules;  ///< application id -> the mapping rule that granted it
  std::map<std::string, std::string> applications;  ///< application id -> name (those that exist)
};

/// Where a level comes from ("grantedBy").
struct Grant {
  enum class Kind { group, individual, admin, rule } kind;
  std::string group_id;      ///< for group grants (and rule grants through a group)
  std::string display_name;  ///< for group grants (and rule grants through a group)
  Access access = Access::none;
  std::string rule_id;       ///< for rule grants: the MappingRule that set the privilege
};

/// The effective access to one application, with its explanation.
struct ApplicationAccess {
  std::string application_id;
  std::string name;
  Access access = Access::none;
  std::optional<std::string> login_as;
  std::vector<Grant> granted_by;
};

/// The user's most specific direct group and how the user stands in the tree.
struct Placement {
  std::optional<std::string> group_id;  ///< nullopt: "No Group" or "No group assigned"
  std::string group_display_name;
  std::string status;  ///< "member", "No Group" or "No group assigned"
};

/// The effective access of the user to one application (access none when nothing grants it).
ApplicationAccess effective_access(const AccessInput& in, const std::string& application_id);

/// The effective access to every application in in.applications whose access is not none,
/// ordered by application name ignoring case.
std::vector<ApplicationAccess> all_access(const AccessInput& in);

/// The user's group: among the direct groups, the deepest in the tree; ties by displayName
/// ignoring case, then id.
Placement placement(const AccessInput& in);

/// The ancestors of a group, nearest first (stops on a cycle or a missing parent).
std::vector<std::string> ancestors(const std::map<std::string, GroupNode>& groups, const std::string& id);

/// True when G and every ancestor are active.
bool is_live(const std::map<std::string, GroupNode>& groups, const std::string& id);

/// G's level for application A (see the file comment).
Access group_level(const std::map<std::string, GroupNode>& groups, const std::string& id, const std::string& app);

}  // namespace scimd::access
