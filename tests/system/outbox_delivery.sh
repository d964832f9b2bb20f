#!/usr/bin/env bash
# Access-change notifications survive crashes of the delivering process (issue 7, point 2).
#
#   tests/system/outbox_delivery.sh path/to/scimd
#
# On a fresh SQLite file, and on a fresh PostgreSQL database when SCIMD_TEST_PG is set:
#   1. starts a webhook receiver (webhook_receiver.py: a real HTTP server on 127.0.0.1 that
#      verifies every signature, answers slowly, and fails every 5th request with 503), points the
#      tenant's webhook at it (`scimd tenant set --webhook --webhook-secret`) and starts scimd;
#   2. produces access.changed events for several users with real SCIM writes over HTTP
#      (produce_events: a notifying group grants an application, users join it and are
#      deactivated and reactivated), and checks the events `scimd outbox list` shows;
#   3. kills scimd with SIGKILL while a delivery is in flight (the receiver is still answering),
#      restarts it, and does that twice;
#   4. waits until `scimd outbox list --status pending` is empty, then checks the receiver's log:
#      every event arrived at least once with a valid signature; for each user, event i never
#      arrived before event i-1 had been answered 2xx (in order per user, across the crashes);
#      `outbox list` shows every event delivered. Duplicates (at least once) are counted.
# Needs bash, python3, curl, jq, and psql for PostgreSQL. Exits 0 when every check passed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

scimd=${1:?usage: outbox_delivery.sh path/to/scimd}
scimd=$(cd "$(dirname "$scimd")" && pwd)/$(basename "$scimd")
for tool in python3 curl jq; do
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
port=""
token=""
pg_database=""
failures=0

cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null && wait "$receiver_pid" 2>/dev/null
  drop_pg_database
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# scim METHOD PATH [BODY]: one SCIM request to the running scimd with the admin token; prints the
# response body and fails (returns 1, with the status and body on stderr) unless it is a 2xx.
scim() {
  local out code
  out=$(curl -s -o "$work/scim.body" -w '%{http_code}' --max-time 15 -X "$1" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
    "http://127.0.0.1:$port/scim/v2$2" ${3:+--data-binary "$3"})
  code=$out
  case "$code" in
    2??) cat "$work/scim.body" ;;
    *) echo "outbox_delivery: $1 $2 answered ${code:-nothing}: $(cat "$work/scim.body" 2>/dev/null)" >&2; return 1 ;;
  esac
}

# produce_events DB_URL: real SCIM writes through the running scimd that change users' access
# to an application: an Application, OUTBOX_USERS users, a group with the access extension
# (notifications webhook, edit on the application) that has them all as members (each user's
# event #1: none -> edit), then, interleaved by user, PATCH active false / true until each user
# has OUTBOX_EVENTS_PER_USER events. Then writes the expected "<event id> <userId> <index>" lines
# to $work/expected from `outbox list` (index: the event's place among its user's events, in seq
# order) and checks the events' payloads.
produce_events() {
  local db=$1 app u i group members="" value
  local -a user_ids=()
  app=$(scim POST /Applications \
    '{"schemas":["urn:scimd:params:scim:schemas:core:2.0:Application"],"name":"Outbox App"}' | jq -r .id) || return 1
  for u in $(seq 1 "$users"); do
    user_ids[u]=$(scim POST /Users '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"outbox-u'$u'@example.test","active":true}' |
      jq -r .id) || return 1
    members+="${members:+,}{\"value\":\"${user_ids[u]}\"}"
  done
  group=$(scim POST /Groups '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","urn:scimd:params:scim:schemas:extension:access:2.0:Group"],
    "displayName":"Outbox notified","members":['"$members"'],
    "urn:scimd:params:scim:schemas:extension:access:2.0:Group":{"active":true,"notifications":{"mode":"webhook"},
    "privileges":[{"application":"'"$app"'","access":"edit"}]}}' | jq -r .id) || return 1
  for i in $(seq 2 "$per_user"); do
    value=$([ $((i % 2)) -eq 0 ] && echo false || echo true)
    for u in $(seq 1 "$users"); do
      scim PATCH "/Users/${user_ids[u]}" '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":'$value'}]}' \
        >/dev/null || return 1
    done
  done
  "$scimd" outbox list --db "$db" --tenant "$tenant" --count 1000 >"$work/events.jsonl" || return 1
  jq -rs 'sort_by(.seq) | group_by(.userId) | map(to_entries[] | "\(.value.seq) \(.value.id) \(.value.userId) \(.key + 1)")
          | .[]' "$work/events.jsonl" | sort -n | cut -d' ' -f2- >"$work/expected"
  [ "$(wc -l <"$work/expected")" -eq $((users * per_user)) ] ||
    fail "the writes produced $(wc -l <"$work/expected") events, not $((users * per_user))"
  for u in $(seq 1 "$users"); do
    [ "$(awk -v u="${user_ids[u]}" '$2 == u' "$work/expected" | wc -l)" -eq "$per_user" ] ||
      fail "user ${user_ids[u]} has $(awk -v u="${user_ids[u]}" '$2 == u' "$work/expected" | wc -l) events, not $per_user"
  done
  # Every event is to be delivered (the group notifies), and each user's events alternate
  # none -> edit, edit -> none, ... for the application, with the documented payload.
  jq -s -e --arg app "$app" --arg tenant "$tenant" '
      all(.[]; .status != "recorded" and .payload.id == .id and .payload.type == "access.changed"
              and .payload.tenant == $tenant and .payload.userId == .userId and .payload.applicationId == $app
              and .payload.application == "Outbox App" and (.payload.userName | startswith("outbox-u"))
              and (.payload.at | type) == "string")
      and all(sort_by(.seq) | group_by(.userId)[]; to_entries | all(.[];
              [.value.payload.before, .value.payload.after] == (if .key % 2 == 0 then ["none", "edit"] else ["edit", "none"] end)))' \
    "$work/events.jsonl" >/dev/null || fail "events not as expected: $(jq -c '[.seq, .status, .payload]' "$work/events.jsonl" | head -n 8)"
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
  port=$(scimd_port_of "$2" "$server_pid")
  if [ -z "$port" ]; then
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
  [ "$(arrivals)" -gt "$before" ] || fail "no delivery arrived within 10 s, so none was in flight when scimd was killed"
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
  local id user index dup kind a b c n
  grep -q '^BADSIG' "$work/receiver.log" && fail "signatures that do not verify: $(grep -c '^BADSIG' "$work/receiver.log")"
  # Each event's user and place among that user's events (seq order), from $work/expected.
  declare -A user_of=() index_of=()
  while read -r id user index; do
    user_of[$id]=$user
    index_of[$id]=$index
    grep -q "^ANSWER 200 $id " "$work/receiver.log" || fail "event $id was never delivered"
  done <"$work/expected"
  # Event i of a user arrives only after event i-1 of that user was answered 2xx.
  declare -A answered=()
  while read -r kind a b c _; do
    case "$kind" in
      ARRIVE)
        user=${user_of[$a]:-}
        n=${index_of[$a]:-}
        if [ -z "$n" ]; then
          fail "event $a (user $b) arrived but is not among the tenant's events"
        elif [ "$user" != "$b" ]; then
          fail "event $a arrived for user $b, its payload in the outbox names $user"
        elif [ "$n" -gt 1 ] && [ -z "${answered[$user:$((n - 1))]:-}" ]; then
          fail "event $a (user $user, #$n) arrived before #$((n - 1)) of that user was delivered"
        fi ;;
      ANSWER)
        [ "$a" = 200 ] && [ -n "${index_of[$b]:-}" ] && answered[${user_of[$b]}:${index_of[$b]}]=1 ;;
    esac
  done <"$work/receiver.log"
  dup=$(grep '^ANSWER 200' "$work/receiver.log" | awk '{print $3}' | sort | uniq -d | wc -l)
  echo "  $(wc -l <"$work/expected") events, $(arrivals) requests received, $(grep -c '^ANSWER 503' "$work/receiver.log") answered 503, $dup delivered more than once"
}

# stop_processes: stops scimd and the receiver of this run (when they are running).
stop_processes() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=""
  fi
  if [ -n "$receiver_pid" ]; then
    kill "$receiver_pid" 2>/dev/null
    wait "$receiver_pid" 2>/dev/null
    receiver_pid=""
  fi
}

run_on() {  # run_on LABEL DB_URL
  local label=$1 db=$2
  echo "outbox delivery on $label"
  run_body "$label" "$db"
  stop_processes
}

run_body() {  # run_body LABEL DB_URL
  local label=$1 db=$2 cycle delivered
  start_receiver
  "$scimd" tenant set --db "$db" --tenant "$tenant" --webhook "http://127.0.0.1:$(cat "$work/port")/hook" \
    --webhook-secret "$secret" >"$work/tenant.out" 2>&1 || { cat "$work/tenant.out"; fail "tenant set"; return; }
  grep -q "$secret" "$work/tenant.out" && fail "tenant set printed the secret"
  token=$("$scimd" token create --db "$db" --tenant "$tenant" --role admin 2>"$work/token.err") ||
    { cat "$work/token.err"; fail "token create"; return; }
  start_server "$db" "$work/$label-0.log"
  # The writes go through the running scimd; its dispatcher starts delivering meanwhile.
  produce_events "$db" || { fail "produce_events (SCIM writes)"; return; }
  for cycle in 1 2; do
    kill_mid_delivery
    echo "  killed scimd (kill -9) during a delivery; restarting"
    start_server "$db" "$work/$label-$cycle.log"
  done
  wait_until_delivered "$db"
  check_log
  delivered=$("$scimd" outbox list --db "$db" --tenant "$tenant" --status delivered --count 1000 | jq -s 'length')
  [ "$delivered" -eq "$(wc -l <"$work/expected")" ] || fail "outbox list shows $delivered delivered events"
}

on_sqlite_and_postgresql outbox_delivery "$work/scimd.db"

if [ "$failures" -eq 0 ]; then
  echo "outbox_delivery: PASS"
  exit 0
fi
echo "outbox_delivery: FAIL ($failures problems)"
exit 1
