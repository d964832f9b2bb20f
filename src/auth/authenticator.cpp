#include "auth/authenticator.hpp"

#include "store/tenant_store.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace scimd::auth {

std::optional<TokenScope> authenticate(store::Database& db, std::string_view authorization) {
  constexpr std::string_view scheme = "bearer ";
  if (!util::istarts_with(authorization, scheme)) return std::nullopt;
  std::string_view token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty() || token.size() > 512) return std::nullopt;
  const std::string digest = hash_token(token);
  std::optional<store::TokenRecord> rec;
  db.read([&](soci::session& s) { rec = store::find_token(s, digest); });
  if (!rec || !constant_time_equal(rec->token_hash, digest)) return std::nullopt;
  // Revocation and expiry take effect on the next request (timestamps are fixed-width UTC text).
  if (!rec->revoked.empty()) return std::nullopt;
  if (!rec->expires.empty() && rec->expires <= util::now_iso8601()) return std::nullopt;
  auto role = parse_role(rec->role);
  if (!role) return std::nullopt;
  return TokenScope{rec->tenant_id, rec->id, *role};
}

}  // namespace scimd::auth
