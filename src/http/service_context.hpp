#pragma once
// The ServiceContext of an authenticated HTTP request: tenant and role from the token, and the
// actor the audit trail records (token id, client address, request id).
#include <string>

#include "auth/token.hpp"
#include "http/message.hpp"
#include "scim/resource_service.hpp"

namespace scimd::http {

/// The context of req, made with scope's token. The client address is the TCP peer: scimd has
/// no notion of a trusted proxy, so X-Forwarded-For (which any client can send) is not believed.
scim::ServiceContext service_context(const auth::TokenScope& scope, const HttpRequest& req, std::string base_url,
                                     const std::string& request_id);

}  // namespace scimd::http
