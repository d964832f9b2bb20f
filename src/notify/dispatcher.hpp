#pragma once
// Delivers the outbox's pending access.changed events to each tenant's webhook (issue 7,
// point 2), from one background thread of `scimd serve`.
//
// Guarantees (docs/operations.md "Access-change notifications"):
// - at least once: an event is marked delivered only after a 2xx answer, so a crash between
//   the answer and the mark sends it again;
// - in order per user: a user's event is sent only when every earlier event of that user was
//   delivered; a failing user does not hold back other users;
// - retries with exponential backoff (1 s, 2 s, 4 s ... 5 min), kept in the outbox's
//   next_attempt, so they survive restarts;
// - one dispatcher at a time per database: a PostgreSQL session advisory lock on a connection
//   of its own, or an flock on the SQLite file, so two processes never race on one user's queue.
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "config/config.hpp"
#include "store/database.hpp"
#include "store/db_url.hpp"
#include "store/outbox_store.hpp"

namespace scimd::notify {

struct DispatcherOptions {
  std::chrono::milliseconds poll_interval{200};     ///< how often due events are looked for
  std::chrono::milliseconds connect_timeout{5000};  ///< TCP/TLS connect to the webhook
  std::chrono::milliseconds request_timeout{10000};  ///< the whole POST, answer included
  size_t batch_size = 100;                           ///< events read per tenant and round
};

/// Wakes every running dispatcher of this process (call after committing a write that appended
/// events, so that they go out without waiting for the next poll).
void notify_new_events();

class Dispatcher {
 public:
  /// url: the database the pool `db` is connected to (the lock needs a connection of its own).
  Dispatcher(store::Database& db, store::DbUrl url, DispatcherOptions options = {});
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  /// Starts the background thread.
  void start();
  /// Stops it; a POST in flight is abandoned and its event stays pending, unchanged.
  void stop();

  /// One round in the calling thread: takes the dispatcher lock when it can and delivers what
  /// is due; returns the number of events delivered (0 without the lock).
  size_t run_once();

  /// Whether this dispatcher held the dispatcher lock in its last round.
  bool is_active() const { return active_; }

 private:
  class Lock;
  class Sender;
  void loop();
  size_t deliver_tenant(long long tenant_id);

  store::Database& db_;
  DispatcherOptions options_;
  std::unique_ptr<Lock> lock_;
  std::unique_ptr<Sender> sender_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> active_{false};
  unsigned long long seen_generation_ = 0;  ///< of notify_new_events(), guarded by its mutex
};

/// serve's dispatcher, started, with the timeouts of cfg; nullptr when cfg.dispatcher is off.
std::unique_ptr<Dispatcher> start_dispatcher(store::Database& db, const store::DbUrl& url, const config::Config& cfg);

}  // namespace scimd::notify
