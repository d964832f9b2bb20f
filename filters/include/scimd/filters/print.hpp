// The canonical text of an AST: parse_filter(to_string(f)) == f for every Filter f
// (and likewise for paths).
//
// Canonical form: operators and keywords in lower case, one space between tokens, values as
// JSON (strings always quoted, decimals always with '.' or an exponent), attribute names as
// spelled in the AST, and parentheses only where the tree needs them: around an `or` inside
// an `and`, and around a right operand of the same operator (the tree is left-associative).
#pragma once

#include <scimd/filters/ast.hpp>

#include <string>

namespace scimd::filters {

/// The canonical text of a filter.
std::string to_string(const Filter& filter);
/// The canonical text of a PATCH path.
std::string to_string(const PatchPath& path);
/// `[schema:]name[.sub_attr]`.
std::string to_string(const AttrPath& path);
/// A compValue as JSON: null, true, false, 42, 4.2, "text".
std::string to_string(const CompValue& value);

}  // namespace scimd::filters
