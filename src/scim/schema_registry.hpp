#pragma once
// Loads scim-schemas/ (embedded at build time) into the schema model and answers lookups.
// The registry is built once at start and read-only afterwards, so threads share it freely.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scim/schema.hpp"

namespace scimd::scim {

class SchemaRegistry {
 public:
  /// Builds the registry from the embedded scim-schemas/ files; throws std::runtime_error
  /// if a file is malformed (a build defect, caught by the schema tests).
  static std::shared_ptr<const SchemaRegistry> load_embedded();

  /// All schemas in load order (served by /Schemas).
  const std::vector<std::unique_ptr<SchemaDef>>& schemas() const { return schemas_; }
  /// All resource types (served by /ResourceTypes).
  const std::vector<std::unique_ptr<ResourceTypeDef>>& resource_types() const { return resource_types_; }

  /// The schema with this URN (ignoring case), or nullptr.
  const SchemaDef* schema(std::string_view urn) const;
  /// The resource type with this id ("User"), ignoring case, or nullptr.
  const ResourceTypeDef* resource_type(std::string_view id) const;
  /// The resource type served at endpoint ("Users" or "/Users"), ignoring case, or nullptr.
  const ResourceTypeDef* resource_type_by_endpoint(std::string_view endpoint) const;

  /// The ServiceProviderConfig template (RFC 7643 §5) as JSON text.
  const std::string& service_provider_config() const { return service_provider_config_; }

 private:
  std::vector<std::unique_ptr<SchemaDef>> schemas_;
  std::vector<std::unique_ptr<ResourceTypeDef>> resource_types_;
  std::string service_provider_config_;
};

}  // namespace scimd::scim
