#!/usr/bin/env bash
# Builds the filters fuzz targets with clang (ASan + UBSan + libFuzzer) in a separate build
# directory and runs each for SECONDS (default 600), printing its execution count.
#
#   tests/fuzz/run.sh [SECONDS]
#
# Environment: SCIMD_FUZZ_BUILD_DIR (default ${TMPDIR:-/tmp}/scimd-fuzz), CXX (default
# clang++), SCIMD_FUZZ_JOBS (parallel build jobs). Crashes are saved in the build
# directory as crash-*; the exit status is non-zero if a target found one.
set -euo pipefail

seconds="${1:-600}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${SCIMD_FUZZ_BUILD_DIR:-${TMPDIR:-/tmp}/scimd-fuzz}"
project="$build/project"

# A minimal top-level project, so fuzzing does not depend on the rest of the tree.
mkdir -p "$project"
cat > "$project/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.22)
project(scimd_fuzz LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
add_library(scimd_warnings INTERFACE)
target_compile_options(scimd_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
find_package(Boost 1.74 REQUIRED)
set(SCIMD_BUILD_FUZZ ON)
add_subdirectory("$root/filters" filters)
add_subdirectory("$root/tests/fuzz" fuzz)
CMAKE

if [ -z "${CXX:-}" ] && ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz: installing clang and its sanitizer runtimes from Debian" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi

cmake -S "$project" -B "$build" -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"${SCIMD_FUZZ_JOBS:-$(nproc)}" --target fuzz_filter_parser fuzz_path_parser

status=0
for target in filter path; do
  binary="$build/fuzz/fuzz_${target}_parser"
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  # One seed per line of <target>_seeds.txt.
  n=0
  while IFS= read -r line; do
    n=$((n + 1))
    printf '%s' "$line" > "$corpus/seed-$n"
  done < "$here/${target}_seeds.txt"
  log="$build/fuzz_${target}_parser.log"
  echo "== fuzz_${target}_parser for ${seconds}s (log: $log)"
  if ! (cd "$build" && "$binary" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
        -rss_limit_mb=2048 -dict="$here/filter.dict" -print_final_stats=1 "$corpus" >"$log" 2>&1); then
    status=1
    echo "!! fuzz_${target}_parser found a problem:"
    grep -E "ERROR|PROPERTY FAILED|SUMMARY|Test unit written" "$log" || tail -20 "$log"
  fi
  grep -E "^stat::number_of_executed_units|^#[0-9]+ *DONE" "$log" | tail -2
  echo "executions: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
done
exit "$status"
