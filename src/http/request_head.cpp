#include "http/request_head.hpp"

#include <limits>

#include "util/text.hpp"

namespace scimd::http {

size_t head_end(std::string_view bytes) {
  size_t at = bytes.find("\r\n\r\n");
  return at == std::string_view::npos ? std::string_view::npos : at + 4;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 9110 §8.6: 1*DIGIT. More digits than an unsigned long long holds count as "too large".
std::optional<unsigned long long> parse_length(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  unsigned long long n = 0;
  for (char c : digits)
    if (c < '0' || c > '9') return std::nullopt;
  if (digits.size() > 19) return std::numeric_limits<unsigned long long>::max();
  for (char c : digits) n = n * 10 + static_cast<unsigned long long>(c - '0');
  return n;
}

}  // namespace

RequestHead parse_request_head(std::string_view head) {
  RequestHead out;
  size_t line_end = head.find("\r\n");
  std::string_view request_line = head.substr(0, line_end);
  size_t sp1 = request_line.find(' ');
  if (sp1 != std::string_view::npos) {
    out.method = std::string(request_line.substr(0, sp1));
    std::string_view target = request_line.substr(sp1 + 1);
    target = target.substr(0, target.find(' '));
    out.path = std::string(target.substr(0, target.find('?')));
  }
  while (line_end != std::string_view::npos) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
    if (util::iequals(name, "content-length")) out.content_length = parse_length(value);
    else if (util::iequals(name, "x-request-id")) out.request_id = std::string(value);
  }
  return out;
}

}  // namespace scimd::http
