#pragma once
// Small text helpers shared by every module. SCIM compares attribute names, schema URNs,
// operators and (unless caseExact) values without regard to case (RFC 7643 §2.1). scimd folds
// ASCII only, the same way SQLite's lower() does, so the database and C++ always agree.
#include <string>
#include <string_view>

namespace scimd::util {

/// ASCII lower-case copy of s.
std::string ascii_lower(std::string_view s);

/// True when a and b are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

/// True when s starts with prefix, ignoring ASCII case.
bool istarts_with(std::string_view s, std::string_view prefix);

/// Percent-decodes a URL query component; '+' becomes a space (HTML forms and Microsoft's
/// conformance collection send spaces that way). Malformed escapes are kept as written.
std::string url_decode(std::string_view s);

/// Percent-encodes s for use inside a URL path segment or query value.
std::string url_encode(std::string_view s);

}  // namespace scimd::util
