#!/usr/bin/env bash
# Access-change notifications survive crashes of the delivering process (issue 7, point 2).
#
#   tests/system/outbox_delivery.sh path/to/scimd
#
# On a fresh SQLite file, and on a fresh PostgreSQL database when SCIMD_TEST_PG is set:
#   1. starts a webhook receiver (webhook_receiver.py: a real HTTP server on 127.0.0.1 that
#      verifies every signature, answers slowly, and fails every 5th request with 503), points the
#      tenant's webhook at it (`scimd tenant set --webhook --webhook-secret`) and starts scimd;
#   2. produces events for several users (seed_events);
#   3. kills scimd with SIGKILL while a delivery is in flight (the receiver is still answering),
#      restarts it, and does that twice;
#   4. waits until `scimd outbox list --status pending` is empty, then checks the receiver's log:
#      every event arrived at least once with a valid signature; for each user, event i never
#      arrived before event i-1 had been answered 2xx (in order per user, across the crashes);
#      `outbox list` shows every event delivered. Duplicates (at least once) are counted.
# Needs bash, python3, jq, and sqlite3 / psql for seed_events. Exits 0 when every check passed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

scimd=${1:?usage: outbox_delivery.sh path/to/scimd}
scimd=$(cd "$(dirname "$scimd")" && pwd)/$(basename "$scimd")
for tool in python3 jq sqlite3; do
  command -v "$tool" >/dev/null || { echo "outbox_delivery: needs $tool (apt-get install -y $tool)" >&2; exit 1; }
done

users=${OUTBOX_USERS:-4}
per_user=${OUTBOX_EVENTS_PER_USER:-6}
delay_ms=${OUTBOX_RECEIVER_DELAY_MS:-300}
secret="system-test-secret-0123456789"
tenant=outbox

work=$(mktemp -d /tmp/scimd-outbox.XXXXXX)
server_pid=""
receiver_pid=""
pg_database=""
failures=0

cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null && wait "$receiver_pid" 2>/dev/null
  if [ -n "$pg_database" ]; then
    psql "$SCIMD_TEST_PG" -qAt -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
  echo "  FAIL: $*"
  failures=$((failures + 1))
}

# seed_events DB_URL: appends OUTBOX_USERS x OUTBOX_EVENTS_PER_USER pending events of tenant
# $tenant, interleaved by user, in one transaction, with payload {"id","type","userId","index"};
# writes the expected "<event id> <userId> <index>" lines to $work/expected.
# Until the write path produces events itself, the rows go in directly (the columns of
# db/*/005_rules_outbox_audit.sql). Replace this function with SCIM writes (e.g. PATCH a group's
# members) once it does, keeping the expected file.
seed_events() {
  local db=$1 sql="" i u id payload now
  : >"$work/expected"
  for i in $(seq 1 "$per_user"); do
    for u in $(seq 1 "$users"); do
      id="evt-u$u-$i"
      payload='{"id":"'$id'","type":"access.changed","userId":"u'$u'","index":'$i'}'
      sql+="INSERT INTO outbox (tenant_id, id, user_id, payload, status, attempts, next_attempt, created) "
      sql+="SELECT id, '$id', 'u$u', '$payload', 'pending', 0, NOW_TEXT, NOW_TEXT FROM tenants WHERE name_folded = '$tenant';"$'\n'
      echo "$id u$u $i" >>"$work/expected"
    done
  done
  case "$db" in
    sqlite:*)
      now="strftime('%Y-%m-%dT%H:%M:%fZ','now')"
      printf '.timeout 10000\nBEGIN IMMEDIATE;\n%sCOMMIT;\n' "${sql//NOW_TEXT/$now}" | sqlite3 "${db#sqlite:}" ;;
    *)
      now="to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
      local conn=${db}
      case "$conn" in postgresql://* | postgres://*) ;; *) conn=${conn#postgresql:} ;; esac
      printf 'BEGIN;\n%sCOMMIT;\n' "${sql//NOW_TEXT/$now}" | psql "$conn" -qAt -v ON_ERROR_STOP=1 >/dev/null ;;
  esac
}

start_receiver() {
  rm -f "$work/port"
  : >"$work/receiver.log"
  python3 "$here/webhook_receiver.py" "$work/port" "$work/receiver.log" "$secret" \
    --delay-ms "$delay_ms" --fail-every 5 2>"$work/receiver.err" &
  receiver_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$work/port" ] && return
    sleep 0.1
  done
  echo "outbox_delivery: the receiver did not start:" >&2
  cat "$work/receiver.err" >&2
  exit 1
}

start_server() {  # start_server DB_URL LOG
  "$scimd" serve --db "$1" --listen 127.0.0.1:0 --threads 2 --webhook-timeout 5 >"$2" 2>&1 &
  server_pid=$!
  if [ -z "$(scimd_port_of "$2" "$server_pid")" ]; then
    echo "outbox_delivery: scimd did not start; its log:" >&2
    cat "$2" >&2
    exit 1
  fi
}

arrivals() { grep -c '^ARRIVE' "$work/receiver.log"; }

# kill_mid_delivery: waits for the next request to arrive, then kills scimd while the receiver
# is still answering it (it waits delay_ms before it answers).
kill_mid_delivery() {
  local before
  before=$(arrivals)
  for _ in $(seq 1 200); do
    [ "$(arrivals)" -gt "$before" ] && break
    sleep 0.05
  done
  sleep 0.1
  kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null
  server_pid=""
}

wait_until_delivered() {  # wait_until_delivered DB_URL
  local pending
  for _ in $(seq 1 120); do
    pending=$("$scimd" outbox list --db "$1" --tenant "$tenant" --status pending --count 1000 | wc -l)
    [ "$pending" -eq 0 ] && return 0
    sleep 0.5
  done
  fail "$pending events still pending after 60 s"
  return 1
}

# check_log: at least once, valid signatures, in order per user.
check_log() {
  local id user index status dup
  grep -q '^BADSIG' "$work/receiver.log" && fail "signatures that do not verify: $(grep -c '^BADSIG' "$work/receiver.log")"
  while read -r id user index; do
    grep -q "^ANSWER 200 $id " "$work/receiver.log" || fail "event $id was never delivered"
  done <"$work/expected"
  # Event i of a user arrives only after event i-1 of that user was answered 2xx.
  declare -A answered=()
  while read -r kind a b c d; do
    case "$kind" in
      ARRIVE)
        [ "$c" -gt 1 ] && [ -z "${answered[$b:$((c - 1))]:-}" ] &&
          fail "event $a (user $b, #$c) arrived before #$((c - 1)) of that user was delivered" ;;
      ANSWER)
        [ "$a" = 200 ] && answered[$c:$d]=1 ;;
    esac
  done <"$work/receiver.log"
  dup=$(grep '^ANSWER 200' "$work/receiver.log" | awk '{print $3}' | sort | uniq -d | wc -l)
  echo "  $(wc -l <"$work/expected") events, $(arrivals) requests received, $(grep -c '^ANSWER 503' "$work/receiver.log") answered 503, $dup delivered more than once"
}

run_on() {  # run_on LABEL DB_URL
  local label=$1 db=$2 cycle delivered
  echo "outbox delivery on $label"
  start_receiver
  "$scimd" tenant set --db "$db" --tenant "$tenant" --webhook "http://127.0.0.1:$(cat "$work/port")/hook" \
    --webhook-secret "$secret" >"$work/tenant.out" 2>&1 || { cat "$work/tenant.out"; fail "tenant set"; return; }
  grep -q "$secret" "$work/tenant.out" && fail "tenant set printed the secret"
  start_server "$db" "$work/$label-0.log"
  seed_events "$db" || { fail "seed_events"; return; }
  for cycle in 1 2; do
    kill_mid_delivery
    echo "  killed scimd (kill -9) during a delivery; restarting"
    start_server "$db" "$work/$label-$cycle.log"
  done
  wait_until_delivered "$db"
  check_log
  delivered=$("$scimd" outbox list --db "$db" --tenant "$tenant" --status delivered --count 1000 | jq -s 'length')
  [ "$delivered" -eq "$(wc -l <"$work/expected")" ] || fail "outbox list shows $delivered delivered events"
  kill "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=""
  kill "$receiver_pid" 2>/dev/null
  wait "$receiver_pid" 2>/dev/null
  receiver_pid=""
}

run_on sqlite "sqlite:$work/scimd.db"

if [ -n "${SCIMD_TEST_PG:-}" ]; then
  pg_database="scimd_outbox_$$_$RANDOM"
  psql "$SCIMD_TEST_PG" -qAt -c "CREATE DATABASE $pg_database" >/dev/null || { echo "outbox_delivery: cannot CREATE DATABASE" >&2; exit 1; }
  run_on postgresql "$(scimd_db_url_for "$pg_database")"
else
  echo "outbox delivery on postgresql: skipped (SCIMD_TEST_PG is not set)"
fi

if [ "$failures" -eq 0 ]; then
  echo "outbox_delivery: PASS"
  exit 0
fi
echo "outbox_delivery: FAIL ($failures problems)"
exit 1
