#include "scim/list_query.hpp"

#include <charconv>

#include <scimd/filters/check.hpp>
#include <scimd/filters/parse.hpp>
#include <scimd/filters/sql.hpp>

#include "scim/error.hpp"
#include "util/json.hpp"
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
  q.cursor = optional_param(params, "cursor");
  if (auto c = find_param(params, "count")) {
    long long n = integer_param(*c, "count");
    // RFC 9865 §2.1: with cursors a count outside 0..maxPageSize is invalidCount; with
    // indexes RFC 7644 §3.4.2.4 says to clamp it.
    if (q.cursor && (n < 0 || n > max_page_size))
      throw ScimError::invalid_count("count must be between 0 and " + std::to_string(max_page_size));
    q.count = std::min(max_page_size, std::max(0LL, n));
    q.is_count_given = true;
  }
  q.projection = Projection::parse(*kind.type, optional_param(params, "attributes"),
                                   optional_param(params, "excludedAttributes"));
  return q;
}

std::map<std::string, std::string> search_request_params(const rapidjson::Value& body) {
  const rapidjson::Value* schemas = util::find_member_icase(body, "schemas");
  bool ok = false;
  if (schemas && schemas->IsArray())
    for (const auto& s : schemas->GetArray())
      if (s.IsString() && util::iequals(util::view(s), "urn:ietf:params:scim:api:messages:2.0:SearchRequest")) ok = true;
  if (!ok) throw ScimError::invalid_syntax("'schemas' must be [\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"]");
  std::map<std::string, std::string> params;
  for (auto it = body.MemberBegin(); it != body.MemberEnd(); ++it) {
    std::string name(util::view(it->name));
    const rapidjson::Value& v = it->value;
    if (util::iequals(name, "schemas") || v.IsNull()) continue;
    if (v.IsString()) {
      params[name] = std::string(util::view(v));
    } else if (v.IsInt64()) {
      params[name] = std::to_string(v.GetInt64());
    } else if (v.IsArray() && (util::iequals(name, "attributes") || util::iequals(name, "excludedAttributes"))) {
      std::string joined;
      for (const auto& a : v.GetArray()) {
        if (!a.IsString()) throw ScimError::invalid_value("'" + name + "' must be an array of attribute names");
        if (!joined.empty()) joined += ",";
        joined += util::view(a);
      }
      params[name] = joined;
    } else {
      throw ScimError::invalid_value("SearchRequest member '" + name + "' has the wrong type");
    }
  }
  return params;
}

ListQuery parse_search_request(const ResourceKind& kind, const rapidjson::Value& body) {
  return parse_list_query(kind, search_request_params(body));
}

bool filter_applies_to(const ResourceKind& kind, const std::string& filter) {
  try {
    filters::check(filters::parse_filter(filter), *kind.filter_schema);
  } catch (const filters::SemanticError& e) {
    if (e.kind() == filters::SemanticError::Kind::unknown_attribute) return false;
  } catch (const filters::Error&) {
    // Syntax errors are reported by to_window with their position.
  }
  return true;
}

store::ListWindow to_window(const ResourceKind& kind, const ListQuery& q, bool is_postgresql) {
  store::ListWindow w;
  const auto dialect = is_postgresql ? filters::Dialect::postgresql : filters::Dialect::sqlite;
  if (q.filter) {
    try {
      // RFC 7644 §3.4.2.2: the filter runs in the database as one parameterised condition.
      filters::SqlFragment sql =
          filters::to_sql(filters::parse_filter(*q.filter), *kind.filter_schema, *kind.columns, dialect);
      w.where = std::move(sql.text);
      for (size_t i = 0; i < sql.params.size(); ++i)
        w.params.push_back({"f" + std::to_string(i + 1), std::move(sql.params[i])});
    } catch (const filters::Error& e) {
      throw ScimError::invalid_filter(std::string("invalid filter: ") + e.what());
    }
  }
  std::string order;
  if (q.sort_by) {
    // RFC 7644 §3.4.2.3: sortBy names one attribute; ties are broken by id for stable pages.
    try {
      filters::PatchPath path = filters::parse_path(*q.sort_by);
      if (path.filter) throw ScimError::invalid_value("sortBy must name an attribute, not a filter");
      order = filters::order_by_sql(path.path, *kind.filter_schema, *kind.columns, dialect,
                                    q.is_descending ? filters::SortOrder::descending : filters::SortOrder::ascending);
    } catch (const filters::Error& e) {
      throw ScimError::invalid_value(std::string("invalid sortBy: ") + e.what());
    }
    w.order_by = order + (q.is_descending ? ", r.id DESC" : ", r.id");
  } else {
    // A stable default order: creation time, then id (Okta and Entra page with startIndex).
    w.order_by = q.is_descending ? "r.created DESC, r.id DESC" : "r.created, r.id";
  }
  w.offset = q.start_index - 1;
  w.limit = q.count;
  return w;
}

}  // namespace scimd::scim
