#pragma once
// Bulk operations (RFC 7644 §3.7): many POST/PUT/PATCH/DELETE operations in one request, each in
// its own transaction, with bulkId references ("bulkId:qwerty" inside data or a path) resolved
// in dependency order.
#include <rapidjson/document.h>

#include "scim/resource_service.hpp"

namespace scimd::scim {

/// Limits advertised in ServiceProviderConfig.bulk and enforced (413 beyond them).
inline constexpr size_t bulk_max_operations = 1000;
inline constexpr size_t bulk_max_payload_bytes = 1048576;

class BulkService {
 public:
  BulkService(ResourceService& resources, const ResourceKinds& kinds) : resources_(resources), kinds_(kinds) {}

  /// Runs a BulkRequest and returns the BulkResponse. `payload_bytes` is the request body's size.
  /// Throws ScimError for a malformed request (400 invalidSyntax) or one over the limits (413);
  /// errors of single operations are reported in their own entries.
  rapidjson::Document run(const ServiceContext& ctx, const rapidjson::Value& body, size_t payload_bytes);

 private:
  ResourceService& resources_;
  const ResourceKinds& kinds_;
};

}  // namespace scimd::scim
