#include "config/serve_options.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "config/config_file.hpp"
#include "scim/bulk.hpp"

namespace scimd::config {

namespace {

std::string env_name_of(const std::string& long_name) {
  std::string env = "SCIMD_";
  for (char c : long_name) env.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return env;
}

// The option of `serve` whose long name is `key`, or nullptr.
CLI::Option* option_named(CLI::App& serve, const std::string& key) {
  for (CLI::Option* opt : serve.get_options()) {
    const auto& names = opt->get_lnames();
    if (std::find(names.begin(), names.end(), key) != names.end()) return opt;
  }
  return nullptr;
}

std::string known_keys(CLI::App& serve) {
  std::string out;
  for (CLI::Option* opt : serve.get_options()) {
    if (opt->get_lnames().empty() || opt->get_lnames().front() == "config" || opt->get_lnames().front() == "help")
      continue;
    out += (out.empty() ? "" : ", ") + opt->get_lnames().front();
  }
  return out;
}

}  // namespace

void add_serve_options(CLI::App& serve, Config& cfg) {
  serve.add_option("--config", cfg.config_file, "TOML file of serve settings (keys are these flags without --)")
      ->envname("SCIMD_CONFIG");
  serve.add_option("--listen", cfg.listen, "HOST:PORT to listen on")->envname("SCIMD_LISTEN")->capture_default_str();
  serve.add_option("--threads", cfg.threads, "HTTP worker threads")
      ->envname("SCIMD_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve.add_option("--public-url", cfg.public_url, "absolute SCIM base URL clients use (behind a proxy)")
      ->envname("SCIMD_PUBLIC_URL");
  serve.add_option("--tls-cert", cfg.tls_cert, "PEM certificate file (enables TLS)")->envname("SCIMD_TLS_CERT");
  serve.add_option("--tls-key", cfg.tls_key, "PEM private key file")->envname("SCIMD_TLS_KEY");
  serve.add_option("--log-level", cfg.log_level, "trace, debug, info, warn, error")
      ->envname("SCIMD_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  serve.add_option("--log-format", cfg.log_format, "json (one JSON object per line) or text")
      ->envname("SCIMD_LOG_FORMAT")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
  serve.add_option("--shutdown-timeout", cfg.shutdown_timeout,
                   "seconds SIGTERM/SIGINT waits for requests in flight before stopping")
      ->envname("SCIMD_SHUTDOWN_TIMEOUT")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  serve.add_option("--rate-limit", cfg.rate_limit, "requests per second per token (0: no limit; per process)")
      ->envname("SCIMD_RATE_LIMIT")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
  serve.add_option("--rate-burst", cfg.rate_burst, "requests a token may send at once (0: twice --rate-limit)")
      ->envname("SCIMD_RATE_BURST")
      ->check(CLI::Range(0.0, 1e7))
      ->capture_default_str();
  // Bulk requests up to maxPayloadSize (advertised in /ServiceProviderConfig) must fit.
  serve.add_option("--max-body-bytes", cfg.max_body_bytes, "largest request body; larger ones answer 413")
      ->envname("SCIMD_MAX_BODY_BYTES")
      ->check(CLI::Range(scim::bulk_max_payload_bytes, size_t{1} << 30))
      ->capture_default_str();
  serve.add_option("--header-timeout", cfg.header_timeout, "seconds a client has to send a request's headers")
      ->envname("SCIMD_HEADER_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve.add_option("--body-timeout", cfg.body_timeout, "seconds a client has to send a whole request")
      ->envname("SCIMD_BODY_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
}

void add_default_env_names(CLI::App& serve) {
  for (CLI::Option* opt : serve.get_options())
    if (opt->get_envname().empty() && !opt->get_lnames().empty() && opt->get_lnames().front() != "help")
      opt->envname(env_name_of(opt->get_lnames().front()));
}

void apply_config_file(CLI::App& serve, const std::string& path) {
  if (path.empty()) return;
  for (const FileSetting& s : read_config_file(path)) {
    CLI::Option* opt = s.key == "config" || s.key == "help" ? nullptr : option_named(serve, s.key);
    if (!opt)
      throw std::invalid_argument(s.where + ": unknown key '" + s.key + "' (known: " + known_keys(serve) + ")");
    if (opt->count() > 0) continue;  // the command line or the environment set it
    try {
      opt->add_result(s.value);
      opt->run_callback();  // the flag's own conversion and checks, then the store into Config
    } catch (const CLI::Error& e) {
      throw std::invalid_argument(s.where + ": " + s.key + " = \"" + s.value + "\": " + e.what());
    }
  }
}

}  // namespace scimd::config
