#include "notify/webhook.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "scim/error.hpp"
#include "util/json.hpp"
#include "util/random.hpp"

namespace scimd::notify {

namespace {

constexpr const char* url_key = "webhook";
constexpr const char* secret_key = "webhookSecret";

std::string string_member(const rapidjson::Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it != obj.MemberEnd() && it->value.IsString() ? std::string(util::view(it->value)) : "";
}

void set_string(rapidjson::Document& d, const char* name, const std::string& value) {
  d.RemoveMember(name);
  d.AddMember(rapidjson::StringRef(name), util::string_value(value, d.GetAllocator()), d.GetAllocator());
}

}  // namespace

std::optional<Webhook> webhook_of(const std::string& settings_json) {
  rapidjson::Document d;
  d.Parse(settings_json.c_str());
  if (d.HasParseError() || !d.IsObject()) return std::nullopt;
  Webhook w{string_member(d, url_key), string_member(d, secret_key)};
  if (w.url.empty()) return std::nullopt;
  return w;
}

std::string apply_webhook_change(rapidjson::Document& settings, const WebhookChange& change) {
  if (change.url && change.url->empty()) {
    if (change.secret) throw scim::ScimError::invalid_value("--webhook-secret needs a webhook; --webhook \"\" removes it");
    settings.RemoveMember(url_key);
    settings.RemoveMember(secret_key);
    return "";
  }
  if (change.url) {
    if (!change.url->starts_with("http://") && !change.url->starts_with("https://"))
      throw scim::ScimError::invalid_value("--webhook must be an http:// or https:// URL");
    set_string(settings, url_key, *change.url);
  }
  if (string_member(settings, url_key).empty()) {
    if (change.secret) throw scim::ScimError::invalid_value("--webhook-secret needs a webhook: give --webhook URL as well");
    return "";
  }
  if (change.secret) {
    if (change.secret->size() < 16) throw scim::ScimError::invalid_value("--webhook-secret must have at least 16 characters");
    set_string(settings, secret_key, *change.secret);
    return "";
  }
  if (!string_member(settings, secret_key).empty()) return "";
  std::string generated = util::random_token(32);
  set_string(settings, secret_key, generated);
  return generated;
}

std::string printable_settings(const rapidjson::Value& settings, const std::string& new_secret) {
  rapidjson::Document copy;
  copy.CopyFrom(settings, copy.GetAllocator());
  if (copy.IsObject() && copy.HasMember(secret_key)) set_string(copy, secret_key, "set");
  if (!new_secret.empty()) set_string(copy, "newWebhookSecret", new_secret);
  return util::to_json(copy);
}

std::string signature(const std::string& secret, const std::string& timestamp, const std::string& body) {
  std::string message = timestamp + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len))
    throw std::runtime_error("HMAC-SHA256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned int i = 0; i < mac_len; ++i) {
    out.push_back(hex[mac[i] >> 4]);
    out.push_back(hex[mac[i] & 15]);
  }
  return out;
}

}  // namespace scimd::notify
