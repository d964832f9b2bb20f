#pragma once
// The route table of scimd: which handler answers which method and path. Everything under
// the SCIM base path (/scim/v2, RFC 7644 §3.13) needs a bearer token; /healthz and /readyz do not.
#include <memory>
#include <string>

#include "auth/token.hpp"
#include "http/discovery.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/rate_limiter.hpp"
#include "scim/access_service.hpp"
#include "scim/bulk.hpp"
#include "scim/entitlements.hpp"
#include "scim/resource_kind.hpp"
#include "scim/resource_service.hpp"
#include "scim/schema_registry.hpp"
#include "store/database.hpp"

namespace scimd::http {

struct ApiOptions {
  /// When set, the absolute SCIM base URL used in Location and $ref (behind a proxy);
  /// otherwise it is built from the request's Host header.
  std::string public_base_url;
  bool is_tls = false;
  /// Requests per second per token (0: no limit) and the bucket size (0: twice the rate);
  /// beyond, 429 with Retry-After (http/rate_limiter.hpp).
  double rate_limit = 0;
  double rate_burst = 0;
};

class Api {
 public:
  Api(store::Database& db, std::shared_ptr<const scim::SchemaRegistry> registry, ApiOptions options);

  /// Answers one request. Never throws: errors become SCIM Error responses.
  HttpResponse handle(const HttpRequest& req, const std::string& request_id);

 private:
  // request_id reaches the services for the audit trail.
  HttpResponse route(const HttpRequest& req, const std::string& request_id);
  HttpResponse route_scim(const HttpRequest& req, std::string_view rest, const std::string& request_id);
  HttpResponse route_access(const HttpRequest& req, std::string_view rest, const std::string& request_id);
  HttpResponse route_resource(const HttpRequest& req, const scim::ServiceContext& ctx, const scim::ResourceKind& kind,
                              std::string_view id);
  std::string base_url(const HttpRequest& req) const;
  /// The scope of the request's bearer token (401 without a valid one), after the token's rate
  /// limit (429). Notes the tenant and token in the log context (api_authenticate.cpp).
  auth::TokenScope authenticate(const HttpRequest& req);

  store::Database& db_;
  std::shared_ptr<const scim::SchemaRegistry> registry_;
  scim::ResourceKinds kinds_;
  scim::ResourceService service_;
  scim::BulkService bulk_;
  scim::AccessService access_;
  scim::EntitlementService entitlements_;
  Discovery discovery_;
  ApiOptions options_;
  Metrics metrics_;
  RateLimiter limiter_;
};

}  // namespace scimd::http
