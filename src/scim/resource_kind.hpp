#pragma once
// What differs between the resource types scimd stores: the table, the indexed columns taken
// from the document, and whether the type has members (Group) or a derived `groups` (User).
#include <rapidjson/document.h>

#include <memory>
#include <string_view>
#include <vector>

#include <scimd/filters/attribute_info.hpp>
#include <scimd/filters/sql.hpp>

#include "scim/schema_registry.hpp"
#include "store/resource_table.hpp"

namespace scimd::scim {

enum class Flavor { user, group, application, rule };

/// The URNs of scimd's own access extensions.
inline constexpr const char* access_group_urn = "urn:scimd:params:scim:schemas:extension:access:2.0:Group";
inline constexpr const char* access_user_urn = "urn:scimd:params:scim:schemas:extension:access:2.0:User";

struct ResourceKind {
  Flavor flavor;
  const ResourceTypeDef* type;
  store::ResourceTable table;
  std::unique_ptr<filters::AttributeInfo> filter_schema;  ///< schema facts for filters and PATCH paths
  std::unique_ptr<filters::ColumnMap> columns;            ///< where filterable attributes are stored

  /// The indexed column values for a canonical document, in the table's column order.
  std::vector<store::ColumnValue> indexed_values(const rapidjson::Value& doc) const;
};

/// The resource kinds of a server, bound to the registry's types.
class ResourceKinds {
 public:
  ResourceKinds(const SchemaRegistry& registry, bool is_postgresql);
  const ResourceKind& user() const { return *user_; }
  const ResourceKind& group() const { return *group_; }
  const ResourceKind& application() const { return *application_; }
  const ResourceKind& rule() const { return *rule_; }
  /// The kind served at an endpoint name ("Users"), ignoring case, or nullptr.
  const ResourceKind* by_endpoint(std::string_view endpoint) const;

 private:
  std::unique_ptr<ResourceKind> user_;
  std::unique_ptr<ResourceKind> group_;
  std::unique_ptr<ResourceKind> application_;
  std::unique_ptr<ResourceKind> rule_;
};

}  // namespace scimd::scim
