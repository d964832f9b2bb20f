#pragma once
// Reading the TOML file of `scimd serve --config FILE` (toml++). The file is flat: each key is a
// serve flag without its leading "--" (`listen = "0.0.0.0:8080"`, `rate-limit = 50`), so one
// name means the same setting in the file, on the command line and (as SCIMD_RATE_LIMIT) in
// the environment. Which keys exist is decided by serve_options.cpp, not here.
#include <string>
#include <vector>

namespace scimd::config {

/// One `key = value` of the file, with the value as the text a command-line flag would carry.
struct FileSetting {
  std::string key;
  std::string value;  ///< strings as written; numbers and booleans in their TOML spelling
  std::string where;  ///< "FILE:LINE", for error messages
  unsigned line = 0;
};

/// The settings of a TOML file in file order. Throws std::invalid_argument naming the file,
/// line and column for a file that cannot be read or parsed, and for a table or array value.
std::vector<FileSetting> read_config_file(const std::string& path);

}  // namespace scimd::config
