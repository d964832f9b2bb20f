#pragma once
// Bearer tokens: creation, hashing and comparison. Only SHA-256 digests are stored; a token
// is shown once, when it is created (`scimd token create`).
#include <optional>
#include <string>
#include <string_view>

namespace scimd::auth {

/// What a token may do. Roles nest: admin ⊇ provisioning ⊇ read.
enum class Role { read, provisioning, admin };

/// "read", "provisioning" or "admin".
std::string_view to_string(Role r);
/// Parses a role name (case-insensitive); nullopt when unknown.
std::optional<Role> parse_role(std::string_view s);
/// True when a token of role `have` may act where `need` is required.
inline bool role_allows(Role have, Role need) { return static_cast<int>(have) >= static_cast<int>(need); }

/// Who a request acts for, once its token is verified.
struct TokenScope {
  long long tenant_id = 0;
  std::string token_id;
  Role role = Role::read;
};

/// A new random token (256 bits of entropy), prefixed "scimd_" so it can be recognised in leaks.
std::string new_token();

/// Lower-case hex SHA-256 of the token: the only form stored.
std::string hash_token(std::string_view token);

/// Compares two equal-length secrets in constant time (CRYPTO_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace scimd::auth
