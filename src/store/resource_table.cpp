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
  find_key_ = "find:" + table_;
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

std::vector<ResourceRecord> ResourceTable::list(soci::session& s, long long tenant, ListWindow& w) const {
  std::string sql = "SELECT " + select_columns_ + " FROM " + table_ + " r WHERE r.tenant_id = :tenant";
  if (!w.where.empty()) sql += " AND (" + w.where + ")";
  sql += " ORDER BY " + (w.order_by.empty() ? std::string("r.created, r.id") : w.order_by);
  sql += " LIMIT :limit OFFSET :offset";
  ResourceRecord r;
  soci::statement st(s);
  st.alloc();
  st.prepare(sql);
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.version));
  st.exchange(soci::into(r.created));
  st.exchange(soci::into(r.last_modified));
  st.exchange(soci::into(r.doc));
  long long t = tenant, limit = w.limit, offset = w.offset;
  st.exchange(soci::use(t, "tenant"));
  bind_params(st, w.params);
  st.exchange(soci::use(limit, "limit"));
  st.exchange(soci::use(offset, "offset"));
  st.define_and_bind();
  st.execute(false);
  std::vector<ResourceRecord> out;
  while (st.fetch()) out.push_back(r);
  return out;
}

long long ResourceTable::count(soci::session& s, long long tenant, ListWindow& w) const {
  std::string sql = "SELECT COUNT(*) FROM " + table_ + " r WHERE r.tenant_id = :tenant";
  if (!w.where.empty()) sql += " AND (" + w.where + ")";
  long long n = 0;
  soci::statement st(s);
  st.alloc();
  st.prepare(sql);
  st.exchange(soci::into(n));
  long long t = tenant;
  st.exchange(soci::use(t, "tenant"));
  bind_params(st, w.params);
  run(st);
  return n;
}

}  // namespace scimd::store
