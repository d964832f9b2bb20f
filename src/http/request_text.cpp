#include "http/request_text.hpp"

#include "scim/error.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

namespace scimd::http {

namespace {

// Why s is not acceptable text, or "" when it is.
std::string offence(std::string_view s) {
  if (util::contains_nul(s)) return "holds a NUL character (%00)";
  if (auto at = util::first_invalid_utf8(s)) return "is not UTF-8 (byte " + std::to_string(*at) + ")";
  return "";
}

}  // namespace

void check_request_text(const HttpRequest& req) {
  using scim::ScimError;
  if (auto why = offence(req.path); !why.empty()) throw ScimError::invalid_value("the request path " + why);
  for (const auto& [name, value] : req.query) {
    // Neither name nor value is echoed: it is not text the response could carry.
    if (auto why = offence(name); !why.empty()) throw ScimError::invalid_value("a query parameter name " + why);
    auto why = offence(value);
    if (why.empty()) continue;
    // RFC 7644 §3.4.2.2: a filter the server cannot read is invalidFilter.
    if (util::iequals(name, "filter")) throw ScimError::invalid_filter("the filter " + why);
    throw ScimError::invalid_value("the query parameter '" + name + "' " + why);
  }
}

}  // namespace scimd::http
