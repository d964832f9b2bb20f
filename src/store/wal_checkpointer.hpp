#pragma once
// SQLite's WAL checkpoints, off the request path. By default SQLite checkpoints inside the
// commit that pushes the WAL past 1,000 pages: that request then copies pages back into the
// database file and waits for an fsync (a fifth of POST /Users' time, and its p99). scimd's
// connections turn that off (wal_autocheckpoint=0) and this thread checkpoints instead, on its
// own connection, a few times per second.
#include <soci/soci.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace scimd::store {

class WalCheckpointer {
 public:
  /// Opens its own connection to the SQLite file and starts checkpointing.
  explicit WalCheckpointer(const std::string& path);
  /// Stops the thread after a last checkpoint.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

 private:
  void run();
  void checkpoint();

  soci::session session_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace scimd::store
