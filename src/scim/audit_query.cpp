#include "scim/audit_query.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "scim/error.hpp"
#include "scim/list_query.hpp"
#include "scim/list_response.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

using rapidjson::Value;

namespace {

// Reads exactly n digits at pos; false when they are not all digits.
bool digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

const std::string* find_param(const std::map<std::string, std::string>& params, std::string_view name) {
  for (const auto& [k, v] : params)
    if (util::iequals(k, name)) return &v;
  return nullptr;
}

long long integer_param(const std::string& text, const char* name) {
  long long v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc::result_out_of_range) return text.starts_with('-') ? -1 : max_page_size;
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty())
    throw ScimError::invalid_value(std::string("'") + name + "' must be an integer");
  return v;
}

}  // namespace

std::optional<std::string> normalize_time(std::string_view s) {
  size_t pos = 0;
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(s, pos, 4, year) || !expect(s, pos, '-') || !digits(s, pos, 2, month) || !expect(s, pos, '-') ||
      !digits(s, pos, 2, day))
    return std::nullopt;
  long long millis = 0;
  bool round_up = false;
  long long offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't') return std::nullopt;
    ++pos;
    if (!digits(s, pos, 2, hour) || !expect(s, pos, ':') || !digits(s, pos, 2, minute)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!digits(s, pos, 2, second)) return std::nullopt;
    }
    if (pos < s.size() && s[pos] == '.') {
      size_t first = ++pos;
      for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos) {
        if (pos - first < 3) millis = millis * 10 + (s[pos] - '0');
        else if (s[pos] != '0') round_up = true;  // finer than the log's milliseconds
      }
      if (pos == first) return std::nullopt;
      for (size_t n = pos - first; n < 3; ++n) millis *= 10;
    }
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
      ++pos;
    } else if (pos < s.size()) {
      // A '+' sent unencoded in a query string arrives as a space.
      if (s[pos] != '+' && s[pos] != '-' && s[pos] != ' ') return std::nullopt;
      int sign = s[pos] == '-' ? -1 : 1, oh = 0, om = 0;
      ++pos;
      if (!digits(s, pos, 2, oh)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (!digits(s, pos, 2, om) || oh > 23 || om > 59) return std::nullopt;
      offset_seconds = sign * (oh * 3600LL + om * 60LL);
    }
    if (pos != s.size() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t t = timegm(&tm);
  // timegm normalises 2026-02-31 to March: such a date is malformed.
  if (month < 1 || month > 12 || tm.tm_mday != day || tm.tm_mon != month - 1) return std::nullopt;
  t -= offset_seconds;
  if (round_up && ++millis == 1000) {
    millis = 0;
    ++t;
  }
  std::tm out{};
  gmtime_r(&t, &out);
  if (out.tm_year + 1900 < 0 || out.tm_year + 1900 > 9999) return std::nullopt;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", out.tm_year + 1900, out.tm_mon + 1,
                out.tm_mday, out.tm_hour, out.tm_min, out.tm_sec, static_cast<int>(millis));
  return std::string(buf);
}

store::AuditQuery parse_audit_query(long long tenant_id, const std::map<std::string, std::string>& params) {
  store::AuditQuery q;
  q.tenant_id = tenant_id;
  q.count = default_page_size;
  if (const std::string* since = find_param(params, "since")) {
    q.since = normalize_time(*since);
    if (!q.since)
      throw ScimError::invalid_value("'since' must be an ISO 8601 time such as 2026-01-31T10:00:00Z, not '" + *since + "'");
  }
  if (const std::string* id = find_param(params, "resourceId"); id && !id->empty()) q.resource_id = *id;
  // RFC 7644 §3.4.2.4: a startIndex below 1 is taken as 1; a negative count as 0.
  if (const std::string* s = find_param(params, "startIndex"))
    q.start_index = std::max(1LL, integer_param(*s, "startIndex"));
  if (const std::string* c = find_param(params, "count"))
    q.count = std::min(max_page_size, std::max(0LL, integer_param(*c, "count")));
  return q;
}

Value audit_record_json(const store::AuditRecord& r, rapidjson::Document::AllocatorType& a) {
  auto text_or_null = [&](const std::string& s) { return s.empty() ? Value() : util::string_value(s, a); };
  auto int_or_null = [](const std::optional<long long>& v) { return v ? Value(static_cast<int64_t>(*v)) : Value(); };
  Value o(rapidjson::kObjectType);
  o.AddMember("seq", static_cast<int64_t>(r.seq), a);
  o.AddMember("at", util::string_value(r.at, a), a);
  o.AddMember("tokenId", text_or_null(r.token_id), a);
  o.AddMember("clientAddress", text_or_null(r.client_address), a);
  o.AddMember("requestId", text_or_null(r.request_id), a);
  o.AddMember("method", util::string_value(r.method, a), a);
  o.AddMember("resourceType", util::string_value(r.resource_type, a), a);
  o.AddMember("resourceId", text_or_null(r.resource_id), a);
  o.AddMember("versionBefore", int_or_null(r.version_before), a);
  o.AddMember("versionAfter", int_or_null(r.version_after), a);
  Value ops;
  if (!r.operations.empty()) {
    rapidjson::Document parsed;
    parsed.Parse(r.operations.data(), r.operations.size());
    if (!parsed.HasParseError()) ops.CopyFrom(parsed, a);
  }
  o.AddMember("operations", ops, a);
  return o;
}

rapidjson::Document audit_list(store::Database& db, const store::AuditQuery& q) {
  store::AuditPage page;
  db.read_snapshot([&](soci::session& s) { page = store::query_audit(s, q); });
  rapidjson::Document out;
  out.SetObject();
  Value resources(rapidjson::kArrayType);
  for (const auto& r : page.records) resources.PushBack(audit_record_json(r, out.GetAllocator()), out.GetAllocator());
  fill_list_response(out, page.total, q.start_index, resources);
  return out;
}

}  // namespace scimd::scim
