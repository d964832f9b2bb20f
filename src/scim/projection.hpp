#pragma once
// The `attributes` and `excludedAttributes` parameters (RFC 7644 §3.4.2.5, §3.9) honouring each
// attribute's `returned` characteristic (RFC 7643 §2.4): "always" is always sent, "never" never,
// "request" only when named in `attributes`, "default" unless excluded or not selected.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scim/schema.hpp"

namespace scimd::scim {

/// One requested attribute path, resolved against a resource type's schemas.
struct AttributeSelector {
  std::string schema;  ///< the URN of the schema holding the attribute (the core URN if unqualified)
  std::string attr;    ///< empty when the whole extension was named
  std::string sub;     ///< sub-attribute, or empty
};

class Projection {
 public:
  Projection() = default;
  /// Builds a projection from the raw comma-separated parameter values (either may be absent).
  /// Unknown attribute names are kept and simply match nothing (RFC 7644 §3.4.2.5 allows it).
  static Projection parse(const ResourceTypeDef& type, const std::optional<std::string>& attributes,
                          const std::optional<std::string>& excluded);

  /// True when the top-level core attribute `attr` (e.g. "members", "groups") will be returned;
  /// lets the service skip loading what the client did not ask for.
  bool wants(const ResourceTypeDef& type, std::string_view attr) const;

  /// Removes from `resource` (a full representation) what this projection and the `returned`
  /// characteristics exclude.
  void apply(const ResourceTypeDef& type, rapidjson::Value& resource, rapidjson::Document::AllocatorType& alloc) const;

 private:
  enum class Verdict { drop, keep_whole, keep_selected_subs };
  Verdict decide(const std::string& schema, const AttributeDef& def) const;
  bool sub_selected(const std::string& schema, const AttributeDef& parent, const AttributeDef& sub) const;
  void apply_to_object(const std::string& schema, const SchemaDef* defs, rapidjson::Value& obj) const;

  std::vector<AttributeSelector> attributes_;
  std::vector<AttributeSelector> excluded_;
};

}  // namespace scimd::scim
