#!/usr/bin/env bash
# scimd recovers when PostgreSQL drops its connections (a database restart, a failover, a proxy's
# idle timeout): after every server process of scimd's connections is terminated
# (pg_terminate_backend), scimd must serve again within a few seconds, without being restarted.
#
#   tests/system/reconnect.sh path/to/scimd
#
# PostgreSQL only (SCIMD_TEST_PG); without it the test passes with a note unless CI is set.
# Exits 0 when scimd serves again (readyz 200, a GET and a POST succeed), 1 otherwise.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

scimd=${1:?usage: reconnect.sh path/to/scimd}
recover_seconds=${RECONNECT_SECONDS:-5}

needs_postgresql reconnect

work=$(mktemp -d /tmp/scimd-reconnect.XXXXXX)
database="scimd_reconnect_$$_$RANDOM"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  psql "$SCIMD_TEST_PG" -qAt -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

psql "$SCIMD_TEST_PG" -qAt -c "CREATE DATABASE $database" >/dev/null || { echo "reconnect: cannot CREATE DATABASE" >&2; exit 1; }
db=$(scimd_db_url_for "$database")
token=$("$scimd" token create --db "$db" --tenant reconnect 2>"$work/token.err") || { cat "$work/token.err" >&2; exit 1; }

"$scimd" serve --db "$db" --listen 127.0.0.1:0 --threads 2 >"$work/scimd.log" 2>&1 &
pid=$!
port=$(scimd_port_of "$work/scimd.log" "$pid")
[ -n "$port" ] || { echo "reconnect: scimd did not start"; cat "$work/scimd.log"; exit 1; }
base="http://127.0.0.1:$port"

status() {  # status METHOD PATH [BODY]
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X "$1" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/scim+json' ${3:+--data-binary "$3"} "$base$2"
}

before=$(status GET /scim/v2/Users)
[ "$before" = 200 ] || { echo "reconnect: FAIL (GET before the drop answered $before)"; exit 1; }
dropped=$(psql "$SCIMD_TEST_PG" -qAt -c \
  "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$database' AND pid <> pg_backend_pid()")
echo "reconnect: terminated $dropped PostgreSQL connections of scimd"

deadline=$((SECONDS + recover_seconds))
attempts=0 ready="" get="" post=""
while [ "$SECONDS" -le "$deadline" ]; do
  attempts=$((attempts + 1))
  ready=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base/readyz")
  get=$(status GET /scim/v2/Users)
  [ "$ready" = 200 ] && [ "$get" = 200 ] && break
  sleep 0.5
done
post=$(status POST /scim/v2/Users '{"userName":"after.reconnect"}')
echo "reconnect: after $attempts attempts in ${recover_seconds}s: readyz $ready, GET $get, POST $post"
if [ "$ready" = 200 ] && [ "$get" = 200 ] && [ "$post" = 201 ]; then
  echo "reconnect: PASS"
  exit 0
fi
echo "reconnect: FAIL (scimd does not serve again after its database connections were dropped)"
exit 1
