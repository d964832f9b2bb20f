#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace scimd::http {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, OffAdmitsEverything) {
  RateLimiter off(0, 0);
  EXPECT_FALSE(off.is_enabled());
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(off.take("t"));
}

TEST(RateLimiter, AdmitsABurstThenAsksToWaitInWholeSeconds) {
  RateLimiter limiter(2, 4);
  auto t = RateLimiter::Clock::now();
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(limiter.take("t", t)) << i;
  auto wait = limiter.take("t", t);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 1);  // half a second rounds up to one
}

TEST(RateLimiter, DefaultBurstIsTwiceTheRate) {
  RateLimiter limiter(3, 0);
  auto t = RateLimiter::Clock::now();
  for (int i = 0; i < 6; ++i) EXPECT_FALSE(limiter.take("t", t)) << i;
  EXPECT_TRUE(limiter.take("t", t));
}

TEST(RateLimiter, RefillsAtTheRate) {
  RateLimiter limiter(1, 1);
  auto t = RateLimiter::Clock::now();
  EXPECT_FALSE(limiter.take("t", t));
  EXPECT_TRUE(limiter.take("t", t + 500ms));
  EXPECT_FALSE(limiter.take("t", t + 1100ms));
}

TEST(RateLimiter, SlowRatesAskForLongerWaits) {
  RateLimiter limiter(0.1, 1);
  auto t = RateLimiter::Clock::now();
  EXPECT_FALSE(limiter.take("t", t));
  EXPECT_EQ(limiter.take("t", t), 10);
}

TEST(RateLimiter, EachTokenHasItsOwnBucket) {
  RateLimiter limiter(1, 1);
  auto t = RateLimiter::Clock::now();
  EXPECT_FALSE(limiter.take("a", t));
  EXPECT_TRUE(limiter.take("a", t));
  EXPECT_FALSE(limiter.take("b", t));
}

}  // namespace
}  // namespace scimd::http
