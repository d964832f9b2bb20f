// Parsers for SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (RFC 7644 §3.5.2).
//
// Accepted beyond the ABNF, because real clients send it:
//  - keywords, operators and true/false/null in any case (`userName EQ "x"`, `AND`);
//  - any amount of whitespace (space, tab, CR, LF) between tokens, none where the token
//    boundary is clear (`a eq "x"and b pr`);
//  - unquoted values, as Microsoft's conformance collection sends them
//    (`userName sw O`, `meta.lastModified gt 2011-05-13T04:42:34Z`): a bare token that is
//    not true/false/null or a JSON number is a string;
//  - `attr[filter].sub op value` (Entra: `emails[type eq "work"].value eq "x"`), read as
//    `attr[filter and sub op value]`, i.e. both conditions on the same element;
//  - `$ref` as an attribute name.
// `+` for space is URL decoding and belongs to the HTTP layer.
#pragma once

#include <scimd/filters/ast.hpp>
#include <scimd/filters/errors.hpp>

#include <cstddef>
#include <string_view>

namespace scimd::filters {

/// Longest input accepted, in bytes.
inline constexpr std::size_t max_input_length = 8192;
/// Deepest nesting of `(`, `not (` and `[` accepted. Each level nests the SQL too, and
/// SQLite's parser stack (about 100 symbols) overflows near 22 levels of alternating
/// and/or inside a valuePath; identity providers nest at most 2 or 3.
inline constexpr int max_nesting_depth = 16;
/// Most attribute expressions (`attr op value`, `attr pr`) in one filter. Keeps the SQL
/// within SQLite's expression depth limit (1000) and the work per request bounded.
inline constexpr int max_conditions = 256;

/// Parses a filter. Throws SyntaxError (offset, expected) when the text is not a filter,
/// is longer than max_input_length, nests deeper than max_nesting_depth, has more than
/// max_conditions attribute expressions, or is not UTF-8.
Filter parse_filter(std::string_view text);

/// Parses a PATCH path (`members`, `name.familyName`, `emails[type eq "work"].value`).
/// Throws SyntaxError like parse_filter.
PatchPath parse_path(std::string_view text);

}  // namespace scimd::filters
