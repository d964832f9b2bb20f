#pragma once
// Turning results and errors into HTTP responses. handle_safely is the only catch site around
// handlers (STYLE.md "Errors"): a ScimError becomes a SCIM Error message (RFC 7644 §3.12);
// anything else a 500 with a fixed detail and the request id, the real message going to the log.
#include <rapidjson/document.h>

#include <functional>
#include <string>

#include "http/message.hpp"
#include "scim/error.hpp"

namespace scimd::http {

/// A response with a JSON body.
HttpResponse json_response(int status, const rapidjson::Value& body);

/// The SCIM Error message for e (status as a string, scimType when defined, detail).
HttpResponse error_response(const scim::ScimError& e);

/// Runs handler; converts every exception as described above.
HttpResponse handle_safely(const std::string& request_id, const std::function<HttpResponse()>& handler);

}  // namespace scimd::http
