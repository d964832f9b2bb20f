#pragma once
// Verifies an Authorization header against the stored token hashes.
#include <optional>
#include <string_view>

#include "auth/token.hpp"
#include "store/database.hpp"

namespace scimd::auth {

/// The scope of a valid "Bearer <token>" header (scheme case-insensitive, RFC 6750 §2.1), or
/// nullopt for a missing, malformed or unknown token. The token is looked up by its SHA-256
/// and the digests are compared in constant time; nothing is cached, so a revoked token
/// stops working on the next request, in every process.
std::optional<TokenScope> authenticate(store::Database& db, std::string_view authorization);

}  // namespace scimd::auth
