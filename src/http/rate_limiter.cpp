#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace scimd::http {

RateLimiter::RateLimiter(double rate, double burst)
    : rate_(std::max(rate, 0.0)), burst_(burst > 0 ? burst : std::max(2 * rate_, 1.0)) {}

std::optional<int> RateLimiter::take(const std::string& key, Clock::time_point now) {
  if (!is_enabled()) return std::nullopt;
  std::lock_guard lock(mutex_);
  if (++takes_since_sweep_ >= 4096) forget_full_buckets(now);
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!inserted) {
    double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst_, b.tokens + std::max(elapsed, 0.0) * rate_);
    b.updated = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  // RFC 9110 §10.2.3: Retry-After in whole seconds; round up so a client that waits is admitted.
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
}

// A bucket that has refilled completely is the same as no bucket: drop it, so that tokens seen
// once do not hold memory for ever.
void RateLimiter::forget_full_buckets(Clock::time_point now) {
  takes_since_sweep_ = 0;
  std::erase_if(buckets_, [&](const auto& entry) {
    double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + elapsed * rate_ >= burst_;
  });
}

}  // namespace scimd::http
