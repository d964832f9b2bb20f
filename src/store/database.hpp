#pragma once
// The connection pool and the transaction discipline of scimd.
//
// Reads lease a session and run without an explicit transaction. Writes lease a session and
// run inside one transaction that commits or rolls back as a whole. On SQLite, writes are
// serialised by a process-wide mutex (two concurrent SQLite writers wreck tail latency, see
// stack-notes.md) and begin with BEGIN IMMEDIATE so other processes wait on the busy handler.
#include <soci/soci.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/db_url.hpp"

namespace scimd::store {

class WalCheckpointer;

class Database {
 public:
  /// Opens pool_size connections (one for sqlite::memory:, where every connection would see
  /// a different database). Throws soci::soci_error when the database cannot be reached.
  Database(const DbUrl& url, size_t pool_size);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return url_.backend; }
  bool is_postgresql() const { return url_.backend == Backend::postgresql; }

  /// Runs f(session) on a leased connection. Database errors are translated to ScimError.
  void read(const std::function<void(soci::session&)>& f);

  /// Like read, inside one read-only snapshot: every statement of f sees the same committed
  /// state (a resource's row and its members, a count and its page, a user's access graph).
  void read_snapshot(const std::function<void(soci::session&)>& f);

  /// Runs f(session) inside one transaction; commits when f returns, rolls back when it throws.
  /// Database errors are translated to ScimError (uniqueness, unavailable, internal).
  void write(const std::function<void(soci::session&)>& f);

  /// Cheap reachability check for readiness probes.
  bool ping();

  /// Connections in the pool, and how many are leased right now (metrics).
  size_t pool_size() const { return sessions_.size(); }
  size_t pool_in_use();

 private:
  class Lease;
  size_t lease();
  void give_back(size_t i);
  void open(soci::session& s);
  /// Per-connection settings, applied on open and after a reconnect.
  void configure(soci::session& s);
  /// Re-establishes a connection the server dropped (restart, failover, terminated backend);
  /// true when the session is usable afterwards.
  bool heal(soci::session& s);

  DbUrl url_;
  std::vector<std::unique_ptr<soci::session>> sessions_;
  std::vector<size_t> free_;
  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::mutex write_mutex_;  // SQLite only
  std::unique_ptr<WalCheckpointer> checkpointer_;  // SQLite files only
};

}  // namespace scimd::store
