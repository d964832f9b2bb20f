#pragma once
// The audit trail (issue 7): one row in audit_log per successful write, appended by the caller
// inside the write's own transaction, so a rollback leaves no record and a commit never lacks
// one. Records are read back oldest first (by seq, the order they were appended in).
#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace scimd::store {

/// One audit record. Empty strings are stored as NULL and read back as "".
struct AuditRecord {
  long long seq = 0;         ///< assigned by the database; ignored by append_audit
  long long tenant_id = 0;
  std::string at;            ///< UTC ISO 8601 (util::now_iso8601); append_audit fills it when empty
  std::string token_id;      ///< the id of the token that wrote, never the token; "" for the CLI
  std::string client_address;///< the peer address, or "cli"
  std::string request_id;    ///< the X-Request-Id of the HTTP request
  std::string method;        ///< POST, PUT, PATCH, DELETE, IMPORT, ... (the operation, not /Bulk)
  std::string resource_type; ///< User, Group, Application, MappingRule, Token, Tenant
  std::string resource_id;
  std::optional<long long> version_before;  ///< nullopt for a create
  std::optional<long long> version_after;   ///< nullopt for a delete
  std::string operations;    ///< JSON text with secrets removed (PATCH operations), "" for none
};

/// Appends r to the audit log inside the caller's transaction.
void append_audit(soci::session& s, const AuditRecord& r);

/// A record of a write made by the scimd command line (no token; client "cli").
AuditRecord cli_audit(long long tenant_id, std::string method, std::string resource_type, std::string resource_id);

/// Which records to read: one tenant's, optionally at or after `since` (the fixed-width UTC
/// text util::now_iso8601 produces) and of one resource; a page of `count` from the 1-based
/// `start_index`, oldest first.
struct AuditQuery {
  long long tenant_id = 0;
  std::optional<std::string> since;
  std::optional<std::string> resource_id;
  long long start_index = 1;
  long long count = 100;
};

/// One page of records and how many match in all.
struct AuditPage {
  long long total = 0;
  std::vector<AuditRecord> records;
};

/// Reads one page of the audit log (COUNT and page from the same session).
AuditPage query_audit(soci::session& s, const AuditQuery& q);

}  // namespace scimd::store
