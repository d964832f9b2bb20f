#pragma once
// A list request's parameters (RFC 7644 §3.4.2): filter, sorting, paging and projection, read
// from the query string or a SearchRequest body, and turned into a store::ListWindow.
#include <rapidjson/document.h>

#include <map>
#include <optional>
#include <string>

#include "scim/projection.hpp"
#include "scim/resource_kind.hpp"
#include "store/resource_table.hpp"

namespace scimd::scim {

/// Default and maximum page sizes (advertised as filter.maxResults).
inline constexpr long long default_page_size = 100;
inline constexpr long long max_page_size = 1000;

struct ListQuery {
  std::optional<std::string> filter;
  std::optional<std::string> sort_by;
  bool is_descending = false;
  long long start_index = 1;  ///< 1-based (RFC 7644 §3.4.2.4)
  long long count = default_page_size;
  bool is_count_given = false;
  /// RFC 9865: present (possibly empty, for the first page) when the client pages by cursor.
  std::optional<std::string> cursor;
  Projection projection;
};

/// Reads a ListQuery from decoded query parameters (names matched ignoring case). Out-of-range
/// startIndex and count are clamped as RFC 7644 §3.4.2.4 says; non-numbers are 400 invalidValue.
ListQuery parse_list_query(const ResourceKind& kind, const std::map<std::string, std::string>& params);

/// Reads a ListQuery from a SearchRequest body (RFC 7644 §3.4.3): the same members as the query
/// parameters, with `attributes` and `excludedAttributes` as arrays of strings. Throws
/// ScimError::invalid_syntax when `schemas` does not name the SearchRequest message.
ListQuery parse_search_request(const ResourceKind& kind, const rapidjson::Value& body);

/// The members of a SearchRequest body as query parameters (arrays joined with commas).
std::map<std::string, std::string> search_request_params(const rapidjson::Value& body);

/// False when the filter names an attribute the resource type does not have: in a query at the
/// server root (RFC 7644 §3.4.2.1) that type simply has no matches.
bool filter_applies_to(const ResourceKind& kind, const std::string& filter);

/// The store window for a query: WHERE fragment with bound parameters, ORDER BY, LIMIT/OFFSET.
/// Throws ScimError::invalid_filter for a filter the server cannot evaluate.
store::ListWindow to_window(const ResourceKind& kind, const ListQuery& q, bool is_postgresql);

}  // namespace scimd::scim
