#include "store/tenant_store.hpp"

#include "store/statement_cache.hpp"
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
                  const std::string& role, const std::string& expires) {
  std::string now = util::now_iso8601();
  soci::indicator expires_ind = expires.empty() ? soci::i_null : soci::i_ok;
  s << "INSERT INTO tokens (tenant_id, id, token_hash, role, created, expires) VALUES (:t, :i, :h, :r, :c, :e)",
      soci::use(tenant_id, "t"), soci::use(id, "i"), soci::use(token_hash, "h"), soci::use(role, "r"),
      soci::use(now, "c"), soci::use(expires, expires_ind, "e");
}

namespace {
constexpr const char* token_columns =
    "SELECT tenant_id, id, token_hash, role, created, COALESCE(expires, ''), COALESCE(revoked, '') FROM tokens ";
}

namespace {
// The lookup every request makes, prepared once per connection.
struct TokenLookup {
  TokenRecord row;
  std::string hash;
  soci::statement st;
  explicit TokenLookup(soci::session& s)
      : st((s.prepare << std::string(token_columns) + "WHERE token_hash = :h", soci::into(row.tenant_id),
            soci::into(row.id), soci::into(row.token_hash), soci::into(row.role), soci::into(row.created),
            soci::into(row.expires), soci::into(row.revoked), soci::use(hash, "h"))) {}
};
}  // namespace

std::optional<TokenRecord> find_token(soci::session& s, const std::string& token_hash) {
  static const std::string key = "token_lookup";
  auto& q = StatementCache::of(s).get<TokenLookup>(key, [&] { return std::make_shared<TokenLookup>(s); });
  q.hash = token_hash;
  if (!execute_single(q.st)) return std::nullopt;
  return q.row;
}

std::vector<TokenRecord> list_tokens(soci::session& s, long long tenant_id) {
  std::vector<TokenRecord> out;
  TokenRecord r;
  soci::statement st = (s.prepare << std::string(token_columns) + "WHERE tenant_id = :t ORDER BY created, id",
                        soci::into(r.tenant_id), soci::into(r.id), soci::into(r.token_hash), soci::into(r.role),
                        soci::into(r.created), soci::into(r.expires), soci::into(r.revoked), soci::use(tenant_id, "t"));
  st.execute();
  while (st.fetch()) {
    out.push_back(r);
    out.back().token_hash.clear();
  }
  return out;
}

bool revoke_token(soci::session& s, long long tenant_id, const std::string& token_id) {
  std::string now = util::now_iso8601();
  soci::statement st = (s.prepare << "UPDATE tokens SET revoked = :n WHERE tenant_id = :t AND id = :i AND revoked IS NULL",
                        soci::use(now, "n"), soci::use(tenant_id, "t"), soci::use(token_id, "i"));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace scimd::store
