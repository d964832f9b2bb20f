#include "store/resource_table.hpp"

#include <deque>

#include "store/statement_cache.hpp"

namespace scimd::store {


ResourceTable::ResourceTable(std::string table, std::vector<std::string> indexed_columns, bool is_postgresql)
    : table_(std::move(table)), indexed_(std::move(indexed_columns)), is_postgresql_(is_postgresql) {
  // PostgreSQL returns jsonb as text in its own key order; SQLite returns the stored text.
  select_columns_ = std::string("r.id, r.version, r.created, r.last_modified, ") +
                    (is_postgresql_ ? "CAST(r.doc AS TEXT)" : "r.doc");
  find_sql_ = "SELECT " + select_columns_ + " FROM " + table_ + " r WHERE r.tenant_id = :tenant AND r.id = :id";
  find_key_ = "find_" + table_;
}

namespace {

// The integer-typed indexed columns (0/1 flags); every other indexed column holds text.
bool is_integer_column(const std::string& name) {
  return name == "active" || name == "is_active" || name == "apply_privileges" || name == "priority";
}

// Indexed column values bound once to a cached statement and refilled on every call.
struct IndexedSlots {
  std::vector<std::string> texts;
  std::vector<long long> numbers;
  std::vector<soci::indicator> indicators;

  void bind(soci::statement& st, const std::vector<std::string>& columns) {
    texts.resize(columns.size());
    numbers.resize(columns.size());
    indicators.resize(columns.size(), soci::i_null);
    for (size_t i = 0; i < columns.size(); ++i) {
      if (is_integer_column(columns[i])) st.exchange(soci::use(numbers[i], indicators[i], columns[i]));
      else st.exchange(soci::use(texts[i], indicators[i], columns[i]));
    }
  }
  void assign(const std::vector<ColumnValue>& values) {
    for (size_t i = 0; i < values.size(); ++i) {
      indicators[i] = soci::i_ok;
      if (const auto* t = std::get_if<std::string>(&values[i])) texts[i] = *t;
      else if (const auto* n = std::get_if<long long>(&values[i])) numbers[i] = *n;
      else indicators[i] = soci::i_null;
    }
  }
};

// INSERT or UPDATE of one resource, prepared once per connection, table and password use.
struct CachedWrite {
  long long tenant = 0, version = 0, expected = 0;
  ResourceRecord rec;
  std::string password_hash;
  IndexedSlots slots;
  soci::statement st;
  CachedWrite(soci::session& s, const std::string& sql, const std::vector<std::string>& columns, bool with_password,
              bool is_update)
      : st(s) {
    st.alloc();
    st.prepare(sql);
    st.exchange(soci::use(tenant, "tenant"));
    st.exchange(soci::use(rec.id, "id"));
    st.exchange(soci::use(version, "version"));
    if (!is_update) st.exchange(soci::use(rec.created, "created"));
    st.exchange(soci::use(rec.last_modified, "last_modified"));
    st.exchange(soci::use(rec.doc, "doc"));
    slots.bind(st, columns);
    if (with_password) st.exchange(soci::use(password_hash, "password_hash"));
    if (is_update) st.exchange(soci::use(expected, "expected"));
    st.define_and_bind();
  }
};

}  // namespace

void ResourceTable::insert(soci::session& s, long long tenant, const ResourceRecord& rec,
                           const std::vector<ColumnValue>& indexed,
                           const std::optional<std::string>& password_hash) const {
  const bool with_password = password_hash.has_value();
  auto& q = StatementCache::of(s).get<CachedWrite>(table_ + (with_password ? "_insert_password" : "_insert"), [&] {
    std::string cols = "tenant_id, id, version, created, last_modified, doc";
    std::string vals = ":tenant, :id, :version, :created, :last_modified, :doc";
    for (const auto& c : indexed_) {
      cols += ", " + c;
      vals += ", :" + c;
    }
    if (with_password) {
      cols += ", password_hash";
      vals += ", :password_hash";
    }
    return std::make_shared<CachedWrite>(s, "INSERT INTO " + table_ + " (" + cols + ") VALUES (" + vals + ")", indexed_,
                                         with_password, false);
  });
  q.tenant = tenant;
  q.rec = rec;
  q.version = rec.version;
  if (with_password) q.password_hash = *password_hash;
  q.slots.assign(indexed);
  q.st.execute(true);
}

namespace {
// A resource by id, prepared once per connection and table.
struct FindById {
  ResourceRecord row;
  long long tenant = 0;
  std::string id;
  soci::statement st;
  FindById(soci::session& s, const std::string& sql)
      : st((s.prepare << sql, soci::into(row.id), soci::into(row.version), soci::into(row.created),
            soci::into(row.last_modified), soci::into(row.doc), soci::use(tenant, "tenant"), soci::use(id, "id"))) {}
};
}  // namespace

std::optional<ResourceRecord> ResourceTable::find(soci::session& s, long long tenant, const std::string& id) const {
  auto& q = StatementCache::of(s).get<FindById>(find_key_, [&] { return std::make_shared<FindById>(s, find_sql_); });
  q.tenant = tenant;
  q.id = id;
  if (!execute_single(q.st)) return std::nullopt;
  return q.row;
}

std::optional<ResourceRecord> ResourceTable::find_for_update(soci::session& s, long long tenant,
                                                             const std::string& id) const {
  return find_row(s, tenant, id, is_postgresql_ ? " FOR UPDATE" : "");
}

std::optional<ResourceRecord> ResourceTable::find_row(soci::session& s, long long tenant, const std::string& id,
                                                      const char* suffix) const {
  ResourceRecord r;
  s << "SELECT " + select_columns_ + " FROM " + table_ + " r WHERE r.tenant_id = :tenant AND r.id = :id" + suffix,
      soci::into(r.id), soci::into(r.version), soci::into(r.created), soci::into(r.last_modified), soci::into(r.doc),
      soci::use(tenant, "tenant"), soci::use(id, "id");
  if (!s.got_data()) return std::nullopt;
  return r;
}

bool ResourceTable::update(soci::session& s, long long tenant, const ResourceRecord& rec, long long expected_version,
                           const std::vector<ColumnValue>& indexed,
                           const std::optional<std::string>& password_hash) const {
  const bool with_password = password_hash.has_value();
  auto& q = StatementCache::of(s).get<CachedWrite>(table_ + (with_password ? "_update_password" : "_update"), [&] {
    std::string sets = "version = :version, last_modified = :last_modified, doc = :doc";
    for (const auto& c : indexed_) sets += ", " + c + " = :" + c;
    if (with_password) sets += ", password_hash = :password_hash";
    return std::make_shared<CachedWrite>(
        s, "UPDATE " + table_ + " SET " + sets + " WHERE tenant_id = :tenant AND id = :id AND version = :expected",
        indexed_, with_password, true);
  });
  q.tenant = tenant;
  q.rec = rec;
  q.version = rec.version;
  q.expected = expected_version;
  if (with_password) q.password_hash = *password_hash;
  q.slots.assign(indexed);
  q.st.execute(true);
  return q.st.get_affected_rows() == 1;
}

bool ResourceTable::touch(soci::session& s, long long tenant, const std::string& id, long long new_version,
                          const std::string& last_modified) const {
  soci::statement st = (s.prepare << "UPDATE " + table_ +
                                         " SET version = :version, last_modified = :lm"
                                         " WHERE tenant_id = :tenant AND id = :id",
                        soci::use(new_version, "version"), soci::use(last_modified, "lm"), soci::use(tenant, "tenant"),
                        soci::use(id, "id"));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool ResourceTable::remove(soci::session& s, long long tenant, const std::string& id) const {
  soci::statement st = (s.prepare << "DELETE FROM " + table_ + " WHERE tenant_id = :tenant AND id = :id",
                        soci::use(tenant, "tenant"), soci::use(id, "id"));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

namespace {

// Storage for the parameters of a cached dynamic statement: each value keeps its address for
// the statement's life, and the cache key includes the types, so every call refills the same
// slots.
struct BoundParams {
  std::deque<std::string> texts;
  std::deque<long long> integers;
  std::deque<double> decimals;

  void bind(soci::statement& st, const std::vector<NamedParam>& params) {
    for (const auto& p : params) {
      if (const auto* t = std::get_if<std::string>(&p.value)) {
        texts.push_back(*t);
        st.exchange(soci::use(texts.back(), p.name));
      } else if (const auto* i = std::get_if<long long>(&p.value)) {
        integers.push_back(*i);
        st.exchange(soci::use(integers.back(), p.name));
      } else {
        decimals.push_back(std::get<double>(p.value));
        st.exchange(soci::use(decimals.back(), p.name));
      }
    }
  }
  void assign(const std::vector<NamedParam>& params) {
    size_t t = 0, i = 0, d = 0;
    for (const auto& p : params) {
      if (const auto* text = std::get_if<std::string>(&p.value)) texts[t++] = *text;
      else if (const auto* integer = std::get_if<long long>(&p.value)) integers[i++] = *integer;
      else decimals[d++] = std::get<double>(p.value);
    }
  }
};

// The cache key of a dynamic statement: its text and its parameters' types.
std::string dynamic_key(const char* kind, const std::string& sql, const std::vector<NamedParam>& params) {
  std::string key = std::string(kind) + ":";
  for (const auto& p : params) key.push_back(static_cast<char>('0' + p.value.index()));
  return key + ":" + sql;
}

struct CachedList {
  ResourceRecord row;
  long long tenant = 0, limit = 0, offset = 0;
  BoundParams params;
  soci::statement st;
  CachedList(soci::session& s, const std::string& sql, const std::vector<NamedParam>& p) : st(s) {
    st.alloc();
    st.prepare(sql);
    st.exchange(soci::into(row.id));
    st.exchange(soci::into(row.version));
    st.exchange(soci::into(row.created));
    st.exchange(soci::into(row.last_modified));
    st.exchange(soci::into(row.doc));
    st.exchange(soci::use(tenant, "tenant"));
    params.bind(st, p);
    st.exchange(soci::use(limit, "limit"));
    st.exchange(soci::use(offset, "offset"));
    st.define_and_bind();
  }
};

struct CachedCount {
  long long n = 0, tenant = 0;
  BoundParams params;
  soci::statement st;
  CachedCount(soci::session& s, const std::string& sql, const std::vector<NamedParam>& p) : st(s) {
    st.alloc();
    st.prepare(sql);
    st.exchange(soci::into(n));
    st.exchange(soci::use(tenant, "tenant"));
    params.bind(st, p);
    st.define_and_bind();
  }
};

}  // namespace

// List and count statements are prepared once per connection and query shape: the text of a
// filter's SQL depends only on the filter's structure, never on its values.
std::vector<ResourceRecord> ResourceTable::list(soci::session& s, long long tenant, ListWindow& w) const {
  std::string sql = "SELECT " + select_columns_ + " FROM " + table_ + " r WHERE r.tenant_id = :tenant";
  if (!w.where.empty()) sql += " AND (" + w.where + ")";
  sql += " ORDER BY " + (w.order_by.empty() ? std::string("r.created, r.id") : w.order_by);
  sql += " LIMIT :limit OFFSET :offset";
  auto& q = StatementCache::of(s).get<CachedList>(dynamic_key("list", sql, w.params),
                                                  [&] { return std::make_shared<CachedList>(s, sql, w.params); });
  q.tenant = tenant;
  q.limit = w.limit;
  q.offset = w.offset;
  q.params.assign(w.params);
  std::vector<ResourceRecord> out;
  if (q.st.execute(true)) do out.push_back(q.row); while (q.st.fetch());
  return out;
}

long long ResourceTable::count(soci::session& s, long long tenant, ListWindow& w) const {
  std::string sql = "SELECT COUNT(*) FROM " + table_ + " r WHERE r.tenant_id = :tenant";
  if (!w.where.empty()) sql += " AND (" + w.where + ")";
  auto& q = StatementCache::of(s).get<CachedCount>(dynamic_key("count", sql, w.params),
                                                   [&] { return std::make_shared<CachedCount>(s, sql, w.params); });
  q.tenant = tenant;
  q.params.assign(w.params);
  execute_single(q.st);
  return q.n;
}

}  // namespace scimd::store
