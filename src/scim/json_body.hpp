#pragma once
// The one parser of client JSON (request bodies of every endpoint). What it refuses, and why,
// is listed in docs/operations.md, "Malformed input":
//  - text that is not one JSON value, or not an object            400 invalidSyntax
//  - invalid UTF-8, in a string, a key or an escape (RFC 8259 §8)  400 invalidSyntax
//  - NUL, raw or as \u0000 (PostgreSQL TEXT cannot store it)       400 invalidValue
//  - two keys of one object equal ignoring case (RFC 7643 §2.1)    400 invalidSyntax
//  - nesting deeper than max_json_depth                            400 invalidSyntax
//  - more than max_json_values values                              413
#include <rapidjson/document.h>

#include <cstddef>
#include <string_view>

namespace scimd::scim {

/// Deepest nesting of objects and arrays accepted. A Bulk request carrying a PATCH of an
/// extension's complex multi-valued attribute nests about 9 levels.
inline constexpr int max_json_depth = 32;
/// Most JSON values (objects, arrays, strings, numbers, literals) in one body: a group of about
/// 300,000 members in one PUT.
inline constexpr std::size_t max_json_values = 1'000'000;

/// Parses a request body that must be a JSON object. Throws ScimError as listed above; parsing
/// is iterative and stops at the first offence, so no input can exhaust the stack.
rapidjson::Document parse_json_body(std::string_view text);

}  // namespace scimd::scim
