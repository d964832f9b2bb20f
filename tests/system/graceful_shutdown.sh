#!/usr/bin/env bash
# Operating the real binary: the config file, JSON access logs, and a graceful stop on SIGTERM.
#
#   tests/system/graceful_shutdown.sh path/to/scimd
#
# On SQLite, and on PostgreSQL when SCIMD_TEST_PG is set:
#   1. starts scimd with the shipped deploy/scimd.toml (database and port overridden on the
#      command line, which wins over the file);
#   2. checks that every log line is a JSON object and that a request's access line has ts, level,
#      request_id (the client's X-Request-Id), method, path (without the query), status,
#      duration_ms, tenant_id and token_id, and never the bearer token;
#   3. uploads a Bulk request of 300 users slowly (about 3 s), sends SIGTERM while it is in flight,
#      and checks: a new connection is refused at once, the Bulk answers 200 with 300 created
#      users, scimd logs the shutdown and exits 0, and a restarted scimd lists the 300 users;
#   4. with --shutdown-timeout 1 and an upload that needs longer, SIGTERM ends scimd within about
#      a second with exit status 1, a "shutdown timeout" log line, and nothing created;
#   5. a config file with an unknown key stops scimd at start with the key and line named.
# Needs bash, curl, jq and python3. Exits 0 when every check passed, 1 otherwise.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

scimd=${1:?usage: graceful_shutdown.sh path/to/scimd}
example="$here/../../deploy/scimd.toml"

work=$(mktemp -d /tmp/scimd-shutdown.XXXXXX)
server_pid=""
pg_database=""
failures=0

cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  drop_pg_database
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# start DB LOG [FLAGS...]: starts scimd with the example config; sets server_pid and base.
start() {
  local db=$1 log=$2 port
  shift 2
  : >"$log"
  "$scimd" serve --config "$example" --db "$db" --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
  server_pid=$!
  port=$(scimd_port_of "$log" "$server_pid")
  [ -n "$port" ] || { cat "$log"; fail "scimd did not start"; return 1; }
  base="http://127.0.0.1:$port"
}

# log_has LOG CONDITION: some line of LOG satisfies the jq CONDITION.
log_has() {
  jq -s -e "any(.[]; $2)" "$1" >/dev/null 2>&1
}

# wait_exit: waits for the server and sets rc to its exit status.
wait_exit() {
  wait "$server_pid"
  rc=$?
  server_pid=""
}

bulk_body() {  # bulk_body PREFIX COUNT
  python3 - "$1" "$2" <<'EOF'
import json, sys
prefix, n = sys.argv[1], int(sys.argv[2])
ops = [{"method": "POST", "path": "/Users", "bulkId": "b%d" % i,
        "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s-%d@example.com" % (prefix, i)}}
       for i in range(n)]
print(json.dumps({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": ops}))
EOF
}

count_users() {  # count_users PREFIX: totalResults of userName sw PREFIX
  curl -s -H "Authorization: Bearer $token" \
    "$base/scim/v2/Users?count=1&filter=userName%20sw%20%22$1%22" | jq -r .totalResults
}

check_logs() {  # check_logs LOG
  local log=$1 line n=0 access
  curl -s -o /dev/null -H "Authorization: Bearer $token" -H "X-Request-Id: sys-check-1" \
    "$base/scim/v2/Users?filter=userName%20eq%20%22secret%40example.com%22"
  sleep 0.2
  while IFS= read -r line; do
    n=$((n + 1))
    jq -e 'type == "object" and (.ts | type == "string") and (.level | type == "string") and (.msg | type == "string")' \
      <<<"$line" >/dev/null 2>&1 || fail "log line $n is not a JSON object with ts, level and msg: $line"
  done <"$log"
  [ "$n" -gt 0 ] || fail "no log lines"
  access=$(jq -c 'select(.request_id == "sys-check-1")' "$log" 2>/dev/null)
  jq -e '.msg == "request" and .method == "GET" and .path == "/scim/v2/Users" and .status == 200
         and (.duration_ms | type == "number") and (.tenant_id | type == "number")
         and (.token_id | type == "string") and (.ts | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T"))' <<<"$access" >/dev/null ||
    fail "access line lacks a field: $access"
  grep -q -- "$token" "$log" && fail "the bearer token appears in the log"
  grep -q "secret" "$log" && fail "the query string appears in the log"
  echo "  $n log lines are JSON; access line: $access"
}

run_on() {  # run_on LABEL DB_URL
  local label=$1 db=$2 out started rc elapsed
  echo "graceful shutdown on $label"
  token=$("$scimd" token create --db "$db" --tenant shutdown 2>"$work/token.err") || { cat "$work/token.err"; fail "token create"; return; }
  start "$db" "$work/$label.log" || return
  check_logs "$work/$label.log"

  # A Bulk request in flight when SIGTERM arrives: uploaded at 15 kB/s, about 3 s.
  bulk_body "drain-$label" 300 >"$work/bulk.json"
  curl -s -o "$work/bulk.out" -w '%{http_code}' --limit-rate 15k -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/scim+json' --data-binary @"$work/bulk.json" "$base/scim/v2/Bulk" >"$work/bulk.code" &
  local curl_pid=$!
  sleep 1
  kill -TERM "$server_pid"
  sleep 0.3
  curl -s -o /dev/null --max-time 2 "$base/healthz"
  [ $? -eq 7 ] || fail "a new connection during the drain was not refused"
  wait_exit
  wait "$curl_pid"
  [ "$rc" -eq 0 ] || fail "scimd exited $rc after SIGTERM (expected 0)"
  [ "$(cat "$work/bulk.code")" = 200 ] || fail "the Bulk in flight answered $(cat "$work/bulk.code")"
  [ "$(jq '[.Operations[] | select(.status == "201")] | length' "$work/bulk.out" 2>/dev/null)" = 300 ] ||
    fail "the Bulk in flight did not create 300 users: $(head -c 300 "$work/bulk.out")"
  log_has "$work/$label.log" '.msg | test("received signal 15")' || fail "no log line for the signal"
  log_has "$work/$label.log" '.msg | test("^stopped")' || fail "no log line for the stop"
  log_has "$work/$label.log" '.msg == "request" and .path == "/scim/v2/Bulk" and .status == 200' ||
    fail "no access line for the Bulk"
  echo "  SIGTERM during a Bulk upload: Bulk $(cat "$work/bulk.code"), exit $rc;" \
    "$(jq -r 'select(.msg | test("received signal|^stopped")) | .msg' "$work/$label.log" | tr '\n' ' ')"

  start "$db" "$work/$label-2.log" || return
  [ "$(count_users "drain-$label")" = 300 ] || fail "after a restart, $(count_users "drain-$label") of 300 users"

  # The drain is bounded: an upload that needs 9 s is cut off after --shutdown-timeout 1.
  kill -TERM "$server_pid"
  wait_exit
  start "$db" "$work/$label-3.log" --shutdown-timeout 1 || return
  bulk_body "cut-$label" 300 >"$work/bulk.json"
  curl -s -o /dev/null --limit-rate 5k -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
    --data-binary @"$work/bulk.json" "$base/scim/v2/Bulk" &
  curl_pid=$!
  sleep 1
  started=$(date +%s%N)
  kill -TERM "$server_pid"
  wait_exit
  elapsed=$((($(date +%s%N) - started) / 1000000))
  wait "$curl_pid"
  [ "$rc" -eq 1 ] || fail "scimd exited $rc after the drain timed out (expected 1)"
  [ "$elapsed" -lt 3000 ] || fail "the drain took ${elapsed} ms with --shutdown-timeout 1"
  log_has "$work/$label-3.log" '.msg | test("shutdown timeout")' || fail "no shutdown timeout log line"
  start "$db" "$work/$label-4.log" || return
  [ "$(count_users "cut-$label")" = 0 ] || fail "the cut-off Bulk created users"
  echo "  drain timeout: exit $rc after ${elapsed} ms, nothing created"
  kill -TERM "$server_pid"
  wait_exit
}

on_sqlite_and_postgresql graceful_shutdown "$work/scimd.db"

echo "config file errors"
printf 'listen = "127.0.0.1:0"\nrate_limit = 5\n' >"$work/bad.toml"
"$scimd" serve --config "$work/bad.toml" --db "sqlite:$work/bad.db" >"$work/bad.log" 2>&1 &
server_pid=$!
wait_exit
[ "$rc" -eq 2 ] || fail "an unknown key exited $rc (expected 2)"
grep -q "bad.toml:2: unknown key 'rate_limit'" "$work/bad.log" || fail "unclear message: $(cat "$work/bad.log")"
echo "  $(head -c 200 "$work/bad.log")"

if [ "$failures" -eq 0 ]; then
  echo "graceful_shutdown: PASS"
  exit 0
fi
echo "graceful_shutdown: FAIL ($failures problems)"
exit 1
