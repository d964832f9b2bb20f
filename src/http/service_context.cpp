#include "http/service_context.hpp"

namespace scimd::http {

scim::ServiceContext service_context(const auth::TokenScope& scope, const HttpRequest& req, std::string base_url,
                                     const std::string& request_id) {
  scim::ServiceContext ctx;
  ctx.tenant = scope.tenant_id;
  ctx.base_url = std::move(base_url);
  ctx.is_admin = scope.role == auth::Role::admin;
  ctx.token_id = scope.token_id;
  ctx.client_address = req.peer;
  ctx.request_id = request_id;
  return ctx;
}

}  // namespace scimd::http
