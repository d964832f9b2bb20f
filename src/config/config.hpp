#pragma once
// The settings of one scimd process, parsed once in main from flags and environment.
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
};

}  // namespace scimd::config
