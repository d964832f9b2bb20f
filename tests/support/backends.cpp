#include "support/backends.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace scimd::test {

std::vector<Backend> backends() {
  static const std::vector<Backend> list = [] {
    std::vector<Backend> out;
    static const std::string path = "/tmp/scimd-test-" + std::to_string(getpid()) + ".db";
    std::atexit([] {
      for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
    });
    out.push_back({"sqlite", "sqlite:" + path});
    if (const char* pg = std::getenv("SCIMD_TEST_PG"); pg && *pg) out.push_back({"postgresql", std::string("postgresql:") + pg});
    return out;
  }();
  return list;
}

std::vector<std::string> backend_names() {
  std::vector<std::string> names;
  for (const auto& b : backends()) names.push_back(b.name);
  return names;
}

Backend backend(const std::string& name) {
  for (const auto& b : backends())
    if (b.name == name) return b;
  throw std::runtime_error("unknown test backend " + name);
}

std::string unique_tenant(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
         std::to_string(std::rand());
}

}  // namespace scimd::test
