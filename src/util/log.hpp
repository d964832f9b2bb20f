#pragma once
// scimd's logs, through spdlog: one line per event, either a JSON object (the default, for log
// collectors) or text. Every line carries ts and level; a line written while a request is being
// handled also carries that request's request_id, tenant_id and token_id, taken from a
// per-thread context (a Pistache worker handles one request at a time on one thread).
// Log lines never hold the Authorization header, request bodies or query strings.
#include <spdlog/common.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace scimd::util {

enum class LogFormat { json, text };

/// "json" or "text"; nullopt otherwise.
std::optional<LogFormat> parse_log_format(std::string_view name);

/// The request this thread is handling. tenant_id 0 and an empty token_id mean "not known"
/// (no valid token yet).
struct LogContext {
  std::string request_id;
  long long tenant_id = 0;
  std::string token_id;
};

/// This thread's context.
LogContext& log_context();

/// Sets this thread's request id for the scope's lifetime, then clears the whole context.
class ScopedLogContext {
 public:
  explicit ScopedLogContext(std::string request_id);
  ~ScopedLogContext();
  ScopedLogContext(const ScopedLogContext&) = delete;
  ScopedLogContext& operator=(const ScopedLogContext&) = delete;
};

/// One field of a structured event.
struct LogField {
  using Value = std::variant<std::string_view, long long, double>;
  std::string_view key;
  Value value;
};

/// Writes one event: in JSON its fields are members beside ts, level and msg; in text they
/// follow msg as key=value.
void log_event(spdlog::level::level_enum level, std::string_view msg, std::initializer_list<LogField> fields);

/// Sets the format and level of spdlog's default logger and of log_event. `sink` is where lines
/// go (stdout when null; tests pass their own).
void setup_logging(LogFormat format, spdlog::level::level_enum level, spdlog::sink_ptr sink = nullptr);

}  // namespace scimd::util
