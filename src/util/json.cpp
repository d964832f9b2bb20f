#include "util/json.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "util/text.hpp"

namespace scimd::util {

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

const rapidjson::Value* find_member_icase(const rapidjson::Value& obj, std::string_view name) {
  if (!obj.IsObject()) return nullptr;
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it)
    if (iequals(view(it->name), name)) return &it->value;
  return nullptr;
}

rapidjson::Value* find_member_icase(rapidjson::Value& obj, std::string_view name) {
  return const_cast<rapidjson::Value*>(find_member_icase(static_cast<const rapidjson::Value&>(obj), name));
}

}  // namespace scimd::util
