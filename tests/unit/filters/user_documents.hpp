// The fixed resources of the differential test: Users and Groups as clients see them, and
// as the store keeps them (doc without id/meta/schemas/password, plus the columns).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scimd::filters::test {

inline constexpr const char* enterprise_urn_text =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

struct UserRow {
  std::string id;
  std::string resource;  ///< the client's view (evaluate() input)
  std::string doc;       ///< r.doc
  std::optional<std::string> user_name_folded, external_id, created, last_modified, email_work_folded;
  std::optional<long long> active;
};

struct GroupRow {
  std::string id;
  std::string resource;
  std::string doc;
  std::optional<std::string> display_name_folded, external_id, created, last_modified;
  std::vector<std::pair<std::string, std::string>> members;  ///< (member_id, member_type)
};

/// About 60 Users (fixed seed), hand-made edge cases first: missing, null, "", [], {} values.
const std::vector<UserRow>& user_rows();
/// About 20 Groups with members.
const std::vector<GroupRow>& group_rows();

/// Literal pools by attribute ("userName", "emails.value", "level", "hired", ...).
using Pools = std::map<std::string, std::vector<std::string>>;
const Pools& user_pools(const std::vector<UserRow>& users);
const Pools& group_pools(const std::vector<GroupRow>& groups);

}  // namespace scimd::filters::test
