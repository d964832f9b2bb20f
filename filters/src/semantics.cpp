#include "semantics.hpp"

#include "date_time.hpp"
#include "text.hpp"

#include <scimd/filters/print.hpp>

namespace scimd::filters::detail {
namespace {

using Kind = SemanticError::Kind;

bool is_string(const CompValue& v) { return std::holds_alternative<std::string>(v); }
bool is_ordering(CompareOp op) {
  return op == CompareOp::gt || op == CompareOp::ge || op == CompareOp::lt || op == CompareOp::le;
}
bool is_substring(CompareOp op) {
  return op == CompareOp::co || op == CompareOp::sw || op == CompareOp::ew;
}

[[noreturn]] void unsupported(const Compare& c, const ResolvedAttribute& a, const char* why) {
  throw SemanticError(c.path.offset, Kind::unsupported_comparison,
                      std::string(to_string(c.op)) + " " + why + " " + describe(a) + " (" +
                          std::string(to_string(a.target().type)) + ")");
}

[[noreturn]] void wrong_literal(const Compare& c, const ResolvedAttribute& a, const char* wanted) {
  throw SemanticError(c.value_offset, Kind::unsupported_comparison,
                      describe(a) + " needs " + wanted + ", not " + to_string(c.value));
}

// Entra compares booleans with strings: `roles[primary eq "True"]`
// (identity-providers.md §1.3); accept "true"/"false" in any case as the boolean.
std::optional<bool> entra_string_boolean(const CompValue& v) {
  const auto* s = std::get_if<std::string>(&v);
  if (s == nullptr) return std::nullopt;
  if (iequals(*s, "true")) return true;
  if (iequals(*s, "false")) return false;
  return std::nullopt;
}

// RFC 7644 §3.4.2.2 Table 3 and §3.12 "invalidFilter": which operators suit which type.
void check_operator(const Compare& c, const ResolvedAttribute& a, ValueKind kind) {
  const AttrType type = a.target().type;
  if (kind == ValueKind::boolean && c.op != CompareOp::eq && c.op != CompareOp::ne)
    unsupported(c, a, "cannot compare");
  if (type == AttrType::binary && is_ordering(c.op)) unsupported(c, a, "cannot order");
  if ((kind == ValueKind::number || kind == ValueKind::date_time) && is_substring(c.op))
    unsupported(c, a, "needs a string, not");
}

Literal type_literal(const Compare& c, const ResolvedAttribute& a, ValueKind kind) {
  switch (kind) {
    case ValueKind::string:
      if (!is_string(c.value)) wrong_literal(c, a, "a string");
      return std::get<std::string>(c.value);
    case ValueKind::boolean:
      if (const bool* b = std::get_if<bool>(&c.value)) return *b;
      if (const auto b = entra_string_boolean(c.value)) return *b;
      wrong_literal(c, a, "true or false");
    case ValueKind::number:
      if (const auto* i = std::get_if<long long>(&c.value)) return *i;
      if (const auto* d = std::get_if<double>(&c.value)) return *d;
      wrong_literal(c, a, "a number");
    case ValueKind::date_time: {
      const auto* s = std::get_if<std::string>(&c.value);
      if (s == nullptr) wrong_literal(c, a, "a dateTime string");
      const std::optional<long long> ms = parse_date_time(*s);
      if (!ms)
        throw SemanticError(c.value_offset, Kind::invalid_value,
                            "not an ISO 8601 dateTime: " + to_string(c.value));
      return DateTimeLiteral{*ms};
    }
  }
  return nullptr;
}

}  // namespace

ValueKind value_kind(AttrType type) noexcept {
  switch (type) {
    case AttrType::boolean: return ValueKind::boolean;
    case AttrType::decimal:
    case AttrType::integer: return ValueKind::number;
    case AttrType::date_time: return ValueKind::date_time;
    default: return ValueKind::string;
  }
}

std::string describe(const ResolvedAttribute& a) {
  std::string out = "'" + a.attribute->name;
  if (a.sub_attribute != nullptr) out += "." + a.sub_attribute->name;
  return out + "'";
}

ResolvedAttribute resolve_in(const AttrPath& path, const Scope& scope) {
  if (scope.parent == nullptr) {
    if (auto resolved = resolve(path, *scope.info)) return *resolved;
    throw SemanticError(path.offset, Kind::unknown_attribute,
                        "unknown attribute '" + to_string(path) + "'");
  }
  // Inside attr[...] a path names a sub-attribute of attr (RFC 7644 §3.4.2.2 valFilter).
  const ResolvedAttribute& parent = *scope.parent;
  const AttributeFacts* sub = nullptr;
  if (path.schema.empty() && !path.has_sub_attr())
    sub = parent.attribute->find_sub_attribute(path.name);
  if (sub == nullptr)
    throw SemanticError(path.offset, Kind::unknown_attribute,
                        "'" + to_string(path) + "' is not a sub-attribute of '" +
                            parent.attribute->name + "'");
  return {parent.schema, parent.attribute, sub};
}

TypedCompare type_compare(const Compare& c, const Scope& scope) {
  TypedCompare typed{resolve_in(c.path, scope), c.op, nullptr};
  ResolvedAttribute& a = typed.attribute;
  if (std::holds_alternative<std::nullptr_t>(c.value)) {
    // null and unassigned are the same (RFC 7643 §2.5): only eq / ne make sense.
    if (c.op != CompareOp::eq && c.op != CompareOp::ne) unsupported(c, a, "cannot compare null with");
    return typed;
  }
  if (a.target().type == AttrType::complex) {
    // `emails co "x"` compares `emails.value` (RFC 7644 §3.4.2.2, FLT-32).
    const AttributeFacts* value = a.sub_attribute == nullptr ? a.attribute->find_sub_attribute("value") : nullptr;
    if (value == nullptr) unsupported(c, a, "cannot compare complex attribute");
    a.sub_attribute = value;
  }
  const ValueKind kind = value_kind(a.target().type);
  check_operator(c, a, kind);
  typed.literal = type_literal(c, a, kind);
  return typed;
}

ResolvedAttribute resolve_value_path(const ValuePath& vp, const Scope& scope) {
  ResolvedAttribute a = resolve_in(vp.path, scope);
  if (a.sub_attribute != nullptr || a.attribute->type != AttrType::complex)
    throw SemanticError(vp.path.offset, Kind::unsupported_comparison,
                        describe(a) + " is not a complex attribute, so it takes no [filter]");
  return a;
}

}  // namespace scimd::filters::detail
