#pragma once
// Prometheus text metrics (exposition format 0.0.4) at /metrics: requests by route and status,
// a latency histogram, database time and connection-pool use. Counters are lock-free atomics,
// so recording costs a few nanoseconds on the request path.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "store/database.hpp"

namespace scimd::http {

class Metrics {
 public:
  /// The route template of a path ("/scim/v2/Users/{id}"), so labels stay few.
  static std::string_view route_of(std::string_view method, std::string_view path);

  /// Records one answered request.
  void record(std::string_view route, int status, double seconds);

  /// Counts a request refused by the per-token rate limit.
  void record_rate_limited() { rate_limited_.fetch_add(1, std::memory_order_relaxed); }

  /// The exposition text. `pool_size`/`pool_in_use` describe the database pool now.
  std::string render(size_t pool_size, size_t pool_in_use) const;

 private:
  static constexpr std::array<double, 10> buckets_{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5};
  static constexpr size_t routes_ = 16;
  static constexpr size_t classes_ = 5;  // 1xx..5xx
  std::array<std::array<std::atomic<uint64_t>, classes_>, routes_> requests_{};
  std::array<std::atomic<uint64_t>, buckets_.size() + 1> latency_{};
  std::atomic<uint64_t> latency_micros_sum_{0};
  std::atomic<uint64_t> latency_count_{0};
  std::atomic<uint64_t> rate_limited_{0};
};

/// The outbox gauge (scimd_outbox_pending: events waiting for delivery, all tenants), read from
/// the database now; "" when the database does not answer.
std::string outbox_metrics(store::Database& db);

}  // namespace scimd::http
