#pragma once
// Tenants and their bearer tokens (hashes only).
#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace scimd::store {

/// A stored token, found by the hash of the presented bearer token.
struct TokenRecord {
  long long tenant_id = 0;
  std::string id;
  std::string token_hash;
  std::string role;
  std::string created;
  std::string expires;  ///< UTC ISO 8601, "" for never
  std::string revoked;  ///< when it was revoked, "" while valid
};

/// The tenant's id, creating the tenant when it does not exist (names compare ignoring case).
long long ensure_tenant(soci::session& s, const std::string& name);

/// The tenant's id, or nullopt.
std::optional<long long> find_tenant(soci::session& s, const std::string& name);

/// The tenant's settings (a JSON object as text).
std::string tenant_settings(soci::session& s, long long tenant_id);

/// Replaces the tenant's settings.
void set_tenant_settings(soci::session& s, long long tenant_id, const std::string& settings_json);

/// Stores a token's hash for a tenant with a role and an optional expiry ("" for never).
void insert_token(soci::session& s, long long tenant_id, const std::string& id, const std::string& token_hash,
                  const std::string& role, const std::string& expires = "");

/// The tenant's tokens (hashes left out), oldest first.
std::vector<TokenRecord> list_tokens(soci::session& s, long long tenant_id);

/// Revokes a token of the tenant; false when there is no such token.
bool revoke_token(soci::session& s, long long tenant_id, const std::string& token_id);

/// The token whose hash is token_hash, or nullopt.
std::optional<TokenRecord> find_token(soci::session& s, const std::string& token_hash);

}  // namespace scimd::store
