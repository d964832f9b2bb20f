#!/usr/bin/env bash
# Conformance runs against a live scimd: the public suites in ../shared/conformance-suites (newman)
# and our replayed identity-provider provisioning cycles (conformance/scenarios, replay.js).
#
#   conformance/run.sh --binary build/scimd [--both]      start scimd on SQLite (and PostgreSQL)
#   conformance/run.sh --url URL --token TOKEN            use a server that is already running
#
# Options:
#   --both                 also run on PostgreSQL when SCIMD_TEST_PG is set (libpq keyword string);
#                          a fresh database scimd_conf_<random> is created and dropped afterwards
#   --with-entitlements    also run Okta's entitlements suite (OKTA_ENTITLEMENT_ENDPOINTS, default /Roles)
#   --suites LIST          public suites to run (default microsoft,okta); "none" for none
#   --no-scenarios         skip the replayed scenarios
#   --scenario FILE        run only this scenario file (repeatable)
# Environment: SCIMD_CONFORMANCE_SUITES (default ../shared/conformance-suites beside the repo),
#   OKTA_PAUSES=1 (keep Okta's Runscope pauses), CONFORMANCE_REQUEST_TIMEOUT_MS (default 15000).
#
# Ends with one line "conformance: N passed, M failed" (newman assertions + scenario checks over
# every run) and exits non-zero when anything failed or nothing ran.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")

binary=""
both=0
url=""
token=""
suites="microsoft,okta"
entitlements=0
scenarios=1
scenario_files=()

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=${2:?--binary needs a path}; shift 2 ;;
    --both) both=1; shift ;;
    --url) url=${2:?--url needs a value}; shift 2 ;;
    --token) token=${2:?--token needs a value}; shift 2 ;;
    --with-entitlements) entitlements=1; shift ;;
    --suites) suites=${2:?--suites needs a list}; shift 2 ;;
    --no-scenarios) scenarios=0; shift ;;
    --scenario) scenario_files+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [ -n "$binary" ] && [ -n "$url" ]; then echo "run.sh: use --binary or --url, not both" >&2; exit 2; fi
if [ -z "$binary" ] && [ -z "$url" ]; then echo "run.sh: --binary PATH or --url URL --token TOKEN is required" >&2; exit 2; fi
if [ -n "$url" ] && [ -z "$token" ]; then echo "run.sh: --url needs --token" >&2; exit 2; fi
[ "$suites" = "none" ] && suites=""
if [ "$entitlements" -eq 1 ]; then suites="${suites:+$suites,}okta-entitlements"; fi
[ ${#scenario_files[@]} -eq 0 ] && scenario_files=("$here/scenarios")

if [ -n "$binary" ]; then
  case "$binary" in /*) ;; *) binary="$PWD/$binary" ;; esac
  if [ ! -x "$binary" ]; then echo "run.sh: $binary is not an executable" >&2; exit 2; fi
fi

suites_dir=${SCIMD_CONFORMANCE_SUITES:-$repo/../shared/conformance-suites}
if [ -n "$suites" ] && [ ! -d "$suites_dir" ]; then
  echo "run.sh: public suites not found at $suites_dir (set SCIMD_CONFORMANCE_SUITES)" >&2
fi

# --- Node and newman ----------------------------------------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing nodejs and npm from Debian" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
fi
if ! command -v node >/dev/null 2>&1; then echo "run.sh: node (18 or newer) is required" >&2; exit 2; fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then echo "run.sh: node $(node --version) is too old, 18 or newer is required" >&2; exit 2; fi

if [ -n "$suites" ] && [ ! -f "$here/node_modules/newman/package.json" ]; then
  echo "run.sh: installing newman into conformance/node_modules" >&2
  # Use the system's CA bundle (Debian's node ships its own list, which misses local CAs).
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    export NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
    export npm_config_cafile=${npm_config_cafile:-/etc/ssl/certs/ca-certificates.crt}
  fi
  (cd "$here" && { timeout 600 npm ci --no-audit --no-fund --loglevel=error ||
                   timeout 600 npm install --no-audit --no-fund --loglevel=error; }) >&2 ||
  # A machine behind a TLS-inspecting proxy whose CA is not installed cannot verify the
  # registry. package-lock.json pins every package with a sha512 integrity hash that npm
  # checks on install, so fetching without certificate verification cannot change what runs.
  { echo "run.sh: npm could not verify the registry's certificate; retrying with the lockfile's integrity hashes only" >&2
    (cd "$here" && timeout 600 npm ci --no-audit --no-fund --loglevel=error --strict-ssl=false) >&2; }
fi

# --- bookkeeping and cleanup --------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/scimd-conformance.XXXXXX")
results=()
server_pids=()
child_pids=()
pg_dbs=()

# Runs a command in the background and waits for it, so that a signal to run.sh is handled at
# once (bash defers traps while a foreground command runs).
run_child() {
  "$@" &
  local pid=$!
  child_pids+=("$pid")
  wait "$pid"
}

drop_pg_db() {
  local db=$1
  timeout 30 psql "$SCIMD_TEST_PG" -qAt -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
    timeout 30 psql "$SCIMD_TEST_PG" -qAt -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 ||
    echo "run.sh: could not drop database $db" >&2
}

cleanup() {
  local pid db
  for pid in "${child_pids[@]}"; do
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${server_pids[@]}"; do
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${server_pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  done
  for db in "${pg_dbs[@]}"; do drop_pg_db "$db"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

# A failure that is not an assertion (server did not start, ...) counts as one failed check.
record_failure() {
  local label=$1 what=$2 reason=$3
  local f="$work/$label-$what-failure.json"
  node -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify({label: process.argv[2], what: process.argv[3], passed: 0, failed: 1, reason: process.argv[4]}))' \
    "$f" "$label" "$what" "$reason"
  results+=("$f")
  echo "run.sh: [$label] $what: $reason"
}

run_all() {
  local label=$1 base=$2 tok=$3
  if [ -n "$suites" ]; then
    run_child timeout 1800 node "$here/run-suites.js" --base "$base" --token "$tok" --suites "$suites" \
      --suites-dir "$suites_dir" --label "$label" --results "$work/$label-suites.json" --work "$work"
    [ -f "$work/$label-suites.json" ] && results+=("$work/$label-suites.json") ||
      record_failure "$label" "public suites" "runner did not finish (see above)"
  fi
  if [ "$scenarios" -eq 1 ]; then
    run_child timeout 900 node "$here/replay.js" --base "$base" --token "$tok" --label "$label" \
      --results "$work/$label-scenarios.json" "${scenario_files[@]}"
    [ -f "$work/$label-scenarios.json" ] && results+=("$work/$label-scenarios.json") ||
      record_failure "$label" "scenarios" "replay did not finish (see above)"
  fi
}

run_binary() {
  local label=$1 db_url=$2
  local port log pid tok
  echo
  echo "######## $label: $binary serve --db $db_url"
  port=$(node "$here/tools.js" free-port)
  log="$work/server-$label.log"
  "$binary" serve --db "$db_url" --listen "127.0.0.1:$port" >"$log" 2>&1 &
  pid=$!
  server_pids+=("$pid")
  if ! node "$here/tools.js" wait-http "http://127.0.0.1:$port/healthz" 30 "$pid"; then
    echo "---- server log ($label) ----"; tail -n 40 "$log"
    record_failure "$label" "server" "scimd exited or did not answer GET /healthz with 200 within 30s"
    kill -TERM "$pid" 2>/dev/null
    return
  fi
  if ! tok=$(timeout 60 "$binary" token create --db "$db_url" --tenant conformance --role admin) ||
     [ -z "$tok" ] || [ "$(printf '%s\n' "$tok" | wc -l)" -ne 1 ]; then
    record_failure "$label" "token" "scimd token create failed or printed more than the token"
    kill -TERM "$pid" 2>/dev/null
    return
  fi
  run_all "$label" "http://127.0.0.1:$port/scim/v2" "$tok"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "---- server log ($label) ----"; tail -n 40 "$log"
    record_failure "$label" "server" "scimd exited during the run"
    return
  fi
  kill -TERM "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
    record_failure "$label" "server" "scimd did not stop within 10s of SIGTERM"
  fi
  wait "$pid" 2>/dev/null
  local errors
  errors=$(grep -c -E '\[(critical|error)\]|"level":"(critical|error)"' "$log" 2>/dev/null || true)  # text or JSON logs
  echo "$label: server log has ${errors:-0} error lines ($log is removed at exit)"
}

if [ -n "$url" ]; then
  echo "run.sh: running against $url (the microsoft suite expects an empty tenant)"
  run_all "url" "${url%/}" "$token"
else
  sqlite_file="$work/conformance.db"
  run_binary sqlite "sqlite:$sqlite_file"
  if [ "$both" -eq 1 ]; then
    if [ -z "${SCIMD_TEST_PG:-}" ]; then
      echo
      echo "run.sh: --both: SCIMD_TEST_PG is not set, PostgreSQL run skipped"
    elif ! command -v psql >/dev/null 2>&1; then
      record_failure postgresql "database" "psql is not installed"
    else
      db="scimd_conf_$(date +%s)_$RANDOM"
      if timeout 60 psql "$SCIMD_TEST_PG" -v ON_ERROR_STOP=1 -qAt -c "CREATE DATABASE \"$db\"" >/dev/null; then
        pg_dbs+=("$db")
        if printf '%s' "$SCIMD_TEST_PG" | grep -qE '(^|[[:space:]])dbname='; then
          conninfo=$(printf '%s' "$SCIMD_TEST_PG" | sed -E "s/(^|[[:space:]])dbname=[^[:space:]]*/\1dbname=$db/")
        else
          conninfo="$SCIMD_TEST_PG dbname=$db"
        fi
        run_binary postgresql "postgresql:$conninfo"
      else
        record_failure postgresql "database" "CREATE DATABASE $db failed"
      fi
    fi
  fi
fi

echo
echo "######## summary"
if [ ${#results[@]} -eq 0 ]; then
  echo "conformance: 0 passed, 1 failed"
  exit 1
fi
node "$here/tools.js" recap "${results[@]}"
read -r passed failed < <(node "$here/tools.js" sum "${results[@]}")
echo "conformance: ${passed} passed, ${failed} failed"
if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
exit 0
