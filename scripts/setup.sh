#!/usr/bin/env bash
# Installs what scimd needs from Debian's packages (when missing) and builds it into build/.
# Usage: scripts/setup.sh            (as root, or with sudo available, on Debian 12)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake make pkg-config
  libpistache-dev rapidjson-dev libsoci-dev libboost-dev libpq-dev libsqlite3-dev
  libcli11-dev libspdlog-dev libssl-dev libsodium-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcurl4-openssl-dev
  postgresql curl ca-certificates jq python3
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
