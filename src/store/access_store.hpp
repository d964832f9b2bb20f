#pragma once
// The indexed form of the access model (groups' tree columns, group_privileges, applications)
// and the queries that load one user's access graph. Every query is bounded by the user's own
// groups and their ancestors, never by the tenant's size.
#include <soci/soci.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scimd::store {

/// One privilege row of a group: the access rank, and the mapping rule that set it ("" when an
/// admin set it by hand).
struct GroupPrivilege {
  int access = 0;
  std::string rule_id;
};

/// A group of a user's access graph.
struct AccessGroupRow {
  std::string id;
  std::string display_name;
  std::string parent_id;  ///< "" for a top-level group
  bool is_active = false;
  bool applies_privileges = true;
  bool is_member = false;  ///< the user is a member (directly or nested), not only an ancestor
  bool is_direct = false;  ///< the user is directly in its members
  /// application id -> access rank and the mapping rule that set it ("" by hand), when the
  /// graph query loaded them with the group
  std::optional<std::map<std::string, GroupPrivilege>> privileges;
  std::string doc;         ///< the group's document (for loginAs)
};

/// A user as the access API needs it.
struct AccessUserRow {
  std::string id;
  std::string user_name;
  std::string doc;
  bool lost_last_group = false;
  std::string rule_privileges;  ///< what mapping rules grant the user (JSON, "" for none)
};

/// The user with this id, or else with this userName (ignoring case).
std::optional<AccessUserRow> find_access_user(soci::session& s, long long tenant, const std::string& id_or_name);

/// The groups the user is a member of (through nested groups too) and all their ancestors.
std::vector<AccessGroupRow> access_graph(soci::session& s, long long tenant, const std::string& user_id);

/// group id -> (application id -> privilege) for the listed groups.
std::map<std::string, std::map<std::string, GroupPrivilege>> group_privileges_of(soci::session& s, long long tenant,
                                                                      const std::vector<std::string>& group_ids);

/// The user and the application with these ids, in one lookup (the access check's common case:
/// applications send ids); nullopt when either id does not name one.
std::optional<std::pair<AccessUserRow, std::pair<std::string, std::string>>> find_user_and_application_by_ids(
    soci::session& s, long long tenant, const std::string& user_id, const std::string& application_id);

/// Everything the access check needs, in one statement (PostgreSQL: one round trip and no
/// explicit transaction, since one statement reads one snapshot): the user and the application
/// with these ids and the user's access graph with privileges. nullopt when either id does not
/// name one (the caller then looks them up by name).
struct CheckRows {
  AccessUserRow user;
  std::pair<std::string, std::string> application;  ///< (id, name)
  std::vector<AccessGroupRow> graph;
};
std::optional<CheckRows> check_rows_in_one_query(soci::session& s, long long tenant, const std::string& user_id,
                                                 const std::string& application_id);

/// application id -> name for the listed ids that exist (all of the tenant's when ids is nullopt).
std::map<std::string, std::string> application_names(soci::session& s, long long tenant,
                                                     const std::optional<std::vector<std::string>>& ids);

/// The application with this id, or else with this name (ignoring case): (id, name).
std::optional<std::pair<std::string, std::string>> find_application(soci::session& s, long long tenant,
                                                                    const std::string& id_or_name);

/// Replaces a group's privilege rows.
void replace_group_privileges(soci::session& s, long long tenant, const std::string& group_id,
                              const std::map<std::string, int>& privileges);

/// The ancestors of a group through parent_id, nearest first (bounded to 256 levels).
std::vector<std::string> ancestor_ids(soci::session& s, long long tenant, const std::string& group_id);

/// The ids of the groups whose parent is group_id.
std::vector<std::string> child_group_ids(soci::session& s, long long tenant, const std::string& group_id);

/// The ids of the groups holding a privilege on an application.
std::vector<std::string> groups_with_privilege_on(soci::session& s, long long tenant, const std::string& app_id);

/// Marks the users whose only direct group is group_id ("No group assigned" once it is deleted).
void mark_users_losing_last_group(soci::session& s, long long tenant, const std::string& group_id);

/// Clears that mark for users placed in a group again.
void clear_lost_group(soci::session& s, long long tenant, const std::vector<std::string>& user_ids);

/// The ids of the tenant's users whose document mentions `text` (a scan inside the database,
/// for the rare deletion of an application; nothing but the matching ids is returned).
std::vector<std::string> users_mentioning(soci::session& s, long long tenant, const std::string& text);

/// Deletes a group's privilege rows.
void delete_group_privileges(soci::session& s, long long tenant, const std::string& group_id);

}  // namespace scimd::store
