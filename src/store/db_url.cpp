#include "store/db_url.hpp"

#include <stdexcept>

namespace scimd::store {

DbUrl parse_db_url(std::string_view url) {
  DbUrl out;
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.empty()) throw std::invalid_argument("sqlite URL needs a path: sqlite:PATH or sqlite::memory:");
    out.backend = Backend::sqlite;
    out.is_in_memory = path == ":memory:";
    out.connect_string = std::string(path);
    return out;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    out.backend = Backend::postgresql;
    out.connect_string = std::string(url);  // libpq accepts URIs as connection strings
    return out;
  }
  if (url.starts_with("postgresql:")) {
    out.backend = Backend::postgresql;
    out.connect_string = std::string(url.substr(11));
    return out;
  }
  throw std::invalid_argument("unsupported database URL '" + std::string(url) +
                              "': use sqlite:PATH, sqlite::memory: or postgresql://...");
}

}  // namespace scimd::store
