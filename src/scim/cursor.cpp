#include "scim/cursor.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <vector>

#include "scim/error.hpp"

namespace scimd::scim {

namespace {

// The same answer for every cursor problem: nothing about other queries leaks (RFC 9865 §5.2).
constexpr const char* invalid_detail = "the cursor is not valid for this query";

long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string check_of(const std::string& payload, const std::string& query_key) {
  std::string input = payload + "|" + query_key;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < 8; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 15]);
  }
  return out;
}

bool parse_number(std::string_view s, long long& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}

}  // namespace

// Layout: <offset>-<count>-<issued>-<check>; digits, '-' and hex are RFC 3986 unreserved.
std::string encode_cursor(const CursorPosition& position, const std::string& query_key) {
  std::string payload =
      std::to_string(position.offset) + "-" + std::to_string(position.count) + "-" + std::to_string(now_seconds());
  return payload + "-" + check_of(payload, query_key);
}

CursorPosition decode_cursor(const std::string& cursor, const std::string& query_key) {
  std::vector<std::string_view> parts;
  std::string_view rest = cursor;
  while (parts.size() < 4) {
    size_t dash = rest.find('-');
    parts.push_back(rest.substr(0, dash));
    if (dash == std::string_view::npos) break;
    rest.remove_prefix(dash + 1);
  }
  CursorPosition pos;
  long long issued = 0;
  if (parts.size() != 4 || !parse_number(parts[0], pos.offset) || !parse_number(parts[1], pos.count) ||
      !parse_number(parts[2], issued))
    throw ScimError::invalid_cursor(invalid_detail);
  std::string payload = cursor.substr(0, cursor.size() - parts[3].size() - 1);
  if (check_of(payload, query_key) != parts[3]) throw ScimError::invalid_cursor(invalid_detail);
  if (now_seconds() - issued > cursor_timeout_seconds)
    throw ScimError::expired_cursor("the cursor has expired; start the query again");
  return pos;
}

}  // namespace scimd::scim
