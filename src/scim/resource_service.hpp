#pragma once
// One SCIM request on a resource type: validate, store, render, project (RFC 7644 §3.3-3.6).
// The service knows no HTTP: it takes decoded bodies and returns documents or throws ScimError.
#include <rapidjson/document.h>

#include <optional>
#include <string>

#include "scim/list_query.hpp"
#include "scim/projection.hpp"
#include "scim/resource_kind.hpp"
#include "store/database.hpp"

namespace scimd::scim {

/// Who asks, and the SCIM base URL used for locations and $ref values.
struct ServiceContext {
  long long tenant = 0;
  std::string base_url;  ///< e.g. "https://scim.example.com/scim/v2"
};

/// A single resource answered to the client.
struct ResourceResponse {
  rapidjson::Document body;
  std::string etag;
  std::string location;
};

class ResourceService {
 public:
  ResourceService(store::Database& db, const ResourceKinds& kinds) : db_(db), kinds_(kinds) {}

  /// POST /{endpoint} (RFC 7644 §3.3).
  ResourceResponse create(const ServiceContext& ctx, const ResourceKind& kind, const rapidjson::Value& body,
                          const Projection& projection);

  /// GET /{endpoint}/{id} (RFC 7644 §3.4.1). 404 when unknown.
  ResourceResponse get(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                       const Projection& projection);

  /// PUT /{endpoint}/{id} (RFC 7644 §3.5.1). if_match: the If-Match header, when sent.
  ResourceResponse replace(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                           const rapidjson::Value& body, const std::optional<std::string>& if_match,
                           const Projection& projection);

  /// PATCH /{endpoint}/{id} (RFC 7644 §3.5.2): every operation applies, or none. The body is
  /// rendered only when with_body is true (the ETag always is).
  ResourceResponse patch(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
                         const rapidjson::Value& body, const std::optional<std::string>& if_match,
                         const Projection& projection, bool with_body = true);

  /// DELETE /{endpoint}/{id} (RFC 7644 §3.6): the resource leaves every group.
  void remove(const ServiceContext& ctx, const ResourceKind& kind, const std::string& id,
              const std::optional<std::string>& if_match);

  /// GET /{endpoint} with query parameters (RFC 7644 §3.4.2): a ListResponse.
  rapidjson::Document list(const ServiceContext& ctx, const ResourceKind& kind, const ListQuery& q);

 private:
  ResourceResponse respond(soci::session& s, const ServiceContext& ctx, const ResourceKind& kind,
                           const store::ResourceRecord& rec, const Projection& projection);

  store::Database& db_;
  const ResourceKinds& kinds_;
};

}  // namespace scimd::scim
