// Semantic checks of a parsed filter or path against the schema (RFC 7644 §3.4.2.2, §3.12).
//
// The rules (evaluate() and to_sql() apply the same ones and throw the same errors):
//  - Every attribute and sub-attribute must exist (SemanticError::Kind::unknown_attribute).
//  - A comparison on a complex attribute without a sub-attribute (`emails eq "x"`,
//    `manager eq "x"`) compares its `value` sub-attribute (RFC 7644 §3.4.2.2, Figure 2
//    examples); a complex attribute without `value` cannot be compared. `pr` on a complex
//    attribute tests the attribute itself.
//  - Operators per type (Kind::unsupported_comparison otherwise):
//      string, reference: all;  binary: eq ne co sw ew (RFC: no ordering on binary);
//      boolean: eq ne (RFC: no ordering on boolean);  integer, decimal, dateTime: eq ne gt ge lt le.
//  - Literals per type: strings need a string; integer/decimal a number; dateTime an
//    ISO 8601 string (Kind::invalid_value if it does not parse); boolean true/false, or the
//    strings "true"/"false" in any case, which Entra sends (`roles[primary eq "True"]`).
//  - `null` only with eq/ne: `attr eq null` means `not (attr pr)` and `attr ne null` means
//    `attr pr` (null and unassigned are the same, RFC 7643 §2.5).
//  - A valuePath needs a complex attribute; inside it, paths are plain sub-attribute names.
#pragma once

#include <scimd/filters/ast.hpp>
#include <scimd/filters/attribute_info.hpp>
#include <scimd/filters/errors.hpp>

namespace scimd::filters {

/// Checks every attribute, operator and literal of `filter`. Throws SemanticError.
void check(const Filter& filter, const AttributeInfo& info);

/// Checks a PATCH path and returns the attribute it targets (with the sub-attribute of
/// `attr.sub` or `attr[filter].sub`). A filter requires a multi-valued complex attribute.
/// Throws SemanticError.
ResolvedAttribute check(const PatchPath& path, const AttributeInfo& info);

}  // namespace scimd::filters
