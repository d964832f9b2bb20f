#include "http/api.hpp"

#include <rapidjson/error/en.h>

#include <chrono>

#include "auth/authenticator.hpp"
#include "http/render.hpp"
#include "http/request_text.hpp"
#include "http/service_context.hpp"
#include "scim/audit_query.hpp"
#include "scim/error.hpp"
#include "scim/json_body.hpp"
#include "store/migrate.hpp"
#include "util/text.hpp"

namespace scimd::http {

using scim::ScimError;

namespace {

constexpr std::string_view scim_base = "/scim/v2";

std::vector<std::string_view> split_path(std::string_view rest) {
  std::vector<std::string_view> out;
  while (!rest.empty()) {
    if (rest.front() == '/') {
      rest.remove_prefix(1);
      continue;
    }
    size_t slash = rest.find('/');
    out.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash);
  }
  return out;
}

// RFC 7644 §3.1 and identity-providers.md §0: application/scim+json and application/json
// (with any parameters) are both accepted; a body without a Content-Type is read as JSON.
void check_content_type(const HttpRequest& req) {
  auto ct = req.header("content-type");
  if (!ct || ct->empty()) return;
  std::string lower = util::ascii_lower(*ct);
  if (lower.find("json") == std::string::npos)
    throw ScimError::unsupported_media_type("Content-Type must be application/scim+json or application/json");
}

rapidjson::Document parse_body(const HttpRequest& req) {
  check_content_type(req);
  return scim::parse_json_body(req.body);  // the limits and refusals: scim/json_body.hpp
}

void require_role(const auth::TokenScope& scope, auth::Role need) {
  if (!auth::role_allows(scope.role, need))
    throw ScimError::forbidden("this token's role (" + std::string(auth::to_string(scope.role)) +
                               ") may not do this; it needs " + std::string(auth::to_string(need)));
}

[[noreturn]] void method_not_allowed(const HttpRequest& req, const char*) {
  throw ScimError::method_not_allowed("method " + req.method + " is not allowed on " + req.path);
}

std::optional<std::string> param(const HttpRequest& req, std::string_view name) {
  for (const auto& [k, v] : req.query)
    if (util::iequals(k, name)) return v;
  return std::nullopt;
}

HttpResponse resource_response(int status, scim::ResourceResponse&& r) {
  HttpResponse out = json_response(status, r.body);
  out.headers.emplace_back("ETag", r.etag);
  if (status == 201) out.headers.emplace_back("Location", r.location);
  return out;
}

// RFC 7644 §4: a filter on a discovery endpoint is answered 403, so that a client cannot
// believe its condition was applied.
void reject_discovery_filter(const HttpRequest& req) {
  if (param(req, "filter")) throw ScimError::forbidden("filters are not supported on discovery endpoints");
}

HttpResponse plain(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

}  // namespace

Api::Api(store::Database& db, std::shared_ptr<const scim::SchemaRegistry> registry, ApiOptions options)
    : db_(db),
      registry_(std::move(registry)),
      kinds_(*registry_, db.is_postgresql()),
      service_(db, kinds_),
      bulk_(service_, kinds_),
      access_(db, kinds_),
      entitlements_(db, kinds_),
      discovery_(*registry_),
      options_(std::move(options)),
      limiter_(options_.rate_limit, options_.rate_burst) {}

HttpResponse Api::handle(const HttpRequest& req, const std::string& request_id) {
  auto started = std::chrono::steady_clock::now();
  HttpResponse res = handle_safely(request_id, [&] { return route(req, request_id); });
  metrics_.record(Metrics::route_of(req.method, req.path), res.status,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return res;
}

std::string Api::base_url(const HttpRequest& req) const {
  if (!options_.public_base_url.empty()) return options_.public_base_url;
  std::string host = req.header("host").value_or("localhost");
  return std::string(options_.is_tls ? "https://" : "http://") + host + std::string(scim_base);
}

HttpResponse Api::route(const HttpRequest& req, const std::string& request_id) {
  if (req.path == "/healthz") return plain(200, "ok\n");
  if (req.path == "/metrics") {
    HttpResponse m = plain(200, metrics_.render(db_.pool_size(), db_.pool_in_use()) + outbox_metrics(db_));
    m.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return m;
  }
  if (req.path == "/readyz") {
    bool ready = db_.ping() && store::is_migrated(db_);
    return plain(ready ? 200 : 503, ready ? "ready\n" : "database unreachable or not migrated\n");
  }
  check_request_text(req);
  std::string_view path = req.path;
  // RFC 7644 §3.13: the version segment may be left out; the newest version (v2) is used.
  if (util::istarts_with(path, scim_base) && (path.size() == scim_base.size() || path[scim_base.size()] == '/'))
    return route_scim(req, path.substr(scim_base.size()), request_id);
  if (util::istarts_with(path, "/scim") && (path.size() == 5 || path[5] == '/'))
    return route_scim(req, path.substr(5), request_id);
  if (path.starts_with("/access/v1/")) return route_access(req, path.substr(11), request_id);
  throw ScimError::not_found("no endpoint at " + req.path + " (the SCIM base path is /scim/v2)");
}

// The effective-access API for applications (outside the SCIM base path).
HttpResponse Api::route_access(const HttpRequest& req, std::string_view rest, const std::string& request_id) {
  auth::TokenScope scope = authenticate(req);
  auto segments = split_path(rest);
  if (segments.size() == 2 && segments[0] == "users") {
    if (req.method != "GET") method_not_allowed(req, "GET");
    return json_response(200, access_.user_access(scope.tenant_id, std::string(segments[1])));
  }
  if (segments.size() == 1 && segments[0] == "check") {
    if (req.method != "GET") method_not_allowed(req, "GET");
    auto user = param(req, "user");
    auto application = param(req, "application");
    if (!user || !application) throw ScimError::invalid_value("check needs the 'user' and 'application' parameters");
    return json_response(200, access_.check(scope.tenant_id, *user, *application));
  }
  if (segments.size() == 2 && segments[0] == "groups" && segments[1] == "privileges") {
    if (req.method != "POST") method_not_allowed(req, "POST");
    require_role(scope, auth::Role::admin);
    return json_response(200, access_.edit_group_privileges(service_context(scope, req, base_url(req), request_id),
                                                            parse_body(req)));
  }
  // How many resources a mapping rule touches, before it is applied (issue 7).
  if (segments.size() >= 2 && segments[0] == "rules" && segments.back() == "preview" && segments.size() <= 3) {
    require_role(scope, auth::Role::admin);
    if (segments.size() == 2) {
      if (req.method != "POST") method_not_allowed(req, "POST");
      auto body = parse_body(req);
      return json_response(200, access_.rule_preview(scope.tenant_id, std::nullopt, &body));
    }
    if (req.method != "GET") method_not_allowed(req, "GET");
    return json_response(200, access_.rule_preview(scope.tenant_id, std::string(segments[1]), nullptr));
  }
  if (segments.size() == 1 && segments[0] == "audit") {
    if (req.method != "GET") method_not_allowed(req, "GET");
    require_role(scope, auth::Role::admin);
    return json_response(200, scim::audit_list(db_, scim::parse_audit_query(scope.tenant_id, req.query)));
  }
  throw ScimError::not_found("no endpoint at " + req.path);
}

HttpResponse Api::route_scim(const HttpRequest& req, std::string_view rest, const std::string& request_id) {
  auto scope = std::optional<auth::TokenScope>(authenticate(req));

  scim::ServiceContext ctx = service_context(*scope, req, base_url(req), request_id);
  auto segments = split_path(rest);
  if (segments.empty()) {
    // RFC 7644 §3.4.2.1: a query at the server root spans every resource type.
    if (req.method != "GET") method_not_allowed(req, "GET");
    if (!param(req, "filter")) throw ScimError::not_found("no endpoint at " + req.path + " (give a filter to query every resource type)");
    return json_response(200, service_.list_root(ctx, req.query));
  }
  std::string_view first = segments[0];
  const bool is_get = req.method == "GET";

  if (util::iequals(first, "ServiceProviderConfig") || util::iequals(first, "serviceConfiguration")) {
    if (!is_get) method_not_allowed(req, "GET");
    if (segments.size() > 1) throw ScimError::not_found("no endpoint at " + req.path);
    reject_discovery_filter(req);
    return discovery_.service_provider_config(ctx.base_url);
  }
  if (util::iequals(first, "ResourceTypes") || util::iequals(first, "Schemas")) {
    if (!is_get) method_not_allowed(req, "GET");
    if (segments.size() > 2) throw ScimError::not_found("no endpoint at " + req.path);
    reject_discovery_filter(req);
    std::string id = segments.size() > 1 ? std::string(segments[1]) : std::string();
    return util::iequals(first, "Schemas") ? discovery_.schemas(ctx.base_url, id)
                                           : discovery_.resource_types(ctx.base_url, id);
  }
  if (util::iequals(first, "Me"))
    throw ScimError::not_implemented("/Me is not supported: tokens belong to provisioning clients, not users");
  if (util::iequals(first, "Bulk")) {
    if (req.method != "POST") method_not_allowed(req, "POST");
    if (segments.size() > 1) throw ScimError::not_found("no endpoint at " + req.path);
    require_role(*scope, auth::Role::provisioning);
    // RFC 7644 §3.7.4: the size limit is checked before the body is parsed.
    if (req.body.size() > scim::bulk_max_payload_bytes)
      throw ScimError::payload_too_large("the bulk request is larger than maxPayloadSize (" +
                                         std::to_string(scim::bulk_max_payload_bytes) + " bytes)");
    return json_response(200, bulk_.run(ctx, parse_body(req), req.body.size()));
  }
  if (first == ".search") {
    if (req.method != "POST") method_not_allowed(req, "POST");
    require_role(*scope, auth::Role::read);
    auto body = parse_body(req);
    return json_response(200, service_.list_root(ctx, scim::search_request_params(body)));
  }

  if (util::iequals(first, "Entitlements") || util::iequals(first, "Roles")) {
    if (!is_get) method_not_allowed(req, "GET");
    if (segments.size() > 2) throw ScimError::not_found("no endpoint at " + req.path);
    require_role(*scope, auth::Role::read);
    if (segments.size() == 2) return json_response(200, entitlements_.get(ctx, std::string(first), std::string(segments[1])));
    auto q = scim::parse_list_query(kinds_.application(), req.query);
    if (q.filter) throw ScimError::invalid_filter("filters are not supported on " + std::string(first));
    return json_response(200, entitlements_.list(ctx, std::string(first), q.start_index, q.count));
  }
  const scim::ResourceKind* kind = kinds_.by_endpoint(first);
  if (!kind || segments.size() > 2) throw ScimError::not_found("no endpoint at " + req.path);
  const bool is_search = segments.size() == 2 && segments[1] == ".search" && req.method == "POST";
  if (is_get || req.method == "HEAD" || is_search) require_role(*scope, auth::Role::read);
  else if (kind->flavor == scim::Flavor::application || kind->flavor == scim::Flavor::rule)
    require_role(*scope, auth::Role::admin);  // scimd's own catalogue and rules
  else require_role(*scope, auth::Role::provisioning);
  return route_resource(req, ctx, *kind, segments.size() > 1 ? segments[1] : std::string_view());
}

HttpResponse Api::route_resource(const HttpRequest& req, const scim::ServiceContext& ctx,
                                 const scim::ResourceKind& kind, std::string_view id_view) {
  const std::string id(id_view);
  auto projection = scim::Projection::parse(*kind.type, param(req, "attributes"), param(req, "excludedAttributes"));
  if (id.empty()) {
    if (req.method == "GET") {
      auto q = scim::parse_list_query(kind, req.query);
      return json_response(200, service_.list(ctx, kind, q));
    }
    if (req.method == "POST") return resource_response(201, service_.create(ctx, kind, parse_body(req), projection));
    method_not_allowed(req, "GET, POST");
  }
  if (id == ".search") {
    // RFC 7644 §3.4.3: a query in the body, so filters with personal data stay out of URLs.
    if (req.method != "POST") method_not_allowed(req, "POST");
    auto q = scim::parse_search_request(kind, parse_body(req));
    return json_response(200, service_.list(ctx, kind, q));
  }
  if (req.method == "GET") {
    auto r = service_.get(ctx, kind, id, projection);
    // RFC 7644 §3.14 / RFC 7232 §3.2: an unchanged resource answers 304 without a body.
    if (auto inm = req.header("if-none-match"); inm && r.etag == *inm) {
      HttpResponse nm;
      nm.status = 304;
      nm.headers.emplace_back("ETag", r.etag);
      return nm;
    }
    return resource_response(200, std::move(r));
  }
  if (req.method == "PUT")
    return resource_response(200, service_.replace(ctx, kind, id, parse_body(req), req.header("if-match"), projection));
  if (req.method == "DELETE") {
    service_.remove(ctx, kind, id, req.header("if-match"));
    HttpResponse r;
    r.status = 204;
    return r;
  }
  if (req.method == "PATCH") {
    // RFC 7644 §3.5.2: 200 with the resource when `attributes` (or excludedAttributes) is given
    // or the client prefers a representation (RFC 7240); otherwise 204 No Content, which Entra
    // asks for on group PATCH and Microsoft's conformance collection expects.
    auto prefer = util::ascii_lower(req.header("prefer").value_or(""));
    bool wants_body = param(req, "attributes") || param(req, "excludedAttributes") ||
                      prefer.find("return=representation") != std::string::npos;
    auto r = service_.patch(ctx, kind, id, parse_body(req), req.header("if-match"), projection, wants_body);
    if (wants_body) return resource_response(200, std::move(r));
    HttpResponse nc;
    nc.status = 204;
    nc.headers.emplace_back("ETag", r.etag);
    return nc;
  }
  method_not_allowed(req, "GET, PUT, PATCH, DELETE");
}

}  // namespace scimd::http
