#pragma once
// Request ids: every response carries one in X-Request-Id and the request's log lines repeat it,
// so a client's report of a failure can be matched with the log.
#include <optional>
#include <string>
#include <string_view>

namespace scimd::http {

/// True for 1 to 128 characters of [A-Za-z0-9._:-]: safe to echo in a header and to log.
bool is_valid_request_id(std::string_view id);

/// The client's X-Request-Id when it is valid, otherwise a new random one (a UUID).
std::string request_id_for(const std::optional<std::string>& given);

}  // namespace scimd::http
