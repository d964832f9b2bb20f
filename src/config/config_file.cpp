#include "config/config_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace scimd::config {

namespace {

// The flag text of a scalar, or nullopt for a table or an array.
std::optional<std::string> flag_text(const toml::node& node) {
  if (auto s = node.value_exact<std::string>()) return *s;
  if (auto i = node.value_exact<int64_t>()) return std::to_string(*i);
  if (auto b = node.value_exact<bool>()) return *b ? "true" : "false";
  if (auto d = node.value_exact<double>()) {
    std::ostringstream out;
    out.precision(17);
    out << *d;
    return out.str();
  }
  return std::nullopt;
}

}  // namespace

std::vector<FileSetting> read_config_file(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    throw std::invalid_argument(path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
                                std::string(e.description()));
  }
  std::vector<FileSetting> out;
  for (const auto& [key, node] : root) {
    const unsigned line = node.source().begin.line;
    const std::string where = path + ":" + std::to_string(line);
    auto text = flag_text(node);
    if (!text)
      throw std::invalid_argument(where + ": '" + std::string(key.str()) +
                                  "' must be a string, number or boolean (the file has no tables: one key per flag)");
    out.push_back({std::string(key.str()), *text, where, line});
  }
  // toml::table iterates in key order; report and apply in the order the file was written.
  std::stable_sort(out.begin(), out.end(), [](const FileSetting& a, const FileSetting& b) { return a.line < b.line; });
  return out;
}

}  // namespace scimd::config
