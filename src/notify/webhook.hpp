#pragma once
// A tenant's webhook (issue 7, point 2): where its access.changed events go and the secret
// they are signed with. Both live in the tenant's settings JSON as "webhook" (the URL) and
// "webhookSecret"; the secret is never printed back.
#include <rapidjson/document.h>

#include <optional>
#include <string>

namespace scimd::notify {

struct Webhook {
  std::string url;
  std::string secret;
};

/// The webhook of a tenant's settings (JSON object text), or nullopt when it has no URL.
std::optional<Webhook> webhook_of(const std::string& settings_json);

/// What `tenant set` was asked to change: an empty url removes the webhook and its secret.
struct WebhookChange {
  std::optional<std::string> url;
  std::optional<std::string> secret;
};

/// Applies a change to a settings object. A webhook without a secret gets a new random one,
/// returned so that it can be shown once ("" otherwise). Throws ScimError::invalid_value when the
/// URL is not http(s) or a secret is given without a webhook.
std::string apply_webhook_change(rapidjson::Document& settings, const WebhookChange& change);

/// The settings as `tenant set` prints them: "webhookSecret" reads "set", never the secret;
/// a secret generated just now is added once as "newWebhookSecret".
std::string printable_settings(const rapidjson::Value& settings, const std::string& new_secret);

/// The signature header's value: "sha256=" + lower-case hex HMAC-SHA256(secret, timestamp +
/// "." + body).
std::string signature(const std::string& secret, const std::string& timestamp, const std::string& body);

}  // namespace scimd::notify
