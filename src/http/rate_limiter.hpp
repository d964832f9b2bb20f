#pragma once
// Per-token rate limiting: a token bucket for each bearer token id (refilled at `rate` requests
// per second, holding at most `burst`). The state lives in this process only, so with N
// instances behind a load balancer a token may send up to N times the limit.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace scimd::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  /// `rate` requests per second (0 turns limiting off); `burst` 0 means twice the rate (at least 1).
  RateLimiter(double rate, double burst);

  bool is_enabled() const { return rate_ > 0; }

  /// Spends one request of `key`'s bucket. nullopt when the request may go ahead; otherwise the
  /// whole seconds (at least 1) until it would be admitted, for Retry-After.
  std::optional<int> take(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void forget_full_buckets(Clock::time_point now);

  double rate_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  size_t takes_since_sweep_ = 0;
};

}  // namespace scimd::http
