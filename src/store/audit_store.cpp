#include "store/audit_store.hpp"

#include "store/statement_cache.hpp"
#include "util/clock.hpp"

namespace scimd::store {

namespace {

// A text column that is NULL when empty.
struct NullableText {
  std::string value;
  soci::indicator ind = soci::i_null;
  void assign(const std::string& v) {
    value = v;
    ind = v.empty() ? soci::i_null : soci::i_ok;
  }
};

struct NullableInt {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  void assign(const std::optional<long long>& v) {
    value = v.value_or(0);
    ind = v ? soci::i_ok : soci::i_null;
  }
};

// The insert every write makes, prepared once per connection.
struct AuditInsert {
  long long tenant = 0;
  std::string at, method, resource_type;
  NullableText token_id, client_address, request_id, resource_id, operations;
  NullableInt before, after;
  soci::statement st;
  explicit AuditInsert(soci::session& s)
      : st((s.prepare << "INSERT INTO audit_log (tenant_id, at, token_id, client_address, request_id, method,"
                         " resource_type, resource_id, version_before, version_after, operations)"
                         " VALUES (:tenant, :at, :token, :client, :request, :method, :type, :id, :before, :after, :ops)",
            soci::use(tenant, "tenant"), soci::use(at, "at"), soci::use(token_id.value, token_id.ind, "token"),
            soci::use(client_address.value, client_address.ind, "client"),
            soci::use(request_id.value, request_id.ind, "request"), soci::use(method, "method"),
            soci::use(resource_type, "type"), soci::use(resource_id.value, resource_id.ind, "id"),
            soci::use(before.value, before.ind, "before"), soci::use(after.value, after.ind, "after"),
            soci::use(operations.value, operations.ind, "ops"))) {}
};

// The WHERE clause of a query shape; the values are always bound.
std::string where_of(const AuditQuery& q) {
  std::string where = " FROM audit_log WHERE tenant_id = :tenant";
  if (q.since) where += " AND at >= :since";
  if (q.resource_id) where += " AND resource_id = :rid";
  return where;
}

// Cache keys name the shape (which filters are present); at most four of each.
std::string shape_key(const char* kind, const AuditQuery& q) {
  return std::string(kind) + (q.since ? "_since" : "") + (q.resource_id ? "_rid" : "");
}

// Binds the filter values of a shape to st, reading them from the struct's own fields.
struct AuditFilter {
  long long tenant = 0;
  std::string since, resource_id;
  void bind(soci::statement& st, const AuditQuery& shape) {
    st.exchange(soci::use(tenant, "tenant"));
    if (shape.since) st.exchange(soci::use(since, "since"));
    if (shape.resource_id) st.exchange(soci::use(resource_id, "rid"));
  }
  void assign(const AuditQuery& q) {
    tenant = q.tenant_id;
    since = q.since.value_or("");
    resource_id = q.resource_id.value_or("");
  }
};

struct AuditCount {
  long long n = 0;
  AuditFilter filter;
  soci::statement st;
  AuditCount(soci::session& s, const AuditQuery& shape) : st(s) {
    st.alloc();
    st.prepare("SELECT COUNT(*)" + where_of(shape));
    st.exchange(soci::into(n));
    filter.bind(st, shape);
    st.define_and_bind();
  }
};

struct AuditPageQuery {
  AuditRecord row;
  NullableInt before, after;
  long long limit = 0, offset = 0;
  AuditFilter filter;
  soci::statement st;
  AuditPageQuery(soci::session& s, const AuditQuery& shape) : st(s) {
    st.alloc();
    st.prepare(
        "SELECT seq, tenant_id, at, COALESCE(token_id, ''), COALESCE(client_address, ''), COALESCE(request_id, ''),"
        " method, resource_type, COALESCE(resource_id, ''), version_before, version_after, COALESCE(operations, '')" +
        where_of(shape) + " ORDER BY seq LIMIT :limit OFFSET :offset");
    st.exchange(soci::into(row.seq));
    st.exchange(soci::into(row.tenant_id));
    st.exchange(soci::into(row.at));
    st.exchange(soci::into(row.token_id));
    st.exchange(soci::into(row.client_address));
    st.exchange(soci::into(row.request_id));
    st.exchange(soci::into(row.method));
    st.exchange(soci::into(row.resource_type));
    st.exchange(soci::into(row.resource_id));
    st.exchange(soci::into(before.value, before.ind));
    st.exchange(soci::into(after.value, after.ind));
    st.exchange(soci::into(row.operations));
    filter.bind(st, shape);
    st.exchange(soci::use(limit, "limit"));
    st.exchange(soci::use(offset, "offset"));
    st.define_and_bind();
  }
  AuditRecord current() const {
    AuditRecord r = row;
    if (before.ind == soci::i_ok) r.version_before = before.value;
    if (after.ind == soci::i_ok) r.version_after = after.value;
    return r;
  }
};

}  // namespace

void append_audit(soci::session& s, const AuditRecord& r) {
  static const std::string key = "audit_append";
  auto& q = StatementCache::of(s).get<AuditInsert>(key, [&] { return std::make_shared<AuditInsert>(s); });
  q.tenant = r.tenant_id;
  q.at = r.at.empty() ? util::now_iso8601() : r.at;
  q.method = r.method;
  q.resource_type = r.resource_type;
  q.token_id.assign(r.token_id);
  q.client_address.assign(r.client_address);
  q.request_id.assign(r.request_id);
  q.resource_id.assign(r.resource_id);
  q.operations.assign(r.operations);
  q.before.assign(r.version_before);
  q.after.assign(r.version_after);
  q.st.execute(true);
}

AuditRecord cli_audit(long long tenant_id, std::string method, std::string resource_type, std::string resource_id) {
  AuditRecord r;
  r.tenant_id = tenant_id;
  r.client_address = "cli";
  r.method = std::move(method);
  r.resource_type = std::move(resource_type);
  r.resource_id = std::move(resource_id);
  return r;
}

AuditPage query_audit(soci::session& s, const AuditQuery& q) {
  AuditPage page;
  auto& count = StatementCache::of(s).get<AuditCount>(shape_key("audit_count", q),
                                                      [&] { return std::make_shared<AuditCount>(s, q); });
  count.filter.assign(q);
  execute_single(count.st);
  page.total = count.n;
  if (q.count <= 0 || q.start_index > page.total) return page;
  auto& list = StatementCache::of(s).get<AuditPageQuery>(shape_key("audit_page", q),
                                                         [&] { return std::make_shared<AuditPageQuery>(s, q); });
  list.filter.assign(q);
  list.limit = q.count;
  list.offset = q.start_index - 1;
  if (list.st.execute(true)) do page.records.push_back(list.current()); while (list.st.fetch());
  return page;
}

}  // namespace scimd::store
