#pragma once
// The ListResponse message (RFC 7644 §3.4.2): its envelope, shared by every list endpoint.
#include <rapidjson/document.h>

#include <optional>

namespace scimd::scim {

/// Makes `out` a ListResponse with schemas, totalResults, itemsPerPage and (unless nullopt, as
/// with cursor paging) startIndex, then moves `resources` in as "Resources".
void fill_list_response(rapidjson::Document& out, long long total, std::optional<long long> start_index,
                        rapidjson::Value& resources);

}  // namespace scimd::scim
