#!/usr/bin/env bash
# Horizontal scale: two scimd processes on one PostgreSQL database serve one tenant as one.
#
#   tests/system/two_instances.sh path/to/scimd path/to/scimd_race_check
#
# Needs SCIMD_TEST_PG (libpq keyword string of a server where we may CREATE DATABASE). Without
# it the test prints that it needs PostgreSQL and passes, unless CI is set, where it fails.
#   1. creates a fresh database and starts four processes at the same moment on it (each applies
#      migrations at start, as replicas rolled out together do), on ports chosen by the OS; all
#      four must come up; two of them serve the rest of the test;
#   2. creates a token for one tenant and runs scimd_race_check with 16 clients spread
#      round-robin over the two processes: unique userName race (one 201), member add/remove race
#      (exact set), If-Match races on PUT and PATCH (one winner), PATCH without If-Match (no lost
#      update), deleted user leaves every group during concurrent member adds, a write on one
#      process read at once on the other, and cursors from one process paging on in the other;
#   3. drops the database and stops both processes.
# Exits 0 when every check passed, 1 otherwise.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

scimd=${1:?usage: two_instances.sh path/to/scimd path/to/scimd_race_check}
race_check=${2:?usage: two_instances.sh path/to/scimd path/to/scimd_race_check}

needs_postgresql two_instances

work=$(mktemp -d /tmp/scimd-two-instances.XXXXXX)
database="scimd_two_instances_$$_$RANDOM"
pids=()
failures=0

cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  psql "$SCIMD_TEST_PG" -qAt -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

psql "$SCIMD_TEST_PG" -qAt -c "CREATE DATABASE $database" >/dev/null || { echo "two_instances: cannot CREATE DATABASE" >&2; exit 1; }
db=$(scimd_db_url_for "$database")

# launch NAME: starts scimd in the background with its log in $work/NAME.log.
launch() {
  "$scimd" serve --db "$db" --listen 127.0.0.1:0 --threads 4 >"$work/$1.log" 2>&1 &
  pids+=($!)
  eval "pid_$1=$!"
}

# port_of NAME: the port instance NAME serves on, or nothing when it exited.
port_of() {
  local pid
  eval "pid=\$pid_$1"
  scimd_port_of "$work/$1.log" "$pid"
}

# 1. Four processes at once on a fresh database (as replicas rolled out together); a and b
#    serve the rest of the test, c and d stop once they are up.
for name in a b c d; do launch "$name"; done
started=0 exited=""
for name in a b c d; do
  eval "port_$name=\$(port_of $name)"
  eval "port=\$port_$name"
  if [ -n "$port" ]; then started=$((started + 1)); else exited+="$name: $(tail -n 1 "$work/$name.log") "; fi
done
if [ "$started" -eq 4 ]; then
  echo "PASS four processes started together on a fresh database all serve"
else
  fail "four processes started together on a fresh database: $((4 - started)) exited ($exited)"
fi
for name in c d; do eval "kill \$pid_$name 2>/dev/null"; done
for name in a b; do
  eval "port=\$port_$name"
  [ -n "$port" ] && continue
  launch "$name"   # again, now that the database is migrated
  eval "port_$name=\$(port_of $name)"
  eval "port=\$port_$name"
  [ -n "$port" ] || { fail "instance $name does not start: $(tail -n 3 "$work/$name.log" | tr '\n' ' ')"; exit 1; }
done

# 2. One tenant, 16 clients over both processes.
token=$("$scimd" token create --db "$db" --tenant two-instances 2>"$work/token.err") ||
  { cat "$work/token.err" >&2; fail "token create"; exit 1; }
for port in "$port_a" "$port_b"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] || fail "readyz on port $port"
done
"$race_check" --token "$token" --clients 16 "http://127.0.0.1:$port_a" "http://127.0.0.1:$port_b"
[ $? -eq 0 ] || failures=$((failures + 1))

if [ "$failures" -eq 0 ]; then
  echo "two_instances: PASS"
  exit 0
fi
echo "two_instances: FAIL"
exit 1
