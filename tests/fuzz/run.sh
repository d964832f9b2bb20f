#!/usr/bin/env bash
# Builds the fuzz targets with clang (ASan + UBSan + libFuzzer) in a separate build directory
# and runs each for SECONDS (default 600), one after the other, printing its execution count.
#
#   tests/fuzz/run.sh [--merge] [SECONDS] [TARGET...]
#
# TARGET: filter_parser, path_parser, patch_body, resource_body (default: all). The parser
# targets start from <filter|path>_seeds.txt; the body targets from tests/fuzz/corpus/fuzz_<TARGET>/
# with the dictionary tests/fuzz/corpus/fuzz_<TARGET>.dict. --merge then minimises what was
# found together with that folder (-merge=1) back into the folder, to be committed.
#
# Environment: SCIMD_FUZZ_BUILD_DIR (default ${TMPDIR:-/tmp}/scimd-fuzz), CXX (default
# clang++), SCIMD_FUZZ_JOBS (parallel build jobs). Crashes are saved in the build
# directory as crash-*; the exit status is non-zero if a target found one.
set -euo pipefail

merge=0
if [ "${1:-}" = "--merge" ]; then merge=1; shift; fi
seconds="${1:-600}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(filter_parser path_parser patch_body resource_body)
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
cmake --build "$build" -j"${SCIMD_FUZZ_JOBS:-$(nproc)}" --target "${targets[@]/#/fuzz_}"

status=0
for target in "${targets[@]}"; do
  name="fuzz_$target"
  binary="$build/fuzz/$name"
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  kept=()  # the committed corpus, read but not written while fuzzing
  case "$target" in
    filter_parser | path_parser)
      # One seed per line of <filter|path>_seeds.txt.
      n=0
      while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" > "$corpus/seed-$n"
      done < "$here/${target%_parser}_seeds.txt"
      options=(-max_len=4096 -dict="$here/filter.dict") ;;
    *)
      kept=("$here/corpus/$name")
      options=(-max_len=8192 -dict="$here/corpus/$name.dict") ;;
  esac
  log="$build/$name.log"
  echo "== $name for ${seconds}s (log: $log)"
  if ! (cd "$build" && "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 "${options[@]}" \
        -print_final_stats=1 "$corpus" "${kept[@]}" >"$log" 2>&1); then
    status=1
    echo "!! $name found a problem:"
    grep -E "ERROR|PROPERTY FAILED|SUMMARY|Test unit written" "$log" || tail -20 "$log"
  fi
  grep -E "^stat::number_of_executed_units|^#[0-9]+ *DONE" "$log" | tail -2
  echo "executions: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  if [ "$merge" = 1 ] && [ ${#kept[@]} -gt 0 ]; then
    # -merge=1 keeps the smallest set of inputs that covers what all of them cover.
    merged="$build/merged/$target"
    rm -rf "$merged" && mkdir -p "$merged"
    "$binary" -merge=1 "${options[@]}" "$merged" "${kept[0]}" "$corpus" >"$build/$name.merge.log" 2>&1 \
      && find "${kept[0]}" -maxdepth 1 -type f -delete && cp "$merged"/* "${kept[0]}/" \
      && echo "merged: $(find "${kept[0]}" -type f | wc -l) inputs, $(du -sh "${kept[0]}" | cut -f1) in ${kept[0]}" \
      || { status=1; echo "!! merging $name failed (log: $build/$name.merge.log)"; }
  fi
done
exit "$status"
