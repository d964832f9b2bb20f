// The out-of-line parts of comp_value_parser: JSON strings (RFC 8259 §7) and bare values.
#include "grammar_parsers.hpp"

namespace scimd::filters::grammar {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

// Four hex digits at `it` (after "\u").
unsigned read_hex4(const char* it, const char* last) {
  if (last - it < 4) fail(it, "4 hex digits");
  unsigned value = 0;
  for (int i = 0; i < 4; ++i) {
    const int h = hex_value(it[i]);
    if (h < 0) fail(it, "4 hex digits");
    value = value * 16 + static_cast<unsigned>(h);
  }
  return value;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// number = [ "-" ] int [ frac ] [ exp ] (RFC 8259 §6); sets is_integer when there is
// neither frac nor exp.
bool is_json_number(std::string_view s, bool& is_integer) noexcept {
  std::size_t i = 0;
  const std::size_t n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i == n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < n && is_digit(s[i])) ++i;
  } else {
    return false;
  }
  is_integer = true;
  if (i < n && s[i] == '.') {
    is_integer = false;
    const std::size_t start = ++i;
    while (i < n && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    is_integer = false;
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t start = i;
    while (i < n && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == n;
}

}  // namespace

const char* comp_value_parser::parse_json_string(const char* open, const char* last,
                                                 std::string& out) {
  const char* it = open + 1;
  const char* run = it;  // start of the bytes not yet copied
  for (;;) {
    if (it == last) fail(it, "closing '\"'");
    const char c = *it;
    if (c == '"') {
      out.append(run, it);
      return it + 1;
    }
    if (c == '\\') {
      out.append(run, it);
      it = decode_escape(it, last, out);
      run = it;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      fail(it, "escaped control character");
    } else {
      ++it;
    }
  }
}

const char* comp_value_parser::decode_escape(const char* it, const char* last,
                                             std::string& out) {
  if (last - it < 2) fail(it, "JSON escape");
  switch (it[1]) {
    case '"': out += '"'; return it + 2;
    case '\\': out += '\\'; return it + 2;
    case '/': out += '/'; return it + 2;
    case 'b': out += '\b'; return it + 2;
    case 'f': out += '\f'; return it + 2;
    case 'n': out += '\n'; return it + 2;
    case 'r': out += '\r'; return it + 2;
    case 't': out += '\t'; return it + 2;
    case 'u': break;
    default: fail(it, "JSON escape");
  }
  unsigned cp = read_hex4(it + 2, last);
  const char* next = it + 6;
  if (cp >= 0xDC00 && cp <= 0xDFFF) fail(it, "high surrogate before low surrogate");
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    // A surrogate pair encodes one code point beyond the BMP (RFC 8259 §7).
    if (last - next < 2 || next[0] != '\\' || next[1] != 'u') fail(next, "low surrogate");
    const unsigned low = read_hex4(next + 2, last);
    if (low < 0xDC00 || low > 0xDFFF) fail(next, "low surrogate");
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    next += 6;
  }
  // U+0000 cannot be stored in PostgreSQL text, and nothing in SCIM needs it.
  if (cp == 0) fail(it, "character other than U+0000");
  append_utf8(out, cp);
  return next;
}

CompValue comp_value_parser::classify_bare(const char* first, const char* last) {
  const std::string_view token(first, static_cast<std::size_t>(last - first));
  if (detail::iequals(token, "true")) return true;
  if (detail::iequals(token, "false")) return false;
  if (detail::iequals(token, "null")) return nullptr;
  bool is_integer = false;
  if (!is_json_number(token, is_integer)) return std::string(token);
  if (is_integer) {
    long long value = 0;
    if (std::from_chars(first, last, value).ec == std::errc()) return value;
  }
  // Decimals, and integers too large for 64 bits. strtod also accepts underflow (-> 0).
  const std::string copy(token);
  const double value = std::strtod(copy.c_str(), nullptr);
  if (!std::isfinite(value)) fail(first, "finite number");
  return value;
}

}  // namespace scimd::filters::grammar
