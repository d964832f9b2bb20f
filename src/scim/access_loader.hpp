#pragma once
// Loads what the access rules (src/access/) need about one user, through a few indexed queries
// bounded by the user's own groups: the user, its access graph, the privileges listed on those
// groups (by hand or by mapping rules), and the names of the applications concerned.
#include <rapidjson/document.h>
#include <soci/soci.h>

#include <optional>
#include <string>
#include <utility>

#include "access/effective_access.hpp"
#include "store/access_store.hpp"

namespace scimd::scim {

struct LoadedUser {
  store::AccessUserRow row;
  rapidjson::Document doc;
  access::AccessInput input;
  bool notifies = false;  ///< a group of the user's graph has notifications.mode webhook
};

/// Loads a user by id or userName; throws ScimError not_found when there is none. With
/// `only_application` (the check endpoint) other applications' names are not looked up;
/// `row` and `graph` are the user's row and access graph when the caller already has them.
LoadedUser load_user_access(soci::session& s, long long tenant, const std::string& id_or_name,
                            const std::optional<std::pair<std::string, std::string>>& only_application = std::nullopt,
                            std::optional<store::AccessUserRow> row = std::nullopt,
                            std::optional<std::vector<store::AccessGroupRow>> graph = std::nullopt);

/// The member `name` of v when it is an object, or nullptr.
const rapidjson::Value* object_member(const rapidjson::Value& v, const char* name);

/// The string member `name` of *v, or nullopt.
std::optional<std::string> string_member(const rapidjson::Value* v, const char* name);

}  // namespace scimd::scim
