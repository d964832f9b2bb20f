#!/usr/bin/env bash
# Slow clients cannot starve the others.
#
#   tests/system/slow_clients.sh path/to/scimd
#
# On SQLite, and on PostgreSQL when SCIMD_TEST_PG is set: starts scimd with its default worker
# threads and a 3 s header timeout, then opens 200 connections that each send a request one
# byte per second (trickle.py, reconnecting when the server closes one). While they trickle, a
# normal GET /Users/{id} with a token must answer 200 within one second, five times. Afterwards
# the server must have closed the trickling connections (header timeout, 408) and still serve.
# Needs bash, curl, jq and python3. Exits 0 when every check passed, 1 otherwise.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

scimd=${1:?usage: slow_clients.sh path/to/scimd}
connections=${SLOW_CLIENTS:-200}
trickle_seconds=${SLOW_CLIENTS_SECONDS:-9}

work=$(mktemp -d /tmp/scimd-slow-clients.XXXXXX)
server_pid=""
trickle_pid=""
pg_database=""
failures=0

cleanup() {
  [ -n "$trickle_pid" ] && kill "$trickle_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  drop_pg_database
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

run_on() {  # run_on LABEL DB_URL
  local label=$1 db=$2 token port base id i out code seconds stats
  echo "slow clients on $label"
  token=$("$scimd" token create --db "$db" --tenant slow 2>"$work/token.err") || { cat "$work/token.err"; fail "token create"; return; }
  "$scimd" serve --db "$db" --listen 127.0.0.1:0 --header-timeout 3 >"$work/$label.log" 2>&1 &
  server_pid=$!
  port=$(scimd_port_of "$work/$label.log" "$server_pid")
  [ -n "$port" ] || { cat "$work/$label.log"; fail "scimd did not start"; return; }
  base="http://127.0.0.1:$port"
  id=$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
    -d '{"userName":"steady@example.com"}' "$base/scim/v2/Users" | jq -r .id)
  [ -n "$id" ] && [ "$id" != null ] || { fail "could not create a user"; return; }

  python3 "$here/trickle.py" 127.0.0.1 "$port" "$connections" "$trickle_seconds" >"$work/trickle.json" &
  trickle_pid=$!
  sleep 1.5  # every slow connection is open and has sent its first bytes
  for i in 1 2 3 4 5; do
    out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 \
      -H "Authorization: Bearer $token" "$base/scim/v2/Users/$id")
    code=${out% *} seconds=${out#* }
    echo "  GET /Users/{id} while $connections clients trickle: $code in ${seconds}s"
    [ "$code" = 200 ] || fail "GET answered $code"
    awk -v s="$seconds" 'BEGIN { exit !(s < 1.0) }' || fail "GET took ${seconds}s (limit 1s)"
    sleep 1
  done
  wait "$trickle_pid"
  trickle_pid=""
  stats=$(cat "$work/trickle.json")
  echo "  trickle: $stats"
  [ "$(jq .opened <<<"$stats")" -ge "$connections" ] || fail "only $(jq .opened <<<"$stats") slow connections opened"
  # With a 3 s header timeout, each slow connection is closed after about 3.5 s.
  [ "$(jq .closed_by_server <<<"$stats")" -ge "$connections" ] ||
    fail "the server closed only $(jq .closed_by_server <<<"$stats") slow connections (header timeout)"
  [ "$(jq .answered_408 <<<"$stats")" -ge 1 ] || fail "no slow connection was answered 408"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/scim/v2/Users/$id")
  [ "$code" = 200 ] || fail "after the slow clients: $code"
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null
  server_pid=""
}

on_sqlite_and_postgresql slow_clients "$work/scimd.db"

if [ "$failures" -eq 0 ]; then
  echo "slow_clients: PASS"
  exit 0
fi
echo "slow_clients: FAIL ($failures problems)"
exit 1
