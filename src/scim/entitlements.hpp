#pragma once
// Read-only resource types for Okta Identity Governance (identity-providers.md §2.3): Okta
// discovers them in /ResourceTypes by their schemas urn:okta:scim:schemas:core:1.0:Entitlement
// and ...:Role and lists their endpoints. scimd exposes what can be assigned:
//  - /Entitlements: one entry per application and access level ("<application id>:<level>");
//  - /Roles: the user levels User and Admin.
#include <rapidjson/document.h>

#include <string>

#include "scim/list_query.hpp"
#include "scim/resource_service.hpp"

namespace scimd::scim {

class EntitlementService {
 public:
  EntitlementService(store::Database& db, const ResourceKinds& kinds) : db_(db), kinds_(kinds) {}

  /// GET /Entitlements or /Roles with startIndex and count: a ListResponse.
  rapidjson::Document list(const ServiceContext& ctx, const std::string& endpoint, long long start_index, long long count);

  /// GET /Entitlements/{id} or /Roles/{id}; 404 when unknown.
  rapidjson::Document get(const ServiceContext& ctx, const std::string& endpoint, const std::string& id);

 private:
  store::Database& db_;
  const ResourceKinds& kinds_;
};

}  // namespace scimd::scim
