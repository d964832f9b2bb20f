#!/usr/bin/env bash
# Durability of acknowledged writes across a crash of the scimd process (kill -9).
#
#   tests/system/durability.sh path/to/scimd
#
# On a fresh SQLite file, and on a fresh PostgreSQL database when SCIMD_TEST_PG is set (libpq
# keyword string of a server where we may CREATE DATABASE), for each of two crash cycles:
#   1. start `scimd serve` on port 0 and read the port from its log;
#   2. run background curl loops at once: "user" workers POST a user, PATCH it twice (each PATCH
#      replaces displayName and title with one value in two operations) and DELETE every third;
#      "member" workers POST a user and PATCH their own group with two operations (add the new
#      user, remove the previous one). Every request is logged before it is sent (REQ) and every
#      2xx is logged with the version from its ETag (ACK);
#   3. kill -9 the server while the loops run, restart it on the same database;
#   4. check every acknowledged write against the data: each user exists or not as acknowledged,
#      with the acknowledged version and values, unless the one request a loop had in flight at
#      the crash (sent, never answered) was applied after it; displayName == title everywhere
#      (a two-operation PATCH is all or nothing); each group holds exactly one member of its
#      loop (both operations of a group PATCH, or neither); totalResults matches; and the
#      restarted server still creates, patches, reads and deletes.
# Needs bash, curl and jq. Exits 0 when every check passed, 1 otherwise. Cleans up after itself.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

scimd=${1:?usage: durability.sh path/to/scimd}
scimd=$(cd "$(dirname "$scimd")" && pwd)/$(basename "$scimd")
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "durability: needs $tool (apt-get install -y $tool)" >&2; exit 1; }
done

user_workers=${DURABILITY_USER_WORKERS:-4}
member_workers=${DURABILITY_MEMBER_WORKERS:-2}
cycles=${DURABILITY_CYCLES:-2}
load_ms=${DURABILITY_LOAD_MS:-3000}   # how long the loops run before the kill (plus up to 1 s)

work=$(mktemp -d /tmp/scimd-durability.XXXXXX)
server_pid=""
all_servers=()   # every scimd started, so that cleanup can end each by its pid
pg_database=""
failures=0
verified=0       # verifications that ran to the end

cleanup() {
  local pid
  touch "$work/stop" 2>/dev/null
  for pid in "${all_servers[@]}"; do
    kill -9 "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  drop_pg_database
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# start_server DB_URL LOG: starts scimd on a free port; sets server_pid and base.
start_server() {
  local log=$2 port
  "$scimd" serve --db "$1" --listen 127.0.0.1:0 --threads 4 >"$log" 2>&1 &
  server_pid=$!
  all_servers+=("$server_pid")
  port=$(scimd_port_of "$log" "$server_pid")
  if [ -z "$port" ]; then
    echo "durability: scimd did not start; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  base="http://127.0.0.1:$port"
}

# call METHOD PATH [BODY]: sets status ("000" when no answer), etag, and leaves the body in $body_file.
call() {
  local out
  out=$(curl -s -o "$body_file" -w '%{http_code}\t%header{etag}' --max-time 15 -X "$1" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
    ${3:+--data-binary "$3"} "$base$2" 2>/dev/null) || true
  status=${out%%$'\t'*}
  etag=${out#*$'\t'}
  [ -n "$status" ] || status=000
}

version_of() {  # W/"12" -> 12
  local v=${1#*\"}
  echo "${v%\"*}"
}

patch_ops() {  # patch_ops OPERATIONS_JSON
  echo '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":'"$1"'}'
}

# A worker's outcome for a request that got an answer that is not the expected 2xx: a failure
# (an answered request must never fail under plain concurrency), and the loop stops.
bad_answer() {
  echo "BAD $1 $status $(tr -d '\n' <"$body_file" | head -c 300)" >>"$log"
}

user_worker() {  # user_worker NAME_PREFIX LOG
  local prefix=$1 n=0 id name value
  log=$2 body_file="$work/body.$BASHPID"
  while [ ! -e "$work/stop" ]; do
    name="$prefix-$n"
    echo "REQ create $name" >>"$log"
    call POST /scim/v2/Users '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"'"$name"'"}'
    [ "$status" = 000 ] && return
    [ "$status" = 201 ] || { bad_answer create; return; }
    id=$(jq -r .id "$body_file")
    echo "ACK create $id $(version_of "$etag") $name" >>"$log"
    for k in 1 2; do
      value="$name-v$k"
      echo "REQ patch $id $value" >>"$log"
      call PATCH "/scim/v2/Users/$id" "$(patch_ops '[{"op":"replace","path":"displayName","value":"'"$value"'"},{"op":"replace","path":"title","value":"'"$value"'"}]')"
      [ "$status" = 000 ] && return
      [ "$status" = 204 ] || { bad_answer patch; return; }
      echo "ACK patch $id $(version_of "$etag") $value" >>"$log"
    done
    if [ $((n % 3)) -eq 0 ]; then
      echo "REQ delete $id" >>"$log"
      call DELETE "/scim/v2/Users/$id"
      [ "$status" = 000 ] && return
      [ "$status" = 204 ] || { bad_answer delete; return; }
      echo "ACK delete $id" >>"$log"
    fi
    n=$((n + 1))
  done
}

member_worker() {  # member_worker NAME_PREFIX GROUP_ID FIRST_MEMBER_ID LOG
  local prefix=$1 group=$2 previous=$3 n=0 id name
  log=$4 body_file="$work/body.$BASHPID"
  while [ ! -e "$work/stop" ]; do
    name="$prefix-$n"
    echo "REQ create $name" >>"$log"
    call POST /scim/v2/Users '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"'"$name"'"}'
    [ "$status" = 000 ] && return
    [ "$status" = 201 ] || { bad_answer create; return; }
    id=$(jq -r .id "$body_file")
    echo "ACK create $id $(version_of "$etag") $name" >>"$log"
    echo "REQ gpatch $group $id $previous" >>"$log"
    call PATCH "/scim/v2/Groups/$group" "$(patch_ops '[{"op":"add","path":"members","value":[{"value":"'"$id"'"}]},{"op":"remove","path":"members[value eq \"'"$previous"'\"]"}]')"
    [ "$status" = 000 ] && return
    [ "$status" = 204 ] || { bad_answer gpatch; return; }
    echo "ACK gpatch $group $(version_of "$etag") $id" >>"$log"
    previous=$id
    n=$((n + 1))
  done
}

# list_all ENDPOINT JQ_ARRAY: every resource of an endpoint into $work/list.txt, one row each with
# the array's values joined by '|' (none of the values written here holds one), startIndex paging.
list_all() {
  local start=1 total=1 got
  : >"$work/list.txt"
  while [ "$start" -le "$total" ]; do
    call GET "$1?startIndex=$start&count=1000"
    [ "$status" = 200 ] || { fail "GET $1: $status $(head -c 300 "$body_file")"; return 1; }
    total=$(jq -r .totalResults "$body_file")
    got=$(jq -r .itemsPerPage "$body_file")
    jq -r ".Resources[] | $2 | map(tostring) | join(\"|\")" "$body_file" >>"$work/list.txt"
    [ "$got" -gt 0 ] || break
    start=$((start + got))
  done
  listed_total=$total
}

# verify: checks the data against every worker log written so far.
verify() {
  local body_file="$work/body.verify"
  declare -A actual_user actual_group user_exists
  local id version display title user_name members
  list_all /scim/v2/Users '[.id, .meta.version, (.displayName // ""), (.title // ""), .userName]' || return
  local users_listed=$listed_total rows=0
  while IFS='|' read -r id version display title user_name; do
    actual_user[$id]="$(version_of "$version")|$display|$title"
    [ -n "$user_name" ] && user_exists[$user_name]=$id
    rows=$((rows + 1))
    # A two-operation PATCH is all or nothing: displayName and title always hold one value.
    [ "$display" = "$title" ] || fail "user $user_name: displayName '$display' but title '$title' (half a PATCH applied)"
  done <"$work/list.txt"
  [ "$rows" -eq "$users_listed" ] || fail "listed $rows users but totalResults is $users_listed"
  list_all /scim/v2/Groups '[.id, .meta.version, ([.members[]?.value] | join(","))]' || return
  while IFS='|' read -r id version members; do
    actual_group[$id]="$(version_of "$version")|$members"
  done <"$work/list.txt"

  local acked=0 checked_users=0 checked_groups=0 inflight=0 inflight_applied=0 expected_users=$setup_users
  local f op a b c d
  for f in "$work"/cycle*.log; do
    declare -A exp=()   # id -> "exists|version|value" as acknowledged
    local pending="" group="" group_version="" group_member=""
    while read -r op a b c d; do
      case "$op" in
        REQ) pending="$a $b $c $d" ;;
        ACK)
          acked=$((acked + 1)); pending=""
          case "$a" in
            create) exp[$b]="1|$c|" ;;
            patch) exp[$b]="1|$c|$d" ;;
            delete) exp[$b]="0||" ;;
            gpatch) group=$b group_version=$c group_member=$d ;;
          esac ;;
        BAD) fail "$(basename "$f"): $a answered $b: $c $d" ;;
        GROUP) group=$a group_version=$b group_member=$c ;;
      esac
    done <"$f"

    # The request in flight at the crash: applied or not, never half.
    local alt_id="" alt="" alt_group=""
    if [ -n "$pending" ]; then
      inflight=$((inflight + 1))
      set -- $pending
      case "$1" in
        create)
          if [ -n "${user_exists[$2]:-}" ]; then
            inflight_applied=$((inflight_applied + 1)); expected_users=$((expected_users + 1))
            local got=${actual_user[${user_exists[$2]}]}
            [ "${got%%|*}" = 1 ] || fail "in-flight create $2 applied with version ${got%%|*}"
          fi ;;
        patch) alt_id=$2 alt="1|$(( $(cut -d'|' -f2 <<<"${exp[$2]}") + 1 ))|$3" ;;
        delete) alt_id=$2 alt="0||" ;;
        gpatch) alt_group="$(( group_version + 1 ))|$3" ;;
      esac
    fi

    local want got v dsp
    for id in "${!exp[@]}"; do
      checked_users=$((checked_users + 1))
      want=${exp[$id]}
      got="0||"
      if [ -n "${actual_user[$id]:-}" ]; then
        IFS='|' read -r v dsp _ <<<"${actual_user[$id]}"
        got="1|$v|$dsp"
        expected_users=$((expected_users + 1))
      fi
      [ "$got" = "$want" ] && continue
      if [ "$id" = "$alt_id" ] && [ "$got" = "$alt" ]; then
        inflight_applied=$((inflight_applied + 1))
      else
        fail "user $id: acknowledged $want (exists|version|value), found $got"
      fi
    done

    if [ -n "$group" ]; then
      checked_groups=$((checked_groups + 1))
      local gotg=${actual_group[$group]:-missing}
      if [ "$gotg" != "$group_version|$group_member" ]; then
        if [ -n "$alt_group" ] && [ "$gotg" = "$alt_group" ]; then
          inflight_applied=$((inflight_applied + 1))
        else
          fail "group $group: acknowledged version|members $group_version|$group_member, found $gotg"
        fi
      fi
    fi
    unset exp
  done
  [ "$expected_users" -eq "$users_listed" ] ||
    fail "totalResults $users_listed, but the acknowledged writes (and applied in-flight creates) account for $expected_users"
  echo "  checked $checked_users users and $checked_groups groups against $acked acknowledged writes;" \
    "$inflight requests unanswered at the crash (one per loop), $inflight_applied of them applied, whole;" \
    "$users_listed users stored"
  verified=$((verified + 1))
}

# serves_normally: the restarted server creates, patches, reads and deletes.
serves_normally() {
  local body_file="$work/body.after" id
  call GET /readyz
  [ "$status" = 200 ] || fail "readyz after restart: $status"
  call POST /scim/v2/Users '{"userName":"after-restart-'"$1"'"}'
  [ "$status" = 201 ] || { fail "POST after restart: $status $(head -c 300 "$body_file")"; return; }
  id=$(jq -r .id "$body_file")
  call PATCH "/scim/v2/Users/$id" "$(patch_ops '[{"op":"replace","path":"displayName","value":"x"}]')"
  [ "$status" = 204 ] && [ "$(version_of "$etag")" = 2 ] || fail "PATCH after restart: $status $etag"
  call GET "/scim/v2/Users/$id"
  [ "$status" = 200 ] && [ "$(jq -r .displayName "$body_file")" = x ] || fail "GET after restart: $status"
  call DELETE "/scim/v2/Users/$id"
  [ "$status" = 204 ] || fail "DELETE after restart: $status"
  call GET "/scim/v2/Users/$id"
  [ "$status" = 404 ] || fail "GET after DELETE after restart: $status"
}

run_on() {  # run_on LABEL DB_URL
  local label=$1 db=$2 cycle w body_file="$work/body.main"
  echo "durability on $label"
  rm -f "$work"/cycle*.log
  token=$("$scimd" token create --db "$db" --tenant durability 2>"$work/token.err") ||
    { cat "$work/token.err" >&2; fail "token create"; return; }
  start_server "$db" "$work/$label-0.log"
  setup_users=0
  for cycle in $(seq 1 "$cycles"); do
    rm -f "$work/stop"
    # Each member worker owns a group that starts with one member.
    local pids=()
    for w in $(seq 1 "$member_workers"); do
      call POST /scim/v2/Users '{"userName":"seed-'"$cycle-$w"'"}'
      [ "$status" = 201 ] || { fail "seed user: $status"; return; }
      local seed; seed=$(jq -r .id "$body_file")
      call POST /scim/v2/Groups '{"displayName":"group-'"$cycle-$w"'","members":[{"value":"'"$seed"'"}]}'
      [ "$status" = 201 ] || { fail "seed group: $status"; return; }
      local group; group=$(jq -r .id "$body_file")
      setup_users=$((setup_users + 1))
      echo "GROUP $group $(version_of "$etag") $seed" >"$work/cycle$cycle-m$w.log"
      member_worker "m$cycle-$w" "$group" "$seed" "$work/cycle$cycle-m$w.log" &
      pids+=($!)
    done
    for w in $(seq 1 "$user_workers"); do
      : >"$work/cycle$cycle-u$w.log"
      user_worker "u$cycle-$w" "$work/cycle$cycle-u$w.log" &
      pids+=($!)
    done
    local ms=$((load_ms + RANDOM % 1000))
    sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
    kill -9 "$server_pid"
    wait "$server_pid" 2>/dev/null
    touch "$work/stop"
    wait "${pids[@]}" 2>/dev/null
    echo " cycle $cycle: killed scimd (kill -9) under load from $((user_workers + member_workers)) loops; restarting"
    start_server "$db" "$work/$label-$cycle.log"
    verify
    serves_normally "$cycle"
  done
  kill "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=""
}

databases=1
on_sqlite_and_postgresql durability "$work/scimd.db"
if [ -n "$pg_database" ]; then databases=2; fi

expected_runs=$((databases * cycles))
[ "$verified" -eq "$expected_runs" ] || fail "only $verified of $expected_runs verifications ran to the end"
if [ "$failures" -eq 0 ]; then
  echo "durability: PASS"
  exit 0
fi
echo "durability: FAIL ($failures problems)"
exit 1
