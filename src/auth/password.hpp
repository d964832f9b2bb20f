#pragma once
// Password hashes for the writeOnly `password` attribute (RFC 7643 §4.1.1): argon2id through
// libsodium, salted, never returned and never logged.
#include <string>
#include <string_view>

namespace scimd::auth {

/// The argon2id hash string (with its own salt and parameters) of a password.
std::string hash_password(std::string_view password);

/// True when password matches a hash made by hash_password.
bool verify_password(std::string_view hash, std::string_view password);

}  // namespace scimd::auth
