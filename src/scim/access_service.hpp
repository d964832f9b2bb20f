#pragma once
// The effective-access API for the applications behind scimd: it loads one user's access
// graph through the store (a few indexed queries bounded by the user's own groups) and asks the
// pure rules in access/ for the answer and its explanation.
#include <rapidjson/document.h>

#include <string>

#include "scim/resource_kind.hpp"
#include "scim/resource_service.hpp"
#include "store/database.hpp"

namespace scimd::scim {

class AccessService {
 public:
  AccessService(store::Database& db, const ResourceKinds& kinds) : db_(db), kinds_(kinds), rules_(kinds) {}

  /// GET /access/v1/users/{id}: the user, its group placement and every application it may use.
  /// 404 when the user is unknown.
  rapidjson::Document user_access(long long tenant, const std::string& user_id);

  /// GET /access/v1/check?user=&application=: {"access", "grantedBy"}. `user` is an id or a
  /// userName, `application` an id or a name. 404 when either is unknown.
  rapidjson::Document check(long long tenant, const std::string& user, const std::string& application);

  /// POST /access/v1/groups/privileges: sets and removes privileges of several groups in one
  /// transaction; 400 and nothing changed when a group or application is unknown. Each group
  /// changed is one audit record (method POST) of ctx's actor.
  rapidjson::Document edit_group_privileges(const ServiceContext& ctx, const rapidjson::Value& body);

  /// POST /access/v1/rules/preview (body: a MappingRule) or GET /access/v1/rules/{id}/preview:
  /// how many resources the rule matches and has effects on, without applying anything.
  rapidjson::Document rule_preview(long long tenant, const std::optional<std::string>& rule_id,
                                   const rapidjson::Value* body);

 private:
  store::Database& db_;
  const ResourceKinds& kinds_;
  MappingRules rules_;
};

}  // namespace scimd::scim
