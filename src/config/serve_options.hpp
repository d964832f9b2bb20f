#pragma once
// The flags of `scimd serve`, their environment variables, and the --config file.
//
// Precedence, highest first: command line, environment (SCIMD_*), the TOML file, the default
// in Config. CLI11 applies the first two while parsing; apply_config_file then fills, from the
// file, every serve option that neither set. Any flag added to `serve` (here or elsewhere) is
// settable in the file under its long name, so the three ways never drift apart.
#include <CLI/CLI.hpp>

#include <string>

#include "config/config.hpp"

namespace scimd::config {

/// Adds the server's own flags to `serve` (listen, threads, TLS, logging, limits, --config),
/// each with its SCIMD_* variable, storing into cfg. The database flag is added by the caller,
/// as for every subcommand.
void add_serve_options(CLI::App& serve, Config& cfg);

/// Gives every option of `serve` that has no environment variable SCIMD_<NAME> (upper case,
/// '-' as '_'). Call once all serve flags are added, before parsing.
void add_default_env_names(CLI::App& serve);

/// After parsing: reads `path` (nothing when empty) and sets each option of `serve` that the
/// command line and the environment left unset, through the option's own conversion and checks.
/// Throws std::invalid_argument with the file and line for an unknown key or an invalid value.
void apply_config_file(CLI::App& serve, const std::string& path);

}  // namespace scimd::config
