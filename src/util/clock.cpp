#include "util/clock.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace scimd::util {

std::string now_iso8601() { return iso8601_after(0); }

std::string iso8601_after(long long seconds) {
  using namespace std::chrono;
  auto now = system_clock::now() + std::chrono::seconds(seconds);
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t secs = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace scimd::util
