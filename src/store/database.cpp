#include "store/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include "scim/error.hpp"
#include "store/db_error.hpp"
#include "store/statement_cache.hpp"
#include "store/wal_checkpointer.hpp"

namespace scimd::store {

class Database::Lease {
 public:
  explicit Lease(Database& db) : db_(db), index_(db.lease()) {}
  ~Lease() { db_.give_back(index_); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  soci::session& session() { return *db_.sessions_[index_]; }

 private:
  Database& db_;
  size_t index_;
};

Database::Database(const DbUrl& url, size_t pool_size) : url_(url) {
  if (url_.is_in_memory || pool_size == 0) pool_size = 1;
  for (size_t i = 0; i < pool_size; ++i) {
    auto s = std::make_unique<soci::session>();
    open(*s);
    StatementCache::register_session(*s);
    sessions_.push_back(std::move(s));
    free_.push_back(i);
  }
  if (url_.backend == Backend::sqlite && !url_.is_in_memory)
    checkpointer_ = std::make_unique<WalCheckpointer>(url_.connect_string);
}

Database::~Database() {
  checkpointer_.reset();
  // Cached statements go before their connections.
  for (auto& s : sessions_) StatementCache::unregister_session(*s);
}

void Database::open(soci::session& s) {
  if (url_.backend == Backend::sqlite) {
    s.open(soci::sqlite3, "db=" + url_.connect_string + " timeout=10");
    // WAL lets readers run beside the writer; synchronous=NORMAL in WAL mode keeps every
    // committed transaction across a process crash (a power loss may drop the last commits).
    if (!url_.is_in_memory) s << "PRAGMA journal_mode=WAL";
    // Checkpoints run on a thread of their own (store/wal_checkpointer.hpp), not in commits.
    if (!url_.is_in_memory) s << "PRAGMA wal_autocheckpoint=0";
    s << "PRAGMA synchronous=NORMAL";
    // 8 MiB of page cache per connection (SQLite's default is 2 MiB): index pages of a large
    // directory stay in memory while the process stays well under 64 MB.
    s << "PRAGMA cache_size=-8192";
    s << "PRAGMA foreign_keys=ON";
  } else {
    s.open(soci::postgresql, url_.connect_string);
    configure(s);
  }
}

void Database::configure(soci::session& s) {
  // dateTime comparisons in filters are made in UTC (filters/sql.hpp).
  if (url_.backend == Backend::postgresql) {
    s << "SET TIME ZONE 'UTC'";
    s << "SET client_min_messages TO WARNING";  // no NOTICE chatter on stderr
  }
}

bool Database::heal(soci::session& s) {
  if (s.is_connected()) return true;
  try {
    StatementCache::of(s).clear();  // prepared on the old connection
    s.reconnect();
    configure(s);
    spdlog::warn("reconnected to the database");
    return s.is_connected();
  } catch (const std::exception& e) {
    spdlog::error("cannot reconnect to the database: {}", e.what());
    return false;
  }
}

size_t Database::lease() {
  std::unique_lock lock(pool_mutex_);
  pool_cv_.wait(lock, [&] { return !free_.empty(); });
  size_t i = free_.back();
  free_.pop_back();
  return i;
}

void Database::give_back(size_t i) {
  {
    std::lock_guard lock(pool_mutex_);
    free_.push_back(i);
  }
  pool_cv_.notify_one();
}

namespace {

// A statement without parameters or results (BEGIN, COMMIT), prepared once per connection.
struct Plain {
  soci::statement st;
  Plain(soci::session& s, const std::string& sql) : st((s.prepare << sql)) {}
};

void exec_cached(soci::session& s, const std::string& sql) {
  StatementCache::of(s).get<Plain>(sql, [&] { return std::make_shared<Plain>(s, sql); }).st.execute(true);
}

[[noreturn]] void rethrow_translated(const std::exception& e) {
  scim::ScimError err = translate_db_error(e);
  if (err.status() >= 500) spdlog::error("database error: {}", e.what());
  throw err;
}
}  // namespace

void Database::read(const std::function<void(soci::session&)>& f) {
  Lease lease(*this);
  for (int attempt = 0;; ++attempt) {
    try {
      f(lease.session());
      return;
    } catch (const scim::ScimError&) {
      throw;
    } catch (const std::exception& e) {
      // A read on a connection the server dropped is retried once on a fresh one.
      if (attempt == 0 && !lease.session().is_connected() && heal(lease.session())) continue;
      rethrow_translated(e);
    }
  }
}

void Database::read_snapshot(const std::function<void(soci::session&)>& f) {
  Lease lease(*this);
  soci::session& s = lease.session();
  for (int attempt = 0;; ++attempt) {
    try {
      // SQLite: a deferred transaction holds one WAL snapshot from its first read. PostgreSQL:
      // REPEATABLE READ gives the whole transaction one snapshot.
      exec_cached(s, url_.backend == Backend::sqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      f(s);
      exec_cached(s, "COMMIT");
      return;
    } catch (const std::exception& e) {
      try {
        s << "ROLLBACK";
      } catch (const std::exception&) {
        // The connection may be gone; checked below.
      }
      if (dynamic_cast<const scim::ScimError*>(&e)) throw;
      // A connection the server dropped is re-established, and the read runs again once.
      if (attempt == 0 && !s.is_connected() && heal(s)) continue;
      rethrow_translated(e);
    }
  }
}

void Database::write(const std::function<void(soci::session&)>& f) {
  std::unique_lock<std::mutex> serial;
  if (url_.backend == Backend::sqlite) serial = std::unique_lock(write_mutex_);
  Lease lease(*this);
  soci::session& s = lease.session();
  try {
    exec_cached(s, url_.backend == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  } catch (const std::exception& e) {
    // Nothing was written yet: on a dropped connection, reconnect and begin again.
    if (s.is_connected() || !heal(s)) rethrow_translated(e);
    try {
      exec_cached(s, url_.backend == Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    } catch (const std::exception& again) {
      rethrow_translated(again);
    }
  }
  try {
    f(s);
    exec_cached(s, "COMMIT");
  } catch (const std::exception& e) {
    try {
      s << "ROLLBACK";
    } catch (const std::exception& rollback_error) {
      spdlog::error("rollback failed: {}", rollback_error.what());
    }
    if (dynamic_cast<const scim::ScimError*>(&e)) throw;
    if (!s.is_connected()) {
      spdlog::error("database connection lost during a write: {}", e.what());
      heal(s);  // for the next request; this one's outcome is unknown to the client: retry
      throw scim::ScimError::unavailable("the database connection was lost; retry the request");
    }
    rethrow_translated(e);
  }
}

size_t Database::pool_in_use() {
  std::lock_guard lock(pool_mutex_);
  return sessions_.size() - free_.size();
}

bool Database::ping() {
  try {
    // read() re-establishes a dropped connection, so readiness recovers with the database.
    int one = 0;
    read([&](soci::session& s) { s << "SELECT 1", soci::into(one); });
    return one == 1;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace scimd::store
