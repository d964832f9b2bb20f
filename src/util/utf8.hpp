#pragma once
// Strict UTF-8 checking (RFC 3629 §4): what scimd accepts as text in bodies, paths and query
// strings. PostgreSQL rejects invalid UTF-8 and cannot store NUL in TEXT, so both are refused
// at the edge instead of surfacing as database errors.
#include <cstddef>
#include <optional>
#include <string_view>

namespace scimd::util {

/// The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629 §4:
/// no overlong forms, no surrogates U+D800..U+DFFF, nothing above U+10FFFF), or nullopt when
/// all of s is UTF-8. NUL is well-formed UTF-8; see contains_nul.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);

/// True when s holds a NUL character.
inline bool contains_nul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

}  // namespace scimd::util
