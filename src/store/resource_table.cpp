#include "store/resource_table.hpp"

#include <deque>

#include "store/statement_cache.hpp"

namespace scimd::store {

namespace {

// Holds the bound forms of indexed column values for the life of one statement.
struct ColumnBinder {
  std::deque<std::string> texts;
  std::deque<long long> numbers;
  std::deque<soci::indicator> indicators;

  void bind(soci::statement& st, const std::string& name, const ColumnValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) {
      texts.push_back(*s);
      indicators.push_back(soci::i_ok);
      st.exchange(soci::use(texts.back(), indicators.back(), name));
    } else if (const auto* n = std::get_if<long long>(&v)) {
      numbers.push_back(*n);
      indicators.push_back(soci::i_ok);
      st.exchange(soci::use(numbers.back(), indicators.back(), name));
    } else {
      texts.emplace_back();
      indicators.push_back(soci::i_null);
      st.exchange(soci::use(texts.back(), indicators.back(), name));
    }
  }
};

void run(soci::statement& st) {
  st.define_and_bind();
  st.execute(true);
}

}  // namespace

ResourceTable::ResourceTable(std::string table, std::vector<std::string> indexed_columns, bool is_postgresql)
    : table_(std::move(table)), indexed_(std::move(indexed_columns)), is_postgresql_(is_postgresql) {
  // PostgreSQL returns jsonb as text in its own key order; SQLite returns the stored text.
  select_columns_ = std::string("r.id, r.version, r.created, r.last_modified, ") +
                    (is_postgresql_ ? "CAST(r.doc AS TEXT)" : "r.doc");
  find_sql_ = "SELECT " + select_columns_ + " FROM " + table_ + " r WHERE r.tenant_id = :tenant AND r.id = :id";
  find_key_ = "find_" + table_;
}

void ResourceTable::insert(soci::session& s, long long tenant, const ResourceRecord& rec,
                           const std::vector<ColumnValue>& indexed,
                           const std::optional<std::string>& password_hash) const {
  std::string cols = "tenant_id, id, version, created, last_modified, doc";
  std::string vals = ":tenant, :id, :version, :created, :last_modified, :doc";
  for (const auto& c : indexed_) {
    cols += ", " + c;
    vals += ", :" + c;
  }
  if (password_hash) {
    cols += ", password_hash";
    vals += ", :password_hash";
  }
  soci::statement st(s);
  st.alloc();
  st.prepare("INSERT INTO " + table_ + " (" + cols + ") VALUES (" + vals + ")");
  long long t = tenant, version = rec.version;
  st.exchange(soci::use(t, "tenant"));
  st.exchange(soci::use(rec.id, "id"));
  st.exchange(soci::use(version, "version"));
  st.exchange(soci::use(rec.created, "created"));
  st.exchange(soci::use(rec.last_modified, "last_modified"));
  st.exchange(soci::use(rec.doc, "doc"));
  ColumnBinder binder;
  for (size_t i = 0; i < indexed_.size(); ++i) binder.bind(st, indexed_[i], indexed.at(i));
  if (password_hash) st.exchange(soci::use(*password_hash, "password_hash"));
  run(st);
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
  std::string sets = "version = :version, last_modified = :last_modified, doc = :doc";
  for (const auto& c : indexed_) sets += ", " + c + " = :" + c;
  if (password_hash) sets += ", password_hash = :password_hash";
  soci::statement st(s);
  st.alloc();
  st.prepare("UPDATE " + table_ + " SET " + sets +
             " WHERE tenant_id = :tenant AND id = :id AND version = :expected");
  long long t = tenant, version = rec.version, expected = expected_version;
  st.exchange(soci::use(version, "version"));
  st.exchange(soci::use(rec.last_modified, "last_modified"));
  st.exchange(soci::use(rec.doc, "doc"));
  ColumnBinder binder;
  for (size_t i = 0; i < indexed_.size(); ++i) binder.bind(st, indexed_[i], indexed.at(i));
  if (password_hash) st.exchange(soci::use(*password_hash, "password_hash"));
  st.exchange(soci::use(t, "tenant"));
  st.exchange(soci::use(rec.id, "id"));
  st.exchange(soci::use(expected, "expected"));
  run(st);
  return st.get_affected_rows() == 1;
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
