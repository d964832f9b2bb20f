#pragma once
// The head of an HTTP/1.1 request (request line and header fields, RFC 9112 §2.1), read from
// the raw bytes before the body arrives. The server uses it to refuse a declared oversize body
// at once, before Pistache reserves memory for it or the client sends it.
#include <optional>
#include <string>
#include <string_view>

namespace scimd::http {

struct RequestHead {
  std::string method;
  std::string path;                                   ///< the request target without its query
  std::optional<unsigned long long> content_length;   ///< absent, or not a number
  std::optional<std::string> request_id;              ///< X-Request-Id as sent
};

/// The offset just past the empty line that ends the head in `bytes`, or npos while incomplete.
size_t head_end(std::string_view bytes);

/// Parses a head (as delimited by head_end). Never throws; unreadable parts are left empty
/// (Pistache's parser then answers the request as malformed).
RequestHead parse_request_head(std::string_view head);

}  // namespace scimd::http
