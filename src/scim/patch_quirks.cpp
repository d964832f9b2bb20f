#include "scim/patch_quirks.hpp"

#include "util/json.hpp"
#include "util/text.hpp"

namespace scimd::scim {

bool is_entra_remove_by_value_list(const rapidjson::Value* value) {
  if (!value || !value->IsArray() || value->Empty()) return false;
  for (const auto& e : value->GetArray()) {
    const auto* v = util::find_member_icase(e, "value");
    if (!v || !v->IsString()) return false;
  }
  return true;
}

namespace {

bool collect_equalities(const filters::Filter& f, std::vector<std::pair<std::string, filters::CompValue>>& out) {
  return filters::visit(
      [&](const auto& node) -> bool {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, filters::Compare>) {
          if (node.op != filters::CompareOp::eq || node.path.has_sub_attr() || !node.path.schema.empty()) return false;
          out.emplace_back(node.path.name, node.value);
          return true;
        } else if constexpr (std::is_same_v<T, filters::And>) {
          return collect_equalities(node.lhs, out) && collect_equalities(node.rhs, out);
        } else {
          return false;
        }
      },
      f);
}

bool collect_member_ids(const filters::Filter& f, std::vector<std::string>& out) {
  return filters::visit(
      [&](const auto& node) -> bool {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, filters::Compare>) {
          const auto* s = std::get_if<std::string>(&node.value);
          if (node.op != filters::CompareOp::eq || !s || !util::iequals(node.path.name, "value") ||
              node.path.has_sub_attr())
            return false;
          out.push_back(*s);
          return true;
        } else if constexpr (std::is_same_v<T, filters::Or>) {
          return collect_member_ids(node.lhs, out) && collect_member_ids(node.rhs, out);
        } else {
          return false;
        }
      },
      f);
}

}  // namespace

std::optional<std::vector<std::pair<std::string, filters::CompValue>>> entra_element_from_filter(
    const filters::Filter& filter) {
  std::vector<std::pair<std::string, filters::CompValue>> out;
  if (!collect_equalities(filter, out)) return std::nullopt;
  return out;
}

bool is_bare_member_id(const rapidjson::Value& v) { return v.IsString() && v.GetStringLength() > 0; }

std::string member_display(const rapidjson::Value& member) {
  for (const char* key : {"display", "displayName"})
    if (const auto* d = util::find_member_icase(member, key); d && d->IsString()) return std::string(util::view(*d));
  return "";
}

bool is_okta_echoed_id(const rapidjson::Value& value, const std::string& resource_id) {
  return value.IsString() && util::view(value) == resource_id;
}

std::optional<std::vector<std::string>> member_ids_of_filter(const filters::Filter& filter) {
  std::vector<std::string> ids;
  if (!collect_member_ids(filter, ids)) return std::nullopt;
  return ids;
}

}  // namespace scimd::scim
