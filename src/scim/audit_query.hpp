#pragma once
// Reading the audit trail: GET /access/v1/audit?since=&resourceId=&startIndex=&count= and
// `scimd audit`. Records come oldest first (by sequence number), as a SCIM ListResponse.
#include <rapidjson/document.h>

#include <map>
#include <optional>
#include <string>

#include "store/audit_store.hpp"
#include "store/database.hpp"

namespace scimd::scim {

/// An ISO 8601 time ("2026-01-31", "2026-01-31T10:00:00Z", with or without fractions, with
/// "Z", "+02:00" or no zone, which is read as UTC) as the fixed-width UTC text the log stores,
/// rounded up to the millisecond so that `at >= since` stays exact. nullopt when malformed.
std::optional<std::string> normalize_time(std::string_view text);

/// The query of the audit endpoint from its parameters (names matched ignoring case). A
/// malformed `since`, or a `startIndex` or `count` that is not an integer, is 400 invalidValue;
/// startIndex below 1 is taken as 1 and count is clamped to 0..1000, as RFC 7644 §3.4.2.4 says
/// for every list. The default count is 100.
store::AuditQuery parse_audit_query(long long tenant_id, const std::map<std::string, std::string>& params);

/// One record as JSON: {seq, at, tokenId, clientAddress, requestId, method, resourceType,
/// resourceId, versionBefore, versionAfter, operations}; absent values are null, operations is
/// the stored JSON (parsed) or null.
rapidjson::Value audit_record_json(const store::AuditRecord& r, rapidjson::Document::AllocatorType& a);

/// The ListResponse of one page of the tenant's audit log.
rapidjson::Document audit_list(store::Database& db, const store::AuditQuery& q);

}  // namespace scimd::scim
