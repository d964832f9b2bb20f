// How test parameters print (gtest failure messages and --gtest_list_tests): in backticks,
// control characters escaped, so one parameter is one line that never ends in a backslash.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace scimd::filters::test {

inline std::string shown(std::string_view text) {
  std::string out = "`";
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "`";
}

}  // namespace scimd::filters::test
