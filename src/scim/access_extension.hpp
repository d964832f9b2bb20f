#pragma once
// scimd's access extensions on User and Group (DESIGN.md §3): their defaults, their rules
// (tree without cycles, privileges on existing applications, one entry per application), and
// the indexed rows that mirror them. Called by ResourceService inside its write transactions.
#include <rapidjson/document.h>
#include <soci/soci.h>

#include <string>

#include "scim/resource_kind.hpp"

namespace scimd::scim {

enum class WriteKind { create, replace, patch };

/// Fills the extension's defaults into `doc`: a group's `active` (the tenant's default, false
/// unless the tenant says otherwise) and `applyPrivileges` (true); a user's `level` ("User").
/// On replace, an identity provider's PUT that leaves the extension out keeps the stored one:
/// these attributes are scimd's own.
void prepare_access_extension(soci::session& s, long long tenant, const ResourceKind& kind, rapidjson::Document& doc,
                              const rapidjson::Value* before, WriteKind write);

/// Checks the extension against the database: a parent that exists and makes no cycle,
/// privileges on existing applications, at most one per application, known access levels.
/// Throws ScimError::invalid_value.
/// Privileges already stored in `before` are not checked again (their application may have
/// been deleted since; that must not block an unrelated update).
void validate_access_extension(soci::session& s, long long tenant, const ResourceKind& kind, const std::string& id,
                               const rapidjson::Value& doc, const rapidjson::Value* before);

/// Mirrors a written group's privileges into group_privileges; with `before`, only when the
/// access extension changed (a member PATCH leaves the rows alone).
void sync_access_rows(soci::session& s, long long tenant, const ResourceKind& kind, const std::string& id,
                      const rapidjson::Value& doc, const rapidjson::Value* before = nullptr);

/// Before a group is deleted: its subgroups move up to its parent (top level if none), users
/// whose last group it is are marked "No group assigned", its privilege rows go.
void before_group_delete(soci::session& s, long long tenant, const ResourceKinds& kinds, const std::string& id);

/// Before an application is deleted: every group and individual privilege on it is removed.
void before_application_delete(soci::session& s, long long tenant, const ResourceKinds& kinds, const std::string& id);

}  // namespace scimd::scim
