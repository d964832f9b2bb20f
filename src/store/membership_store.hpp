#pragma once
// Group membership: rows of (tenant_id, group_id, member_id, member_type), never part of the
// group's document, so that adding or removing one member is one indexed write whatever the
// group's size (DESIGN.md §2).
#include <soci/soci.h>

#include <map>
#include <string>
#include <vector>

namespace scimd::store {

/// A member as stored: the client's label, or else the display name joined from the member's row.
struct MemberRow {
  std::string id;
  std::string type;     ///< "User" or "Group"
  std::string display;  ///< the member's displayName (userName for users without one)
};

/// A group a resource is a direct member of.
struct GroupRef {
  std::string id;
  std::string display;
};

/// A member to add: id, resource type, and the label the client sent (empty for none).
struct MemberRef {
  std::string id;
  std::string type;
  std::string display;
};

/// Adds members to a group; members already present are left as they are.
void add_members(soci::session& s, long long tenant, const std::string& group_id, const std::vector<MemberRef>& members);

/// Removes the listed members from a group (ids not present are ignored).
void remove_members(soci::session& s, long long tenant, const std::string& group_id,
                    const std::vector<std::string>& member_ids);

/// Removes every member of a group.
void clear_members(soci::session& s, long long tenant, const std::string& group_id);

/// Removes a resource from every group it is a member of (user or group deleted).
void remove_from_all_groups(soci::session& s, long long tenant, const std::string& member_id);

/// The members of each listed group, in member-id order. One query per 500 groups.
std::map<std::string, std::vector<MemberRow>> members_of(soci::session& s, long long tenant,
                                                         const std::vector<std::string>& group_ids);

/// The groups each listed resource is a direct member of. One query per 500 resources.
std::map<std::string, std::vector<GroupRef>> groups_of(soci::session& s, long long tenant,
                                                       const std::vector<std::string>& member_ids);

/// For each id that names an existing user or group of the tenant, its type ("User"/"Group").
/// Inside a write transaction on PostgreSQL the rows found stay locked against deletion.
std::map<std::string, std::string> resource_types_of(soci::session& s, long long tenant,
                                                     const std::vector<std::string>& ids);

}  // namespace scimd::store
