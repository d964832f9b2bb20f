#include "util/log.hpp"

#include <spdlog/formatter.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <ctime>
#include <memory>
#include <mutex>
#include <vector>

namespace scimd::util {

namespace {

thread_local LogContext current_context;

std::atomic<LogFormat> current_format{LogFormat::text};
// The logger of log_event in JSON mode; its payloads are JSON members already (see
// JsonLineFormatter). Every logger ever installed is kept, so a pointer read by another
// thread never dangles.
constexpr const char* event_logger_name = "event";
std::atomic<spdlog::logger*> event_logger{nullptr};
std::mutex installed_mutex;
std::vector<std::shared_ptr<spdlog::logger>> installed;

// Appends s as a JSON string. Bytes that are not valid UTF-8 (a percent-decoded path may hold
// any byte) become U+FFFD, so that every line stays valid JSON (RFC 8259 §8.1).
void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '"' || c == '\\') out.push_back('\\'), out.push_back(static_cast<char>(c));
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (c < 0x20 || c == 0x7f) out += "\\u00", out.push_back(hex[c >> 4]), out.push_back(hex[c & 0xf]);
      else out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
    bool valid = len > 0 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    if (valid && len == 3) {  // no overlong forms, no UTF-16 surrogates
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      valid = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);
    }
    if (valid && len == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      valid = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
    }
    if (valid) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out.push_back('"');
}

std::string iso8601_utc(spdlog::log_clock::time_point t) {
  auto since_epoch = t.time_since_epoch();
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
  std::time_t tt = static_cast<std::time_t>(seconds.count());
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return buf;
}

// The request fields of this thread's context, as JSON members (each with a leading comma).
void append_context(std::string& out) {
  const LogContext& ctx = current_context;
  if (!ctx.request_id.empty()) out += ",\"request_id\":", append_json_string(out, ctx.request_id);
  if (ctx.tenant_id != 0) out += ",\"tenant_id\":" + std::to_string(ctx.tenant_id);
  if (!ctx.token_id.empty()) out += ",\"token_id\":", append_json_string(out, ctx.token_id);
}

// One JSON object per line: {"ts":..., "level":..., "msg":..., <context>}. The event logger's
// payload is already `"msg":...,<fields>` (from log_event) and is copied as it is. (spdlog
// keeps the formatter in the sink, which both loggers share, so it tells them apart by name.)
class JsonLineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string line = "{\"ts\":\"" + iso8601_utc(msg.time) + "\",\"level\":";
    auto level = spdlog::level::to_string_view(msg.level);
    append_json_string(line, std::string_view(level.data(), level.size()));
    line += ',';
    std::string_view payload(msg.payload.data(), msg.payload.size());
    if (std::string_view(msg.logger_name.data(), msg.logger_name.size()) == event_logger_name) {
      line += payload;
    } else {
      line += "\"msg\":";
      append_json_string(line, payload);
    }
    append_context(line);
    line += "}\n";
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLineFormatter>(); }
};

void append_text_value(std::string& out, const LogField::Value& value) {
  if (auto s = std::get_if<std::string_view>(&value)) {
    bool plain = !s->empty() && s->find_first_of(" \"=\n\r\t") == std::string_view::npos;
    if (plain) out += *s;
    else append_json_string(out, *s);
  } else if (auto n = std::get_if<long long>(&value)) {
    out += std::to_string(*n);
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", std::get<double>(value));
    out += buf;
  }
}

void append_member(std::string& out, std::string_view key, const LogField::Value& value) {
  out += ',';
  append_json_string(out, key);
  out += ':';
  if (auto s = std::get_if<std::string_view>(&value)) append_json_string(out, *s);
  else append_text_value(out, value);
}

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "json") return LogFormat::json;
  if (name == "text") return LogFormat::text;
  return std::nullopt;
}

LogContext& log_context() { return current_context; }

ScopedLogContext::ScopedLogContext(std::string request_id) {
  current_context = LogContext{};
  current_context.request_id = std::move(request_id);
}

ScopedLogContext::~ScopedLogContext() { current_context = LogContext{}; }

void log_event(spdlog::level::level_enum level, std::string_view msg, std::initializer_list<LogField> fields) {
  spdlog::logger* events = event_logger.load(std::memory_order_acquire);
  if (current_format.load(std::memory_order_relaxed) == LogFormat::json && events) {
    if (!events->should_log(level)) return;
    std::string payload = "\"msg\":";
    append_json_string(payload, msg);
    for (const auto& f : fields) append_member(payload, f.key, f.value);
    events->log(level, payload);
    return;
  }
  if (!spdlog::should_log(level)) return;
  std::string line(msg);
  for (const auto& f : fields) {
    line += ' ';
    line += f.key;
    line += '=';
    append_text_value(line, f.value);
  }
  const LogContext& ctx = current_context;
  if (!ctx.request_id.empty()) line += " request_id=" + ctx.request_id;
  if (ctx.tenant_id != 0) line += " tenant_id=" + std::to_string(ctx.tenant_id);
  if (!ctx.token_id.empty()) line += " token_id=" + ctx.token_id;
  spdlog::log(level, "{}", line);
}

void setup_logging(LogFormat format, spdlog::level::level_enum level, spdlog::sink_ptr sink) {
  if (!sink) sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();  // flushes every line
  auto main_logger = std::make_shared<spdlog::logger>("", sink);
  auto events = std::make_shared<spdlog::logger>(event_logger_name, sink);
  if (format == LogFormat::json)
    sink->set_formatter(std::make_unique<JsonLineFormatter>());
  else
    sink->set_formatter(
        std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc));
  main_logger->set_level(level);
  events->set_level(level);
  {
    std::lock_guard lock(installed_mutex);
    installed.push_back(main_logger);
    installed.push_back(events);
  }
  spdlog::set_default_logger(main_logger);
  spdlog::set_level(level);
  event_logger.store(events.get(), std::memory_order_release);
  current_format.store(format, std::memory_order_relaxed);
}

}  // namespace scimd::util
