#include <scimd/filters/ast.hpp>
#include <scimd/filters/errors.hpp>

#include "text.hpp"

namespace scimd::filters {

std::string_view to_string(CompareOp op) noexcept {
  switch (op) {
    case CompareOp::eq: return "eq";
    case CompareOp::ne: return "ne";
    case CompareOp::co: return "co";
    case CompareOp::sw: return "sw";
    case CompareOp::ew: return "ew";
    case CompareOp::gt: return "gt";
    case CompareOp::lt: return "lt";
    case CompareOp::ge: return "ge";
    case CompareOp::le: return "le";
  }
  return "?";
}

bool operator==(const AttrPath& a, const AttrPath& b) noexcept {
  return a.schema == b.schema && a.name == b.name && a.sub_attr == b.sub_attr;
}

bool operator==(const Compare& a, const Compare& b) {
  return a.path == b.path && a.op == b.op && a.value == b.value;
}
bool operator==(const Present& a, const Present& b) { return a.path == b.path; }
bool operator==(const ValuePath& a, const ValuePath& b) {
  return a.path == b.path && a.filter == b.filter;
}
bool operator==(const And& a, const And& b) { return a.lhs == b.lhs && a.rhs == b.rhs; }
bool operator==(const Or& a, const Or& b) { return a.lhs == b.lhs && a.rhs == b.rhs; }
bool operator==(const Not& a, const Not& b) { return a.operand == b.operand; }
bool operator==(const PatchPath& a, const PatchPath& b) {
  return a.path == b.path && a.filter == b.filter;
}

bool operator==(const Filter& a, const Filter& b) {
  if (a.get().which() != b.get().which()) return false;
  return visit(
      [&b](const auto& node) {
        using Node = std::decay_t<decltype(node)>;
        bool equal = false;
        visit(
            [&](const auto& other) {
              if constexpr (std::is_same_v<Node, std::decay_t<decltype(other)>>)
                equal = node == other;
            },
            b);
        return equal;
      },
      a);
}

Offset offset_of(const Filter& filter) {
  struct OffsetOf {
    Offset operator()(const Compare& n) const { return n.path.offset; }
    Offset operator()(const Present& n) const { return n.path.offset; }
    Offset operator()(const ValuePath& n) const { return n.path.offset; }
    Offset operator()(const And& n) const { return offset_of(n.lhs); }
    Offset operator()(const Or& n) const { return offset_of(n.lhs); }
    Offset operator()(const Not& n) const { return n.offset; }
  };
  return visit(OffsetOf{}, filter);
}

namespace {
std::string located(std::size_t offset, const std::string& text) {
  return detail::cat("at offset ", std::to_string(offset), ": ", text);
}
}  // namespace

SyntaxError::SyntaxError(std::size_t offset, std::string expected, std::string_view found)
    : Error(offset, located(offset, found.empty()
                                        ? detail::cat("expected ", expected, ", found end of input")
                                        : detail::cat("expected ", expected, ", found '", found, "'"))),
      expected_(std::move(expected)) {}

SemanticError::SemanticError(std::size_t offset, Kind kind, std::string message)
    : Error(offset, located(offset, message)), kind_(kind), message_(std::move(message)) {}

}  // namespace scimd::filters
