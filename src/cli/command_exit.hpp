#pragma once
// How a subcommand registered with CLI11 ends: its body returns the exit code; an exception is
// reported on stderr and exits 1; a code other than 0 ends the parse with CLI::RuntimeError,
// which main() turns into the process's exit code.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

namespace scimd::cli {

template <class Body>
void finish_command(Body&& body) {
  int code = 1;
  try {
    code = body();
  } catch (const std::exception& e) {
    std::cerr << "scimd: " << e.what() << "\n";
  }
  if (code != 0) throw CLI::RuntimeError(code);
}

}  // namespace scimd::cli
