#include "store/outbox_store.hpp"

#include <algorithm>

#include "store/statement_cache.hpp"
#include "util/clock.hpp"

namespace scimd::store {

namespace {

constexpr const char* record_columns =
    "SELECT o.seq, o.tenant_id, o.id, o.user_id, o.payload, o.status, o.attempts, o.next_attempt, "
    "COALESCE(o.last_error, ''), o.created, COALESCE(o.delivered, '') FROM outbox o ";

// Binds the columns of record_columns to r, in order.
soci::details::prepare_temp_type& into_record(soci::details::prepare_temp_type&& p, OutboxRecord& r) {
  return p, soci::into(r.seq), soci::into(r.tenant_id), soci::into(r.id), soci::into(r.user_id), soci::into(r.payload),
         soci::into(r.status), soci::into(r.attempts), soci::into(r.next_attempt), soci::into(r.last_error),
         soci::into(r.created), soci::into(r.delivered);
}

std::vector<OutboxRecord> fetch_all(soci::statement& st, OutboxRecord& r) {
  std::vector<OutboxRecord> out;
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

// The dispatcher's poll, prepared once per connection. A user's event is sendable when no
// earlier pending event of that user waits for a retry: the caller then sends them in seq
// order and stops at the first failure, so a user's events never overtake each other.
struct DueQuery {
  OutboxRecord row;
  long long tenant = 0;
  std::string now;
  int limit = 0;
  soci::statement st;
  explicit DueQuery(soci::session& s)
      : st((into_record(s.prepare << std::string(record_columns) +
                                         "WHERE o.tenant_id = :t AND o.status = 'pending' AND o.next_attempt <= :n1 "
                                         "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.tenant_id = o.tenant_id "
                                         "AND p.user_id = o.user_id AND p.status = 'pending' AND p.seq < o.seq "
                                         "AND p.next_attempt > :n2) ORDER BY o.seq LIMIT :l",
                        row),
            soci::use(tenant, "t"), soci::use(now, "n1"), soci::use(now, "n2"), soci::use(limit, "l"))) {}
};

}  // namespace

void append_event(soci::session& s, const OutboxEvent& e) {
  std::string now = util::now_iso8601();
  std::string status = e.deliver ? "pending" : "recorded";
  s << "INSERT INTO outbox (tenant_id, id, user_id, payload, status, attempts, next_attempt, created) "
       "VALUES (:t, :i, :u, :p, :s, 0, :n, :c)",
      soci::use(e.tenant, "t"), soci::use(e.id, "i"), soci::use(e.user_id, "u"), soci::use(e.payload, "p"),
      soci::use(status, "s"), soci::use(now, "n"), soci::use(now, "c");
}

std::vector<OutboxRecord> due_events(soci::session& s, long long tenant_id, size_t limit) {
  static const std::string key = "outbox_due";
  auto& q = StatementCache::of(s).get<DueQuery>(key, [&] { return std::make_shared<DueQuery>(s); });
  q.tenant = tenant_id;
  q.now = util::now_iso8601();
  q.limit = static_cast<int>(std::min<size_t>(limit, 100000));
  return fetch_all(q.st, q.row);
}

std::vector<long long> tenants_with_due_events(soci::session& s) {
  std::vector<long long> out;
  long long tenant = 0;
  std::string now = util::now_iso8601();
  soci::statement st = (s.prepare << "SELECT DISTINCT tenant_id FROM outbox WHERE status = 'pending' AND next_attempt <= :n",
                        soci::into(tenant), soci::use(now, "n"));
  st.execute();
  while (st.fetch()) out.push_back(tenant);
  return out;
}

void mark_delivered(soci::session& s, long long seq) {
  std::string now = util::now_iso8601();
  s << "UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered = :d, last_error = NULL "
       "WHERE seq = :s AND status = 'pending'",
      soci::use(now, "d"), soci::use(seq, "s");
}

void mark_failed(soci::session& s, long long seq, const std::string& error, const std::string& next_attempt) {
  // Receivers' error texts are kept short: they land in every `outbox list` line.
  std::string text = error.substr(0, 500);
  s << "UPDATE outbox SET attempts = attempts + 1, last_error = :e, next_attempt = :n "
       "WHERE seq = :s AND status = 'pending'",
      soci::use(text, "e"), soci::use(next_attempt, "n"), soci::use(seq, "s");
}

std::vector<OutboxRecord> list_events(soci::session& s, long long tenant_id, const std::optional<std::string>& status,
                                      size_t count) {
  OutboxRecord r;
  int limit = static_cast<int>(std::min<size_t>(count, 1000000));
  std::string wanted = status.value_or("");
  if (status) {
    soci::statement st = (into_record(s.prepare << std::string(record_columns) +
                                                      "WHERE o.tenant_id = :t AND o.status = :s ORDER BY o.seq DESC LIMIT :l",
                                      r),
                          soci::use(tenant_id, "t"), soci::use(wanted, "s"), soci::use(limit, "l"));
    return fetch_all(st, r);
  }
  soci::statement st =
      (into_record(s.prepare << std::string(record_columns) + "WHERE o.tenant_id = :t ORDER BY o.seq DESC LIMIT :l", r),
       soci::use(tenant_id, "t"), soci::use(limit, "l"));
  return fetch_all(st, r);
}

long long pending_count(soci::session& s) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM outbox WHERE status = 'pending'", soci::into(n);
  return n;
}

long long retry_delay_seconds(int attempts) {
  if (attempts <= 1) return 1;
  if (attempts > 9) return 300;  // 2^8 = 256 is the last step under the cap
  return std::min(1LL << (attempts - 1), 300LL);
}

}  // namespace scimd::store
