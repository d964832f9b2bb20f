#pragma once
// Recording the audit trail (issue 7, point 3): who wrote what, appended in the write's own
// transaction (store/audit_store). Secrets never reach the log: PATCH operations are kept with
// every password (and any member named like a secret) replaced by "[redacted]"; POST and PUT
// keep no body at all.
#include <rapidjson/document.h>
#include <soci/soci.h>

#include <optional>
#include <string>
#include <string_view>

#include "scim/resource_service.hpp"

namespace scimd::scim {

/// What a redacted secret reads as in the log.
inline constexpr std::string_view redacted_text = "[redacted]";

/// True for an attribute name or PATCH path that holds a secret: its last URN segment is
/// `password` (any case, RFC 7643 §4.1.1), or its name contains `secret` (webhook secrets).
bool is_secret_name(std::string_view name);

/// v with every member whose name is a secret replaced by "[redacted]", at any depth.
void redact_secrets(rapidjson::Value& v, rapidjson::Document::AllocatorType& a);

/// The Operations of a PatchOp body (RFC 7644 §3.5.2) as JSON text, secrets redacted: an
/// operation whose path is a secret gets "[redacted]" as its value, and secret members inside
/// any value are redacted.
std::string redacted_patch_operations(const rapidjson::Value& patch_body);

/// One write of a resource: the method as the client named it (for Bulk, the operation's
/// method), and versions before and after (nullopt for create and delete respectively).
struct AuditedWrite {
  std::string_view method;
  std::string_view resource_type;
  std::string_view resource_id;
  std::optional<long long> version_before;
  std::optional<long long> version_after;
  std::string operations = {};  ///< JSON text, "" for none
};

/// Appends the record of w, made for ctx's actor, inside the caller's transaction.
void record_write(soci::session& s, const ServiceContext& ctx, const AuditedWrite& w);

/// Appends the record of a command-line write (no token, client "cli"); details, when given,
/// are stored redacted as the record's operations.
void record_cli_write(soci::session& s, long long tenant_id, std::string_view method, std::string_view resource_type,
                      const std::string& resource_id, const rapidjson::Value* details = nullptr);

}  // namespace scimd::scim
