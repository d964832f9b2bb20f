#pragma once
// Access levels of an application privilege, ordered from least to most permissive.
#include <optional>
#include <string_view>

namespace scimd::access {

/// none < view < edit < admin (DESIGN.md §3); the integer is the rank stored in the database.
enum class Access { none = 0, view = 1, edit = 2, admin = 3 };

/// "none", "view", "edit" or "admin".
std::string_view to_string(Access a);

/// Parses a level name, ignoring case; nullopt when it is not one of the four.
std::optional<Access> parse_access(std::string_view s);

}  // namespace scimd::access
