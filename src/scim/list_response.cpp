#include "scim/list_response.hpp"

#include <cstdint>

namespace scimd::scim {

void fill_list_response(rapidjson::Document& out, long long total, std::optional<long long> start_index,
                        rapidjson::Value& resources) {
  if (!out.IsObject()) out.SetObject();
  auto& a = out.GetAllocator();
  rapidjson::Value schemas(rapidjson::kArrayType);
  schemas.PushBack("urn:ietf:params:scim:api:messages:2.0:ListResponse", a);
  out.AddMember("schemas", schemas, a);
  out.AddMember("totalResults", static_cast<int64_t>(total), a);
  out.AddMember("itemsPerPage", static_cast<int64_t>(resources.IsArray() ? resources.Size() : 0), a);
  if (start_index) out.AddMember("startIndex", static_cast<int64_t>(*start_index), a);
  out.AddMember("Resources", resources, a);
}

}  // namespace scimd::scim
