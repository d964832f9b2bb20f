#pragma once
// Cursor-based pagination (RFC 9865). A cursor is an opaque, URL-safe token that carries the
// position of the next page, the page size, when it was issued, and a check bound to the query
// (tenant, resource type, filter, sort) so a cursor from another query, a forged one or an
// old one is refused (§2.1). Cursors are stateless: any scimd process behind a load balancer
// can continue a query another one started, and each page is re-run with the caller's own
// tenant scope, so holding a cursor grants nothing (§5.2).
#include <chrono>
#include <string>

namespace scimd::scim {

/// How long a cursor stays valid (advertised as pagination.cursorTimeout).
inline constexpr long long cursor_timeout_seconds = 3600;

struct CursorPosition {
  long long offset = 0;  ///< 0-based position of the page's first result
  long long count = 0;   ///< the page size of the query that issued it
};

/// A cursor for `position` within the query identified by `query_key`.
std::string encode_cursor(const CursorPosition& position, const std::string& query_key);

/// Reads a cursor for the query `query_key`. Throws ScimError::invalid_cursor when it is
/// malformed or belongs to another query, ScimError::expired_cursor when it is older than
/// cursor_timeout_seconds.
CursorPosition decode_cursor(const std::string& cursor, const std::string& query_key);

}  // namespace scimd::scim
