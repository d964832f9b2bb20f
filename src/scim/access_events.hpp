#pragma once
// access.changed events (issue 7, point 2): a write names the users whose effective access it
// may change before it changes anything; after its changes, still inside its transaction,
// publish() compares each user's access before and after and appends one outbox event per
// user and application whose access differs. A rollback takes the events with it.
#include <soci/soci.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/access_level.hpp"

namespace scimd::scim {

class AccessEvents {
 public:
  AccessEvents(soci::session& s, long long tenant) : s_(s), tenant_(tenant) {}

  /// Takes the user's access as it is now (once per user: the first look is the "before").
  void watch_user(const std::string& user_id);
  void watch_users(const std::vector<std::string>& user_ids);
  /// A user created by this write: it had no access before.
  void watch_new_user(const std::string& user_id);
  /// Every user whose access can depend on the group (members, nested members, and the members
  /// of the groups below it in the tree).
  void watch_group(const std::string& group_id);
  /// The tenant's Admin users (their access covers every application).
  void watch_admins();

  /// Appends one event per changed (user, application); returns how many.
  size_t publish();

 private:
  struct Snapshot {
    bool exists = false;
    bool notifies = false;
    std::string user_name;
    std::map<std::string, std::pair<std::string, access::Access>> applications;  ///< id -> (name, access)
  };
  Snapshot take(const std::string& user_id);
  const std::string& tenant_name();

  soci::session& s_;
  long long tenant_;
  std::optional<std::string> tenant_name_;
  std::map<std::string, Snapshot> before_;
};

}  // namespace scimd::scim
