#pragma once
// A small blocking HTTP client over libcurl for the integration tests.
#include <rapidjson/document.h>

#include <map>
#include <string>

namespace scimd::test {

struct Reply {
  long status = 0;
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
  rapidjson::Document json;  ///< parsed body (Null when empty or not JSON)

  /// A header's value or "".
  std::string header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  /// base: e.g. "http://127.0.0.1:PORT"; token: sent as a bearer token when not empty.
  HttpClient(std::string base, std::string token);

  Reply get(const std::string& path, const std::map<std::string, std::string>& headers = {}) const;
  Reply post(const std::string& path, const std::string& body, const std::map<std::string, std::string>& headers = {}) const;
  Reply put(const std::string& path, const std::string& body, const std::map<std::string, std::string>& headers = {}) const;
  Reply patch(const std::string& path, const std::string& body, const std::map<std::string, std::string>& headers = {}) const;
  Reply del(const std::string& path, const std::map<std::string, std::string>& headers = {}) const;
  /// Any method; headers override the defaults (Content-Type application/scim+json).
  Reply send(const std::string& method, const std::string& path, const std::string& body,
             const std::map<std::string, std::string>& headers) const;

  const std::string& token() const { return token_; }

 private:
  std::string base_;
  std::string token_;
};

}  // namespace scimd::test
