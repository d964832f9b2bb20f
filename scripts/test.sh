#!/usr/bin/env bash
# The whole test suite, from nothing: installs and builds (scripts/setup.sh), starts a throwaway
# PostgreSQL, runs every GoogleTest suite on SQLite and PostgreSQL, then the conformance runs
# against a real scimd binary on both databases, and removes the PostgreSQL cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

eval "$(scripts/pg-throwaway.sh start)"
trap 'scripts/pg-throwaway.sh stop "$PG_DIR"' EXIT

export SCIMD_TEST_PG
echo "test: PostgreSQL at $SCIMD_TEST_PG"
ctest --test-dir build --output-on-failure -j "$(nproc 2>/dev/null || echo 2)"

if [ -x conformance/run.sh ]; then
  conformance/run.sh --binary build/scimd --both --with-entitlements
fi
