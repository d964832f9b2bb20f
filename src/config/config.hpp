#pragma once
// The settings of one scimd process, parsed once in main from flags, environment and the
// --config file (config/serve_options.hpp).
#include <string>

namespace scimd::config {

struct Config {
  std::string db_url = "sqlite:scimd.db";  ///< --db or SCIMD_DB
  std::string listen = "127.0.0.1:8080";   ///< --listen or SCIMD_LISTEN
  int threads = 2;                         ///< --threads or SCIMD_THREADS
  std::string public_url;                  ///< --public-url or SCIMD_PUBLIC_URL (SCIM base URL behind a proxy)
  std::string tls_cert;                    ///< --tls-cert or SCIMD_TLS_CERT
  std::string tls_key;                     ///< --tls-key or SCIMD_TLS_KEY
  std::string log_level = "info";          ///< --log-level or SCIMD_LOG_LEVEL
  std::string config_file;                 ///< --config or SCIMD_CONFIG: a TOML file of serve settings
  std::string log_format = "json";         ///< --log-format json|text or SCIMD_LOG_FORMAT
  int shutdown_timeout = 10;               ///< --shutdown-timeout SECONDS: how long SIGTERM waits for requests
  double rate_limit = 0;                   ///< --rate-limit N: requests per second per token (0: off)
  double rate_burst = 0;                   ///< --rate-burst N: bucket size (0: 2 × rate_limit)
  size_t max_body_bytes = 16 * 1024 * 1024;  ///< --max-body-bytes: larger request bodies answer 413
  int header_timeout = 10;                 ///< --header-timeout SECONDS: request line and headers
  int body_timeout = 60;                   ///< --body-timeout SECONDS: the whole request
  bool dispatcher = true;                  ///< --dispatcher on|off or SCIMD_DISPATCHER (webhook deliveries)
  int webhook_timeout = 10;                ///< --webhook-timeout SECONDS: one whole webhook POST
  int webhook_connect_timeout = 5;         ///< --webhook-connect-timeout SECONDS
};

}  // namespace scimd::config
