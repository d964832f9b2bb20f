#pragma once
// RapidJSON conveniences used across modules.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

namespace scimd::util {

/// Serialises v compactly.
std::string to_json(const rapidjson::Value& v);

/// Finds a member of an object by name ignoring ASCII case (RFC 7643 §2.1: attribute names
/// are case-insensitive). Returns nullptr when obj is not an object or has no such member.
const rapidjson::Value* find_member_icase(const rapidjson::Value& obj, std::string_view name);
rapidjson::Value* find_member_icase(rapidjson::Value& obj, std::string_view name);

/// A string view of a JSON string value.
inline std::string_view view(const rapidjson::Value& v) { return {v.GetString(), v.GetStringLength()}; }

/// A JSON string value holding a copy of s.
inline rapidjson::Value string_value(std::string_view s, rapidjson::Document::AllocatorType& a) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

}  // namespace scimd::util
