#include "support/http_client.hpp"

#include <curl/curl.h>

#include <stdexcept>

#include "util/text.hpp"

namespace scimd::test {

namespace {

size_t on_body(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    (*static_cast<std::map<std::string, std::string>*>(out))[util::ascii_lower(line.substr(0, colon))] = value;
  }
  return size * n;
}

}  // namespace

std::string Reply::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

HttpClient::HttpClient(std::string base, std::string token) : base_(std::move(base)), token_(std::move(token)) {}

Reply HttpClient::send(const std::string& method, const std::string& path, const std::string& body,
                       const std::map<std::string, std::string>& headers) const {
  CURL* curl = curl_easy_init();
  if (!curl) throw std::runtime_error("curl_easy_init failed");
  Reply r;
  std::map<std::string, std::string> all{{"Content-Type", "application/scim+json"}};
  if (!token_.empty()) all["Authorization"] = "Bearer " + token_;
  for (const auto& [k, v] : headers) all[k] = v;
  curl_slist* list = nullptr;
  for (const auto& [k, v] : all) list = curl_slist_append(list, (k + ": " + v).c_str());
  std::string url = base_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) throw std::runtime_error(std::string("HTTP request failed: ") + curl_easy_strerror(rc));
  if (!r.body.empty()) r.json.Parse(r.body.c_str());
  if (r.json.HasParseError()) r.json.SetNull();
  return r;
}

Reply HttpClient::get(const std::string& path, const std::map<std::string, std::string>& headers) const {
  return send("GET", path, "", headers);
}
Reply HttpClient::post(const std::string& path, const std::string& body,
                       const std::map<std::string, std::string>& headers) const {
  return send("POST", path, body, headers);
}
Reply HttpClient::put(const std::string& path, const std::string& body,
                      const std::map<std::string, std::string>& headers) const {
  return send("PUT", path, body, headers);
}
Reply HttpClient::patch(const std::string& path, const std::string& body,
                        const std::map<std::string, std::string>& headers) const {
  return send("PATCH", path, body, headers);
}
Reply HttpClient::del(const std::string& path, const std::map<std::string, std::string>& headers) const {
  return send("DELETE", path, "", headers);
}

}  // namespace scimd::test
