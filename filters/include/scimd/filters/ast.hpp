// The filter AST of RFC 7644 §3.4.2.2 and the PATCH path of §3.5.2.
//
// Nodes keep the spelling the client used (attribute names are matched case-insensitively
// later, against AttributeInfo) and byte offsets into the parsed text for error messages.
// Grouping parentheses are not nodes: they only shape the tree.
#pragma once

#include <boost/spirit/home/x3/support/ast/variant.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace scimd::filters {

/// A 0-based byte offset into the parsed text (inputs are capped at 8 KiB).
using Offset = std::uint32_t;

/// The attribute operators of RFC 7644 §3.4.2.2, Table 3 (`pr` is the Present node).
enum class CompareOp : std::uint8_t { eq, ne, co, sw, ew, gt, lt, ge, le };

/// The RFC spelling of an operator, lower case ("eq", "ne", ...).
std::string_view to_string(CompareOp op) noexcept;

/// compValue of RFC 7644 §3.4.2.2: JSON null, boolean, integer, decimal or string.
/// Integers that do not fit in 64 bits are kept as decimals.
using CompValue = std::variant<std::nullptr_t, bool, long long, double, std::string>;

/// attrPath = [URI ":"] ATTRNAME *1subAttr (RFC 7644 §3.10), as spelled in the input.
struct AttrPath {
  std::string schema;    ///< URN prefix without the final ':'; empty when not qualified
  std::string name;      ///< attribute name
  std::string sub_attr;  ///< sub-attribute name; empty when absent
  Offset offset = 0;     ///< where the path starts in the input

  /// True when the path names a sub-attribute (`name.familyName`).
  bool has_sub_attr() const noexcept { return !sub_attr.empty(); }
};

/// Equality of paths as written (exact spelling); offsets are ignored.
bool operator==(const AttrPath& a, const AttrPath& b) noexcept;

struct ValuePath;
struct And;
struct Or;
struct Not;

/// attrExp with a comparison operator: `userName eq "bjensen"`.
struct Compare {
  AttrPath path;
  CompareOp op = CompareOp::eq;
  CompValue value;
  Offset value_offset = 0;  ///< where the compValue starts in the input
};

/// attrExp with `pr`: `title pr`.
struct Present {
  AttrPath path;
};

/// FILTER of RFC 7644 §3.4.2.2, Figure 1. Visit it with filters::visit().
struct Filter
    : boost::spirit::x3::variant<Compare, Present, boost::spirit::x3::forward_ast<ValuePath>,
                                 boost::spirit::x3::forward_ast<And>,
                                 boost::spirit::x3::forward_ast<Or>,
                                 boost::spirit::x3::forward_ast<Not>> {
  using base_type::base_type;
  using base_type::operator=;
};

/// valuePath `attr[valFilter]`: every condition of `filter` must hold for one element
/// (RFC 7644 §3.4.2.2 Table 5). Inside `filter` paths name sub-attributes of `path`.
/// The Entra form `emails[type eq "work"].value eq "x"` is stored as
/// `emails[type eq "work" and value eq "x"]` (see parse.hpp).
struct ValuePath {
  AttrPath path;
  Filter filter;
};

/// Logical `and`; the tree is left-associative (`a and b and c` is And(And(a, b), c)).
struct And {
  Filter lhs;
  Filter rhs;
};

/// Logical `or`; `and` binds tighter (RFC 7644 §3.4.2.2 precedence).
struct Or {
  Filter lhs;
  Filter rhs;
};

/// `not (filter)`.
struct Not {
  Filter operand;
  Offset offset = 0;  ///< where the `not` keyword starts
};

/// PATH of RFC 7644 §3.5.2: attrPath, or valuePath followed by an optional subAttr.
/// For `emails[type eq "work"].value`, `path` is {name "emails", sub_attr "value"} and
/// `filter` holds `type eq "work"`.
struct PatchPath {
  AttrPath path;
  std::optional<Filter> filter;  ///< the valuePath filter, if any
};

/// Structural equality; offsets are ignored. Decimals compare with ==.
bool operator==(const Filter& a, const Filter& b);
bool operator==(const Compare& a, const Compare& b);
bool operator==(const Present& a, const Present& b);
bool operator==(const ValuePath& a, const ValuePath& b);
bool operator==(const And& a, const And& b);
bool operator==(const Or& a, const Or& b);
bool operator==(const Not& a, const Not& b);
bool operator==(const PatchPath& a, const PatchPath& b);

/// Calls `f` with the node held by `filter` (Compare, Present, ValuePath, And, Or or Not,
/// by const reference) and returns its result; every overload must return the same type.
template <class F>
decltype(auto) visit(F&& f, const Filter& filter) {
  return boost::apply_visitor(
      [&f](const auto& node) -> decltype(auto) {
        if constexpr (std::is_same_v<std::decay_t<decltype(node)>, Compare> ||
                      std::is_same_v<std::decay_t<decltype(node)>, Present>)
          return f(node);
        else
          return f(node.get());
      },
      filter.get());
}

/// Where a node starts in the input: its attribute path, its `not`, or its left operand.
Offset offset_of(const Filter& filter);

}  // namespace scimd::filters
