// The semantic rules of check.hpp in one place: attribute resolution relative to a scope
// and typing of comparisons. check(), evaluate() and to_sql() all go through here, so they
// accept and reject exactly the same filters.
#pragma once

#include <scimd/filters/ast.hpp>
#include <scimd/filters/attribute_info.hpp>
#include <scimd/filters/errors.hpp>

#include <string>
#include <variant>

namespace scimd::filters::detail {

/// A dateTime literal in epoch milliseconds (UTC).
struct DateTimeLiteral {
  long long epoch_ms = 0;
};

/// A compValue converted to the type of the attribute it is compared with.
using Literal = std::variant<std::nullptr_t, bool, long long, double, std::string, DateTimeLiteral>;

/// How the values of an attribute type compare.
enum class ValueKind { string, boolean, number, date_time };

/// The comparison rules for an attribute type (string, reference and binary are strings).
ValueKind value_kind(AttrType type) noexcept;

/// Where paths resolve: the resource (`parent` null), or the elements of the complex
/// attribute `parent` inside a valuePath, where paths are plain sub-attribute names.
struct Scope {
  const AttributeInfo* info = nullptr;
  const ResolvedAttribute* parent = nullptr;
};

/// A comparison ready to run: attribute resolved (complex attributes mapped to their `value`
/// sub-attribute), literal typed. A null literal only occurs with eq and ne, and then the
/// attribute is not mapped (`emails eq null` is `not (emails pr)`).
struct TypedCompare {
  ResolvedAttribute attribute;
  CompareOp op = CompareOp::eq;
  Literal literal;
};

/// Resolves a path in `scope`. Throws SemanticError (unknown_attribute).
ResolvedAttribute resolve_in(const AttrPath& path, const Scope& scope);

/// Resolves and types a comparison. Throws SemanticError.
TypedCompare type_compare(const Compare& compare, const Scope& scope);

/// Resolves the attribute of a valuePath: a complex attribute, at resource level.
/// Throws SemanticError.
ResolvedAttribute resolve_value_path(const ValuePath& value_path, const Scope& scope);

/// "'emails.value'" for messages.
std::string describe(const ResolvedAttribute& attribute);

}  // namespace scimd::filters::detail
