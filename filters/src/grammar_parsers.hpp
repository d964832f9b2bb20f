// Hand-written X3 primitives for the lexical parts of the filter language (attribute
// paths, JSON strings, bare values) and the nesting guard. They fail by throwing
// x3::expectation_failure once the input is committed, which parse.cpp turns into a
// SyntaxError; that is X3's own error channel, so one catch site handles all.
#pragma once

#include "grammar.hpp"
#include "text.hpp"

#include <scimd/filters/parse.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <string>

namespace scimd::filters::grammar {

[[noreturn]] inline void fail(const char* where, const char* expected) {
  boost::throw_exception(x3::expectation_failure<const char*>(where, expected));
}

template <class Context>
Offset offset_at(const Context& ctx, const char* where) {
  return static_cast<Offset>(where - x3::get<state_tag>(ctx).begin);
}

constexpr bool is_alpha(char c) noexcept { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
// ATTRNAME = ALPHA *(nameChar) (RFC 7644 §3.4.2.2); `$ref` is allowed as well (RFC 7643 §2.4).
constexpr bool is_name_start(char c) noexcept { return is_alpha(c) || c == '$'; }
constexpr bool is_name_char(char c) noexcept {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '_';
}
// Characters of a schema URN as SCIM uses them ("urn:ietf:params:scim:schemas:core:2.0:User").
constexpr bool is_urn_char(char c) noexcept { return is_name_char(c) || c == ':' || c == '.'; }
// A bare (unquoted) value runs up to whitespace or a bracket.
constexpr bool is_bare_char(char c) noexcept {
  return static_cast<unsigned char>(c) > 0x20 && c != 0x7f && c != '"' && c != '(' &&
         c != ')' && c != '[' && c != ']';
}

inline const char* scan_name(const char* it, const char* last) noexcept {
  if (it == last || !is_name_start(*it)) return it;
  ++it;
  while (it != last && is_name_char(*it)) ++it;
  return it;
}

/// A parsed compValue and where it started.
struct LocatedValue {
  CompValue value;
  Offset offset = 0;
};

/// attrPath: [URN ":"] ATTRNAME ["." ATTRNAME]. The URN is everything up to the last ':'
/// before the attribute name, so dots inside it ("2.0") are not sub-attribute separators.
struct attr_path_parser : x3::parser<attr_path_parser> {
  using attribute_type = AttrPath;
  static bool const has_attribute = true;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& ctx, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, ctx);
    const char* it = first;
    AttrPath path;
    path.offset = offset_at(ctx, it);
    if (last - it > 4 && detail::iequals({it, 4}, "urn:")) {
      const char* end = it;
      while (end != last && is_urn_char(*end)) ++end;
      const char* colon = end;
      while (*--colon != ':') {
      }
      path.schema.assign(it, colon);
      it = colon + 1;
      if (it == last || !is_name_start(*it)) fail(it, "attribute name");
    } else if (it == last || !is_name_start(*it)) {
      return false;
    }
    const char* name_end = scan_name(it, last);
    path.name.assign(it, name_end);
    it = name_end;
    if (it != last && *it == '.') {
      const char* sub_end = scan_name(it + 1, last);
      if (sub_end == it + 1) fail(it + 1, "sub-attribute name");
      path.sub_attr.assign(it + 1, sub_end);
      it = sub_end;
    }
    first = it;
    x3::traits::move_to(std::move(path), attr);
    return true;
  }
};

/// "." ATTRNAME after a valuePath's ']' (RFC 7644 §3.5.2 `valuePath [subAttr]`).
struct sub_attr_parser : x3::parser<sub_attr_parser> {
  using attribute_type = AttrPath;
  static bool const has_attribute = true;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& ctx, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, ctx);
    if (first == last || *first != '.') return false;
    const char* end = scan_name(first + 1, last);
    if (end == first + 1) fail(first + 1, "sub-attribute name");
    AttrPath path;
    path.name.assign(first + 1, end);
    path.offset = offset_at(ctx, first + 1);
    first = end;
    x3::traits::move_to(std::move(path), attr);
    return true;
  }
};

/// compValue: a JSON string, or a bare token that is true/false/null (any case), a JSON
/// number, or else a string (Microsoft's unquoted values). Only used after an operator,
/// so a missing value throws.
struct comp_value_parser : x3::parser<comp_value_parser> {
  using attribute_type = LocatedValue;
  static bool const has_attribute = true;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& ctx, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, ctx);
    LocatedValue located;
    located.offset = offset_at(ctx, first);
    if (first != last && *first == '"') {
      std::string text;
      first = parse_json_string(first, last, text);
      located.value = std::move(text);
    } else {
      const char* end = first;
      while (end != last && is_bare_char(*end)) ++end;
      if (end == first) fail(first, "comparison value");
      located.value = classify_bare(first, end);
      first = end;
    }
    x3::traits::move_to(std::move(located), attr);
    return true;
  }

  /// Decodes the JSON string starting at the quote `open` into `out`; returns the position
  /// after the closing quote.
  static const char* parse_json_string(const char* open, const char* last, std::string& out);
  /// Reads one escape sequence at the backslash `it`, appends it; returns what follows.
  static const char* decode_escape(const char* it, const char* last, std::string& out);
  static CompValue classify_bare(const char* first, const char* last);
};

/// A keyword (RFC 7644 keywords are case-insensitive) that must not run into a name:
/// `and` matches in `a pr and b pr` but not in `andy`. ASCII folding by hand: x3::no_case
/// calls the C library's tolower per character.
struct keyword_parser : x3::parser<keyword_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  std::string_view word;  ///< lower case

  constexpr explicit keyword_parser(std::string_view w) : word(w) {}

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& ctx, RContext&,
             Attribute&) const {
    x3::skip_over(first, last, ctx);
    if (static_cast<std::size_t>(last - first) < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
      if (detail::fold_char(first[i]) != word[i]) return false;
    const char* end = first + word.size();
    if (end != last && is_name_char(*end)) return false;
    first = end;
    return true;
  }
};

/// compareOp (RFC 7644 §3.4.2.2 Table 3), case-insensitive, not running into a name.
struct compare_op_parser : x3::parser<compare_op_parser> {
  using attribute_type = CompareOp;
  static bool const has_attribute = true;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& ctx, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, ctx);
    if (last - first < 2 || (last - first > 2 && is_name_char(first[2]))) return false;
    const std::optional<CompareOp> op = lookup(detail::fold_char(first[0]), detail::fold_char(first[1]));
    if (!op) return false;
    first += 2;
    x3::traits::move_to(*op, attr);
    return true;
  }

  static constexpr std::optional<CompareOp> lookup(char a, char b) noexcept {
    switch (a << 8 | b) {
      case 'e' << 8 | 'q': return CompareOp::eq;
      case 'n' << 8 | 'e': return CompareOp::ne;
      case 'c' << 8 | 'o': return CompareOp::co;
      case 's' << 8 | 'w': return CompareOp::sw;
      case 'e' << 8 | 'w': return CompareOp::ew;
      case 'g' << 8 | 't': return CompareOp::gt;
      case 'l' << 8 | 't': return CompareOp::lt;
      case 'g' << 8 | 'e': return CompareOp::ge;
      case 'l' << 8 | 'e': return CompareOp::le;
      default: return std::nullopt;
    }
  }
};

/// The current offset (after whitespace), as an attribute; consumes nothing.
struct offset_parser : x3::parser<offset_parser> {
  using attribute_type = Offset;
  static bool const has_attribute = true;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& ctx, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, ctx);
    x3::traits::move_to(offset_at(ctx, first), attr);
    return true;
  }
};

/// Always throws: the last alternative of a committed choice, naming what was expected.
struct expected_parser : x3::parser<expected_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  const char* what;

  constexpr explicit expected_parser(const char* w) : what(w) {}

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& ctx, RContext&,
             Attribute&) const {
    Iterator at = first;
    x3::skip_over(at, last, ctx);
    fail(at, what);
  }
};

/// nest[p] / value_path_scope[p]: counts nesting depth (max_nesting_depth) around p, so
/// that no input can exhaust the stack; value_path_scope also marks the inside of `[...]`.
template <class Subject>
struct nest_directive : x3::unary_parser<Subject, nest_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, nest_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  bool enters_value_path;

  constexpr nest_directive(const Subject& inner, bool value_path)
      : base_type(inner), enters_value_path(value_path) {}

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& ctx, RContext& rctx,
             Attribute& attr) const {
    ParseState& state = x3::get<state_tag>(ctx);
    if (state.depth >= max_nesting_depth) {
      Iterator at = first;
      x3::skip_over(at, last, ctx);
      fail(at, "at most 16 levels of nesting");
    }
    struct Guard {
      ParseState& s;
      bool saved;
      ~Guard() {
        --s.depth;
        s.in_value_path = saved;
      }
    } guard{state, state.in_value_path};
    ++state.depth;
    state.in_value_path = state.in_value_path || enters_value_path;
    return this->subject.parse(first, last, ctx, rctx, attr);
  }
};

struct nest_gen {
  bool enters_value_path;
  template <class Subject>
  constexpr nest_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
      const Subject& inner) const {
    return {x3::as_parser(inner), enters_value_path};
  }
};

inline constexpr attr_path_parser attr_path{};
inline constexpr sub_attr_parser sub_attr{};
inline constexpr offset_parser position{};
inline constexpr comp_value_parser comp_value{};
inline constexpr nest_gen nest{false};
inline constexpr nest_gen value_path_scope{true};
constexpr expected_parser expected(const char* what) { return expected_parser(what); }

}  // namespace scimd::filters::grammar
