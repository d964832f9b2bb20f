// A main() for the fuzz targets outside libFuzzer: runs LLVMFuzzerTestOneInput once on each
// input and exits 0 when every input kept the target's properties (a violated property aborts,
// as under libFuzzer). The normal build links it with each target, so ctest replays the
// committed corpora with any compiler, without fuzzing (tests/fuzz/replay.cmake).
//
//   fuzz_replay_<target> DIR...          every regular file of each DIR is one input
//   fuzz_replay_<target> --lines FILE    every line of FILE is one input (<target>_seeds.txt)
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void run(const std::string& input) {
  // A copy of exactly the input's size, so reading past it is as visible as under libFuzzer.
  std::vector<std::uint8_t> bytes(input.begin(), input.end());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--lines" && i + 1 < argc) {
      std::ifstream in(argv[++i]);
      if (!in) {
        std::fprintf(stderr, "cannot read %s\n", argv[i]);
        return 2;
      }
      for (std::string line; std::getline(in, line); ++inputs) run(line);
      continue;
    }
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(arg, ec))
      if (entry.is_regular_file()) files.push_back(entry.path());
    if (ec || files.empty()) {
      std::fprintf(stderr, "no inputs in %s\n", arg.c_str());
      return 2;
    }
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      run(std::string(std::istreambuf_iterator<char>(in), {}));
      ++inputs;
    }
  }
  std::printf("replayed %zu inputs: every property held\n", inputs);
  return inputs > 0 ? 0 : 2;
}
