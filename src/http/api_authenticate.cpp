// Api::authenticate: who a request acts for, and whether its token may send another request now.
#include "auth/authenticator.hpp"
#include "http/api.hpp"
#include "scim/error.hpp"
#include "util/log.hpp"

namespace scimd::http {

auth::TokenScope Api::authenticate(const HttpRequest& req) {
  auto authorization = req.header("authorization");
  auto scope = authorization ? auth::authenticate(db_, *authorization) : std::nullopt;
  if (!scope)
    throw scim::ScimError::unauthorized("a valid bearer token is required (Authorization: Bearer <token>)");
  util::LogContext& log = util::log_context();
  log.tenant_id = scope->tenant_id;
  log.token_id = scope->token_id;
  // Keyed by token id, checked after authentication: an invalid token cannot use up (or probe)
  // another token's allowance. Entra ID honours Retry-After on 429.
  if (auto wait = limiter_.take(scope->token_id)) {
    metrics_.record_rate_limited();
    throw scim::ScimError::too_many_requests(
        "this token sent more than its rate limit of requests; retry after " + std::to_string(*wait) + " s", *wait);
  }
  return *scope;
}

}  // namespace scimd::http
