#include "scim/list_query.hpp"

#include <charconv>

#include "scim/error.hpp"
#include "util/text.hpp"

namespace scimd::scim {

namespace {

const std::string* find_param(const std::map<std::string, std::string>& params, std::string_view name) {
  for (const auto& [k, v] : params)
    if (util::iequals(k, name)) return &v;
  return nullptr;
}

std::optional<std::string> optional_param(const std::map<std::string, std::string>& params, std::string_view name) {
  const std::string* v = find_param(params, name);
  if (!v) return std::nullopt;
  return *v;
}

long long integer_param(const std::string& s, const char* name) {
  long long v = 0;
  std::string_view t = s;
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec == std::errc::result_out_of_range) return v < 0 || t.starts_with('-') ? -1 : max_page_size * 1000;
  if (ec != std::errc() || ptr != t.data() + t.size())
    throw ScimError::invalid_value(std::string("'") + name + "' must be an integer");
  return v;
}

}  // namespace

ListQuery parse_list_query(const ResourceKind& kind, const std::map<std::string, std::string>& params) {
  ListQuery q;
  q.filter = optional_param(params, "filter");
  if (q.filter && q.filter->find_first_not_of(' ') == std::string::npos) q.filter.reset();
  q.sort_by = optional_param(params, "sortBy");
  if (auto order = optional_param(params, "sortOrder")) {
    if (util::iequals(*order, "descending")) q.is_descending = true;
    else if (!util::iequals(*order, "ascending"))
      throw ScimError::invalid_value("sortOrder must be 'ascending' or 'descending'");
  }
  // RFC 7644 §3.4.2.4: a startIndex below 1 is taken as 1; a negative count as 0.
  if (auto s = find_param(params, "startIndex")) q.start_index = std::max(1LL, integer_param(*s, "startIndex"));
  if (auto c = find_param(params, "count"))
    q.count = std::min(max_page_size, std::max(0LL, integer_param(*c, "count")));
  q.projection = Projection::parse(*kind.type, optional_param(params, "attributes"),
                                   optional_param(params, "excludedAttributes"));
  return q;
}

store::ListWindow to_window(const ResourceKind&, const ListQuery& q, bool) {
  store::ListWindow w;
  if (q.filter) throw ScimError::invalid_filter("filtering is not supported by this server yet");
  if (q.sort_by) throw ScimError::invalid_value("sorting is not supported by this server yet");
  // A stable order: creation time, then id (Okta and Entra page with startIndex).
  w.order_by = q.is_descending ? "r.created DESC, r.id DESC" : "r.created, r.id";
  w.offset = q.start_index - 1;
  w.limit = q.count;
  return w;
}

}  // namespace scimd::scim
