#pragma once
// HTTP requests and responses as scimd's handlers see them: plain structs, so routing and
// handlers are free of Pistache and can be tested without a socket. server.cpp converts.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scimd::http {

struct HttpRequest {
  std::string method;                         ///< upper case: GET, POST, ...
  std::string path;                           ///< percent-decoded path, without the query
  std::map<std::string, std::string> query;   ///< decoded names and values ('+' is a space)
  std::map<std::string, std::string> headers; ///< names lower-cased
  std::string body;
  std::string peer;                           ///< client address

  /// A header's value by lower-case name.
  std::optional<std::string> header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/scim+json; charset=utf-8";
};

}  // namespace scimd::http
