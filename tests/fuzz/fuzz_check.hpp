// Shared by the fuzz targets: the properties every parsed input must have.
#pragma once

#include <scimd/filters/parse.hpp>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

namespace scimd::filters::fuzz {

/// Stops the fuzzer with a message (a finding).
[[noreturn]] inline void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "PROPERTY FAILED: %s\n%s\n", what, detail.c_str());
  std::abort();
}

/// Re-parses printed text. The printed form may be longer than the input (bare values get
/// quotes, `1e5` prints as `1e+05`) or one level deeper (`a[b or c].d pr` prints as
/// `a[(b or c) and d pr]`), so only the size and depth limits may reject it.
template <class Ast, class Parse>
bool reparse(const std::string& printed, Ast& out, Parse parse) {
  try {
    out = parse(printed);
    return true;
  } catch (const SyntaxError& e) {
    if (e.expected() == "at most " + std::to_string(max_nesting_depth) + " levels of nesting" ||
        e.expected() == "at most " + std::to_string(max_input_length) + " bytes")
      return false;
    fail("printed text does not parse", printed + "\n" + e.what());
  }
}

}  // namespace scimd::filters::fuzz
