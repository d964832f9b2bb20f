#include "http/request_id.hpp"

#include "util/random.hpp"

namespace scimd::http {

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string request_id_for(const std::optional<std::string>& given) {
  if (given && is_valid_request_id(*given)) return *given;
  return util::new_uuid();
}

}  // namespace scimd::http
