#include "http/metrics.hpp"

#include <sstream>

#include "store/outbox_store.hpp"
#include "util/text.hpp"

namespace scimd::http {

namespace {

constexpr std::array<std::string_view, 16> route_names{
    "/scim/v2/Users",          "/scim/v2/Users/{id}",   "/scim/v2/Groups",         "/scim/v2/Groups/{id}",
    "/scim/v2/Applications",   "/scim/v2/Applications/{id}", "/scim/v2/{resource}/.search", "/scim/v2/Bulk",
    "/scim/v2/discovery",      "/access/v1/users/{id}", "/access/v1/check",        "/access/v1/groups/privileges",
    "/healthz",                "/readyz",               "/metrics",                "other"};

size_t index_of(std::string_view route) {
  for (size_t i = 0; i < route_names.size(); ++i)
    if (route_names[i] == route) return i;
  return route_names.size() - 1;
}

}  // namespace

std::string_view Metrics::route_of(std::string_view, std::string_view path) {
  if (path == "/healthz") return route_names[12];
  if (path == "/readyz") return route_names[13];
  if (path == "/metrics") return route_names[14];
  if (path.starts_with("/access/v1/users/")) return route_names[9];
  if (path == "/access/v1/check") return route_names[10];
  if (path == "/access/v1/groups/privileges") return route_names[11];
  if (!util::istarts_with(path, "/scim")) return route_names[15];
  if (path.ends_with("/.search")) return route_names[6];
  for (auto [name, index] : {std::pair<std::string_view, size_t>{"/Users", 0}, {"/Groups", 2}, {"/Applications", 4}}) {
    size_t at = util::ascii_lower(path).find(util::ascii_lower(name));
    if (at == std::string_view::npos) continue;
    return route_names[index + (path.size() > at + name.size() + 1 ? 1 : 0)];
  }
  if (util::ascii_lower(path).find("/bulk") != std::string::npos) return route_names[7];
  return route_names[8];
}

void Metrics::record(std::string_view route, int status, double seconds) {
  size_t cls = status >= 100 && status < 600 ? static_cast<size_t>(status / 100 - 1) : 4;
  requests_[index_of(route)][cls].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < buckets_.size() && seconds > buckets_[b]) ++b;
  latency_[b].fetch_add(1, std::memory_order_relaxed);
  latency_micros_sum_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  latency_count_.fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::render(size_t pool_size, size_t pool_in_use) const {
  std::ostringstream out;
  out << "# HELP scimd_http_requests_total Requests answered, by route and status class.\n"
      << "# TYPE scimd_http_requests_total counter\n";
  for (size_t r = 0; r < route_names.size(); ++r)
    for (size_t c = 0; c < classes_; ++c) {
      uint64_t n = requests_[r][c].load(std::memory_order_relaxed);
      if (n) out << "scimd_http_requests_total{route=\"" << route_names[r] << "\",status=\"" << c + 1 << "xx\"} " << n << "\n";
    }
  out << "# HELP scimd_http_request_duration_seconds Time to answer a request.\n"
      << "# TYPE scimd_http_request_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t b = 0; b < buckets_.size(); ++b) {
    cumulative += latency_[b].load(std::memory_order_relaxed);
    out << "scimd_http_request_duration_seconds_bucket{le=\"" << buckets_[b] << "\"} " << cumulative << "\n";
  }
  cumulative += latency_[buckets_.size()].load(std::memory_order_relaxed);
  out << "scimd_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n"
      << "scimd_http_request_duration_seconds_sum " << static_cast<double>(latency_micros_sum_.load()) / 1e6 << "\n"
      << "scimd_http_request_duration_seconds_count " << latency_count_.load() << "\n"
      << "# HELP scimd_db_pool_connections Database connections in the pool.\n"
      << "# TYPE scimd_db_pool_connections gauge\n"
      << "scimd_db_pool_connections " << pool_size << "\n"
      << "# HELP scimd_db_pool_in_use Database connections leased right now.\n"
      << "# TYPE scimd_db_pool_in_use gauge\n"
      << "scimd_db_pool_in_use " << pool_in_use << "\n"
      << "# HELP scimd_rate_limited_total Requests refused with 429 by the per-token rate limit.\n"
      << "# TYPE scimd_rate_limited_total counter\n"
      << "scimd_rate_limited_total " << rate_limited_.load(std::memory_order_relaxed) << "\n";
  return out.str();
}

std::string outbox_metrics(store::Database& db) {
  long long pending = 0;
  try {
    db.read([&](soci::session& s) { pending = store::pending_count(s); });
  } catch (const std::exception&) {
    return "";  // /readyz reports the database; the other metrics still answer
  }
  return "# HELP scimd_outbox_pending Access-change events waiting for webhook delivery.\n"
         "# TYPE scimd_outbox_pending gauge\n"
         "scimd_outbox_pending " + std::to_string(pending) + "\n";
}

}  // namespace scimd::http
