#pragma once
// The discovery endpoints of RFC 7644 §4: /ServiceProviderConfig, /ResourceTypes and /Schemas,
// served from the JSON in scim-schemas/ with meta.location made absolute.
#include <string>
#include <vector>

#include "http/message.hpp"
#include "scim/schema_registry.hpp"

namespace scimd::http {

class Discovery {
 public:
  explicit Discovery(const scim::SchemaRegistry& registry) : registry_(registry) {}

  /// GET /ServiceProviderConfig (also served as /serviceConfiguration).
  HttpResponse service_provider_config(const std::string& base_url) const;
  /// GET /ResourceTypes, or /ResourceTypes/{id} when id is not empty.
  HttpResponse resource_types(const std::string& base_url, const std::string& id) const;
  /// GET /Schemas, or /Schemas/{urn} when urn is not empty.
  HttpResponse schemas(const std::string& base_url, const std::string& urn) const;

 private:
  bool is_served(const scim::SchemaDef* s) const;
  std::vector<const scim::SchemaDef*> served_schemas() const;

  const scim::SchemaRegistry& registry_;
};

}  // namespace scimd::http
