#pragma once
// The schema facts the filters library asks for (filters::AttributeInfo), built from a
// resource type's schemas, including the common attributes id, externalId and meta.
#include <scimd/filters/attribute_info.hpp>

#include <memory>

#include "scim/schema.hpp"

namespace scimd::scim {

/// The filters library's view of a resource type.
std::unique_ptr<filters::SchemaAttributeInfo> make_filter_schema(const ResourceTypeDef& type);

/// The scim definition of an attribute the filters library resolved, or nullptr.
const AttributeDef* find_definition(const ResourceTypeDef& type, const filters::ResolvedAttribute& resolved);

}  // namespace scimd::scim
