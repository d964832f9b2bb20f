#include "store/wal_checkpointer.hpp"

#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace scimd::store {

namespace {
// A PASSIVE checkpoint never blocks the writer; when the WAL still holds this many frames
// afterwards (about 200 MB of 4 KiB pages) the writers are outpacing it, and a RESTART
// checkpoint, which waits for them, bounds the file.
constexpr int restart_above_frames = 50000;
constexpr auto interval = std::chrono::milliseconds(200);
}  // namespace

WalCheckpointer::WalCheckpointer(const std::string& path) {
  session_.open(soci::sqlite3, "db=" + path + " timeout=10");
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void WalCheckpointer::checkpoint() {
  try {
    int busy = 0, frames = 0, done = 0;
    session_ << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(busy), soci::into(frames), soci::into(done);
    if (frames - done > restart_above_frames)
      session_ << "PRAGMA wal_checkpoint(RESTART)", soci::into(busy), soci::into(frames), soci::into(done);
  } catch (const std::exception& e) {
    spdlog::warn("WAL checkpoint failed: {}", e.what());
  }
}

void WalCheckpointer::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval, [this] { return stopping_; });
    lock.unlock();
    checkpoint();
    lock.lock();
  }
}

}  // namespace scimd::store
