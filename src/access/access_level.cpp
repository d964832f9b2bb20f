#include "access/access_level.hpp"

#include "util/text.hpp"

namespace scimd::access {

std::string_view to_string(Access a) {
  switch (a) {
    case Access::none: return "none";
    case Access::view: return "view";
    case Access::edit: return "edit";
    case Access::admin: return "admin";
  }
  return "none";
}

std::optional<Access> parse_access(std::string_view s) {
  for (Access a : {Access::none, Access::view, Access::edit, Access::admin})
    if (util::iequals(s, to_string(a))) return a;
  return std::nullopt;
}

}  // namespace scimd::access
