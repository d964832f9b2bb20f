#pragma once
// Builds the client's representation of a stored resource: schemas, id, the stored attributes,
// members or groups, and meta (RFC 7643 §3.1).
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "scim/resource_kind.hpp"
#include "store/membership_store.hpp"
#include "store/resource_table.hpp"

namespace scimd::scim {

/// The ETag / meta.version of a stored version: a weak validator W/"n" (RFC 7644 §3.14).
std::string etag_for(long long version);

/// True when an If-Match / If-None-Match header value (a list of entity tags or "*") matches
/// `version`. Weak and strong forms compare equal (RFC 7232 weak comparison).
bool etag_matches(const std::string& header, long long version);

/// The resource's absolute URL: base_url + endpoint + "/" + id.
std::string location_of(const std::string& base_url, const ResourceKind& kind, const std::string& id);

/// Extras derived from other tables, attached when the projection wants them.
struct RenderExtras {
  const std::vector<store::MemberRow>* members = nullptr;  ///< Group.members
  const std::vector<store::GroupRef>* groups = nullptr;    ///< User.groups (direct memberships)
};

/// The full representation (before projection) of a stored record.
rapidjson::Document render_resource(const ResourceKind& kind, const store::ResourceRecord& rec,
                                    const std::string& base_url, const RenderExtras& extras);

}  // namespace scimd::scim
