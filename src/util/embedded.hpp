#pragma once
// Data files compiled into the binary (see cmake/embed_files.cmake): the JSON in scim-schemas/
// and the SQL migrations in db/. The files in the source tree stay the only copy.
#include <string_view>
#include <vector>

namespace scimd::util {

struct EmbeddedFile {
  std::string_view path;     ///< relative to the source root, e.g. "scim-schemas/schemas/user.json"
  std::string_view content;  ///< the file's text
};

/// Every embedded file, sorted by path.
const std::vector<EmbeddedFile>& embedded_files();

}  // namespace scimd::util
