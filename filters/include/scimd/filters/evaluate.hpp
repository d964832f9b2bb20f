// In-memory evaluation of a filter over a resource, per RFC 7644 §3.4.2.2.
//
// Semantics (to_sql() produces SQL with exactly the same results):
//  - Values are looked up by JSON key case-insensitively (documents may come from clients);
//    extension attributes sit under their schema URN key.
//  - Strings compare by bytes after ASCII lower-casing both sides unless the attribute is
//    caseExact (RFC 7644 §3.4.2.2, FLT-21). Only ASCII is folded, as SQLite's lower() does.
//    Ordering (gt ge lt le) is byte order, i.e. Unicode code point order.
//  - Numbers compare numerically (integer with integer exactly, otherwise as double).
//  - dateTimes compare as instants at millisecond precision: ISO 8601 with 'Z' or ±hh:mm
//    (none means UTC), finer digits rounded half up (FLT-15).
//  - A value of the wrong JSON type, or a dateTime string that does not parse, matches no
//    comparison.
//  - Multi-valued attributes match when any element matches (FLT-30); elements of a complex
//    multi-valued attribute that are not objects are skipped.
//  - `ne` is `not (eq)`: true when the attribute is missing, and for multi-valued attributes
//    true only when no element equals the value (FLT-09).
//  - `pr`: a value is empty when it is null, "", [] or {}. A simple attribute is present when
//    its value is non-empty; a complex one when it is an object with a non-empty member; a
//    multi-valued one when it is an array with a present element; `a.b pr` when some `b`
//    is non-empty (FLT-13).
//  - valuePath on a multi-valued attribute: some element satisfies the whole inner filter
//    (FLT-27). On a singular complex attribute, the inner filter applies to that object, a
//    missing one counting as {} (so `a[f]` equals `f` with `a.` before every path).
//  - A multi-valued attribute whose value is not an array has no elements.
#pragma once

#include <scimd/filters/ast.hpp>
#include <scimd/filters/attribute_info.hpp>
#include <scimd/filters/errors.hpp>

#include <rapidjson/document.h>

namespace scimd::filters {

/// True when `resource` (a JSON object as a client sees it: core attributes at the top
/// level, extension attributes under their URN key, `id` and `meta` included) matches
/// `filter`. Throws SemanticError for the problems check() reports.
bool evaluate(const Filter& filter, const rapidjson::Value& resource, const AttributeInfo& info);

/// True when one element of a multi-valued complex attribute satisfies a valuePath filter:
/// the PATCH case, e.g. selecting the elements of `members[value eq "x"]`. `attribute` is
/// the multi-valued attribute (as returned by check(PatchPath)). Throws SemanticError.
bool evaluate_element(const Filter& value_filter, const rapidjson::Value& element,
                      const ResolvedAttribute& attribute);

}  // namespace scimd::filters
