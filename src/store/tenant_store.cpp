#include "store/tenant_store.hpp"

#include "util/clock.hpp"
#include "util/text.hpp"

namespace scimd::store {

std::optional<long long> find_tenant(soci::session& s, const std::string& name) {
  long long id = 0;
  std::string folded = util::ascii_lower(name);
  s << "SELECT id FROM tenants WHERE name_folded = :n", soci::into(id), soci::use(folded);
  if (!s.got_data()) return std::nullopt;
  return id;
}

long long ensure_tenant(soci::session& s, const std::string& name) {
  if (auto id = find_tenant(s, name)) return *id;
  std::string folded = util::ascii_lower(name);
  std::string now = util::now_iso8601();
  s << "INSERT INTO tenants (name, name_folded, created) VALUES (:n, :f, :c) ON CONFLICT DO NOTHING",
      soci::use(name), soci::use(folded), soci::use(now);
  return *find_tenant(s, name);
}

std::string tenant_settings(soci::session& s, long long tenant_id) {
  std::string settings = "{}";
  s << "SELECT settings FROM tenants WHERE id = :t", soci::into(settings), soci::use(tenant_id, "t");
  return settings;
}

void set_tenant_settings(soci::session& s, long long tenant_id, const std::string& settings_json) {
  s << "UPDATE tenants SET settings = :s WHERE id = :t", soci::use(settings_json, "s"), soci::use(tenant_id, "t");
}

void insert_token(soci::session& s, long long tenant_id, const std::string& id, const std::string& token_hash,
                  const std::string& role) {
  std::string now = util::now_iso8601();
  s << "INSERT INTO tokens (tenant_id, id, token_hash, role, created) VALUES (:t, :i, :h, :r, :c)",
      soci::use(tenant_id), soci::use(id), soci::use(token_hash), soci::use(role), soci::use(now);
}

std::optional<TokenRecord> find_token(soci::session& s, const std::string& token_hash) {
  TokenRecord r;
  s << "SELECT tenant_id, id, token_hash, role FROM tokens WHERE token_hash = :h", soci::into(r.tenant_id),
      soci::into(r.id), soci::into(r.token_hash), soci::into(r.role), soci::use(token_hash);
  if (!s.got_data()) return std::nullopt;
  return r;
}

}  // namespace scimd::store
