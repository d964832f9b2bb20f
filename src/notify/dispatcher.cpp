#include "notify/dispatcher.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <soci/postgresql/soci-postgresql.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <condition_variable>
#include <ctime>
#include <mutex>
#include <set>

#include "notify/webhook.hpp"
#include "store/tenant_store.hpp"
#include "util/clock.hpp"

namespace scimd::notify {

namespace {

// notify_new_events() bumps the generation; a waiting dispatcher wakes when it changed.
std::mutex wake_mutex;
std::condition_variable wake_cv;
unsigned long long wake_generation = 0;

// The PostgreSQL advisory lock key of the outbox dispatcher (7243001 serialises migrations).
constexpr long long dispatcher_lock_key = 7243007;

}  // namespace

void notify_new_events() {
  {
    std::lock_guard lock(wake_mutex);
    ++wake_generation;
  }
  wake_cv.notify_all();
}

// Only one dispatcher per database works at a time, so that two processes never send one
// user's events concurrently (which could reorder them).
class Dispatcher::Lock {
 public:
  explicit Lock(store::DbUrl url) : url_(std::move(url)) {}
  ~Lock() {
    if (fd_ >= 0) ::close(fd_);  // releases the flock
  }

  /// True when this process holds the lock now (taking it when free).
  bool hold() {
    if (url_.backend == store::Backend::postgresql) return hold_postgresql();
    if (url_.is_in_memory) return true;  // no other process can open it
    return hold_sqlite_file();
  }

 private:
  // A session-level advisory lock on a connection of its own: PostgreSQL releases it when the
  // process dies, since the connection goes with it.
  bool hold_postgresql() {
    try {
      if (held_) {
        int one = 0;
        session_ << "SELECT 1", soci::into(one);  // still connected, so still holding it
        return true;
      }
      if (!session_.is_connected()) session_.open(soci::postgresql, url_.connect_string);
      int got = 0;
      session_ << "SELECT CASE WHEN pg_try_advisory_lock(:k) THEN 1 ELSE 0 END", soci::into(got),
          soci::use(dispatcher_lock_key, "k");
      held_ = got == 1;
      if (held_) spdlog::info("outbox dispatcher: this process delivers notifications");
      return held_;
    } catch (const std::exception& e) {
      if (held_) spdlog::warn("outbox dispatcher: lost its lock connection: {}", e.what());
      held_ = false;
      try {
        session_.close();
      } catch (const std::exception&) {
        // Already gone; reopened on the next round.
      }
      return false;
    }
  }

  // flock on the database file itself: independent of SQLite's own fcntl locks on Linux, and
  // released by the kernel when the process dies.
  bool hold_sqlite_file() {
    if (held_) return true;
    if (fd_ < 0) fd_ = ::open(url_.connect_string.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return false;
    held_ = ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
    if (held_) spdlog::info("outbox dispatcher: this process delivers notifications");
    return held_;
  }

  store::DbUrl url_;
  soci::session session_;
  int fd_ = -1;
  bool held_ = false;
};

// One reused libcurl handle (keeps connections to the webhook alive between events).
class Dispatcher::Sender {
 public:
  enum class Outcome { delivered, failed, aborted };

  Sender(const DispatcherOptions& options, const std::atomic<bool>& stopping) : stopping_(stopping) {
    static std::once_flag init;
    std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
    if (!curl_) throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
    curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &discard);
    curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, &progress);
    curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, this);
  }
  ~Sender() { curl_easy_cleanup(curl_); }
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  /// POSTs one event, signed; `error` describes a failure.
  Outcome post(const store::OutboxRecord& e, const Webhook& hook, std::string& error) {
    std::string timestamp = std::to_string(static_cast<long long>(std::time(nullptr)));
    curl_slist* headers = nullptr;
    for (const std::string& h : {std::string("Content-Type: application/json"), "X-Scimd-Event-Id: " + e.id,
                                 "X-Scimd-Timestamp: " + timestamp,
                                 "X-Scimd-Signature: " + signature(hook.secret, timestamp, e.payload)})
      headers = curl_slist_append(headers, h.c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(curl_, CURLOPT_URL, hook.url.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, e.payload.c_str());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(e.payload.size()));
    CURLcode rc = curl_easy_perform(curl_);
    curl_slist_free_all(headers);
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, nullptr);
    if (rc == CURLE_ABORTED_BY_CALLBACK) return Outcome::aborted;
    if (rc != CURLE_OK) {
      error = curl_easy_strerror(rc);
      return Outcome::failed;
    }
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status < 300) return Outcome::delivered;
    error = "HTTP " + std::to_string(status);
    return Outcome::failed;
  }

 private:
  static size_t discard(char*, size_t size, size_t n, void*) { return size * n; }
  static int progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<Sender*>(self)->stopping_.load() ? 1 : 0;
  }

  CURL* curl_ = nullptr;
  const std::atomic<bool>& stopping_;
};

Dispatcher::Dispatcher(store::Database& db, store::DbUrl url, DispatcherOptions options)
    : db_(db),
      options_(options),
      lock_(std::make_unique<Lock>(std::move(url))),
      sender_(std::make_unique<Sender>(options_, stopping_)) {}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Dispatcher::stop() {
  {
    std::lock_guard lock(wake_mutex);
    stopping_ = true;
  }
  wake_cv.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Dispatcher::loop() {
  while (!stopping_) {
    size_t delivered = 0;
    try {
      delivered = run_once();
    } catch (const std::exception& e) {
      // The database is unreachable or busy: the events stay pending; try again next round.
      spdlog::warn("outbox dispatcher: {}", e.what());
    }
    std::unique_lock lock(wake_mutex);
    if (delivered == 0)
      wake_cv.wait_for(lock, options_.poll_interval,
                       [&] { return stopping_.load() || wake_generation != seen_generation_; });
    seen_generation_ = wake_generation;
  }
}

size_t Dispatcher::run_once() {
  active_ = lock_->hold();
  if (!active_) return 0;
  std::vector<long long> tenants;
  db_.read([&](soci::session& s) { tenants = store::tenants_with_due_events(s); });
  size_t delivered = 0;
  for (long long tenant : tenants) {
    if (stopping_) break;
    delivered += deliver_tenant(tenant);
  }
  return delivered;
}

size_t Dispatcher::deliver_tenant(long long tenant_id) {
  std::optional<Webhook> hook;
  std::vector<store::OutboxRecord> events;
  db_.read([&](soci::session& s) {
    hook = webhook_of(store::tenant_settings(s, tenant_id));
    if (hook && !hook->secret.empty()) events = store::due_events(s, tenant_id, options_.batch_size);
  });
  // Without a URL (or a secret to sign with) the tenant's events wait until one is set.
  if (!hook || hook->secret.empty()) return 0;
  size_t delivered = 0;
  std::set<std::string> held_back;  // users whose earlier event just failed
  for (const auto& e : events) {
    if (stopping_) break;
    if (held_back.contains(e.user_id)) continue;
    std::string error;
    auto outcome = sender_->post(e, *hook, error);
    if (outcome == Sender::Outcome::aborted) break;
    if (outcome == Sender::Outcome::delivered) {
      // A database error here ends the round (the exception leaves this function) before any
      // later event of the user is sent: the event stays pending and goes again, first.
      db_.write([&](soci::session& s) { store::mark_delivered(s, e.seq); });
      ++delivered;
      continue;
    }
    std::string next = util::iso8601_after(store::retry_delay_seconds(e.attempts + 1));
    spdlog::warn("outbox: event {} to {} failed (attempt {}): {}; next attempt at {}", e.id, hook->url,
                 e.attempts + 1, error, next);
    db_.write([&](soci::session& s) { store::mark_failed(s, e.seq, error, next); });
    held_back.insert(e.user_id);
  }
  return delivered;
}

std::unique_ptr<Dispatcher> start_dispatcher(store::Database& db, const store::DbUrl& url, const config::Config& cfg) {
  if (!cfg.dispatcher) {
    spdlog::info("outbox dispatcher off (--dispatcher off): notifications are not delivered by this process");
    return nullptr;
  }
  DispatcherOptions options;
  options.request_timeout = std::chrono::seconds(cfg.webhook_timeout);
  options.connect_timeout = std::chrono::seconds(cfg.webhook_connect_timeout);
  auto dispatcher = std::make_unique<Dispatcher>(db, url, options);
  dispatcher->start();
  return dispatcher;
}

}  // namespace scimd::notify
