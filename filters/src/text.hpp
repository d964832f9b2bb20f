// Byte-level text helpers shared by the parser, printer, evaluator and SQL translator.
// Case folding is ASCII only everywhere, so that C++, SQLite's lower() and PostgreSQL's
// lower(x COLLATE "C") agree.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace scimd::filters::detail {

/// ASCII lower case of one byte; other bytes unchanged.
constexpr char fold_char(char c) noexcept { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

/// Concatenates string pieces into one string (one allocation; also avoids GCC 12's
/// false -Wrestrict warnings on `"literal" + std::string` at -O3).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  out.reserve((std::string_view(parts).size() + ...));
  (out.append(std::string_view(parts)), ...);
  return out;
}

/// ASCII lower case of a string.
std::string fold(std::string_view text);

/// Equality after ASCII folding.
bool iequals(std::string_view a, std::string_view b) noexcept;

/// Offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629: no
/// overlongs, no surrogates, at most U+10FFFF), or std::string_view::npos.
std::size_t find_invalid_utf8(std::string_view text) noexcept;

/// Appends `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

}  // namespace scimd::filters::detail
