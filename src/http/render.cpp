#include "http/render.hpp"

#include <spdlog/spdlog.h>

#include "util/json.hpp"

namespace scimd::http {

HttpResponse json_response(int status, const rapidjson::Value& body) {
  HttpResponse r;
  r.status = status;
  r.body = util::to_json(body);
  return r;
}

HttpResponse error_response(const scim::ScimError& e) {
  rapidjson::Document d;
  d.SetObject();
  auto& a = d.GetAllocator();
  rapidjson::Value schemas(rapidjson::kArrayType);
  schemas.PushBack("urn:ietf:params:scim:api:messages:2.0:Error", a);
  d.AddMember("schemas", schemas, a);
  d.AddMember("status", util::string_value(std::to_string(e.status()), a), a);  // RFC 7644 §3.12: a string
  if (e.scim_type()) d.AddMember("scimType", util::string_value(scim::to_string(*e.scim_type()), a), a);
  d.AddMember("detail", util::string_value(e.detail(), a), a);
  HttpResponse r = json_response(e.status(), d);
  if (e.status() == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"scimd\"");
  if (e.retry_after()) r.headers.emplace_back("Retry-After", std::to_string(*e.retry_after()));
  return r;
}

HttpResponse handle_safely(const std::string& request_id, const std::function<HttpResponse()>& handler) {
  try {
    return handler();
  } catch (const scim::ScimError& e) {
    if (e.status() >= 500) spdlog::error("request {}: {}", request_id, e.detail());
    return error_response(e);
  } catch (const std::exception& e) {
    spdlog::error("request {}: unexpected error: {}", request_id, e.what());
  } catch (...) {
    spdlog::error("request {}: unexpected non-standard exception", request_id);
  }
  return error_response(scim::ScimError::internal("internal server error (request id " + request_id + ")"));
}

}  // namespace scimd::http
