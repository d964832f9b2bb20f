#!/usr/bin/env bash
# scimd's performance run: one command, every scenario, on SQLite and PostgreSQL, against a
# ceiling (a fixed-body Pistache server) measured in the same run. See bench/README.md.
#
#   bench/run.sh [--users N] [--seconds S] [--sqlite-only] [--write-results]
#                [--connections C] [--scenarios a,b,...] [--keep DIR] [--perf DIR]
#
#   --users N          users in the main tenant (default 1,000,000); a second tenant always has 10,000
#   --seconds S        measured seconds per scenario (default 10; each also gets a 1 s warm-up)
#   --sqlite-only      skip PostgreSQL
#   --write-results    write the table and the target checks into bench/RESULTS.md
#   --connections C    wrk connections (default 16; wrk always runs 2 threads)
#   --scenarios LIST   only these (of get_user,filter_10k,
#                      filter_n,get_group,access_10k,access_n,patch_10,patch_n,post); setup and
#                      the ceiling always run
#   --keep DIR         keep the SQLite database in DIR (bench.db) with DIR/env.sh (tokens, ids),
#                      to profile a scenario by hand afterwards
#   --perf DIR         record each scenario's scimd with `perf record -g` into DIR/<db>-<name>.data
#                      and write DIR/<db>-<name>.txt (top functions); costs throughput, so the
#                      figures of such a run are not comparable
#
# Needs root (or sudo) only to install what is missing (wrk, sqlite3, scimd's build packages).
# Everything runs on 127.0.0.1; every server it starts is stopped on exit, with the throwaway
# PostgreSQL cluster and the temporary files.
set -euo pipefail
cd "$(dirname "$0")/.."

command_line="bench/run.sh${*:+ $*}"
users=1000000
seconds=10
sqlite_only=0
write_results=0
connections=16
only=""
perf_dir=""
keep_dir=""
usage() { sed -n '5,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=${2:?}; shift 2 ;;
    --seconds) seconds=${2:?}; shift 2 ;;
    --sqlite-only) sqlite_only=1; shift ;;
    --write-results) write_results=1; shift ;;
    --connections) connections=${2:?}; shift 2 ;;
    --scenarios) only=",${2:?},"; shift 2 ;;
    --perf) perf_dir=${2:?}; shift 2 ;;
    --keep) keep_dir=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; usage ;;
  esac
done
[[ "$users" =~ ^[0-9]+$ && "$users" -ge 100 ]] || { echo "bench/run.sh: --users wants a number >= 100" >&2; exit 2; }
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 1 ]] || { echo "bench/run.sh: --seconds wants a whole number >= 1" >&2; exit 2; }
small_users=10000
wrk_threads=2
server_threads=2

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- what the run needs --------------------------------------------------------------------
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v ss >/dev/null || missing+=(iproute2)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -x build/scimd ]; then
  log "build/scimd is missing: scripts/setup.sh"
  scripts/setup.sh
fi
log "building the ceiling (build-bench/ceiling)"
cmake -S bench/ceiling -B build-bench/ceiling -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-bench/ceiling -j "$(nproc)" >/dev/null
[ -n "$perf_dir" ] && { command -v perf >/dev/null || die "--perf needs perf (apt-get install linux-perf)"; mkdir -p "$perf_dir"; }

# --- cleanup ---------------------------------------------------------------------------------
work=$(mktemp -d /tmp/scimd-bench.XXXXXX)
# A private copy of the binary: build/ may be rebuilt while the run goes on.
scimd="$work/scimd"
cp build/scimd "$scimd"
binary_date=$(date -u -r build/scimd +"%Y-%m-%d %H:%M UTC")
server_pid=""
pg_dir=""
cleanup() {
  local rc=$?
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_dir" ]; then scripts/pg-throwaway.sh stop "$pg_dir" || true; fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- helpers ---------------------------------------------------------------------------------
# A port outside the kernel's ephemeral range (where clients' local ports come from) that no
# socket uses.
free_port() {
  local p
  for _ in $(seq 200); do
    p=$(( 20000 + RANDOM % 12000 ))
    ss -Hatn "sport = :$p" | grep -q . || { echo "$p"; return; }
  done
  die "no free port"
}

# start_server NAME CMD... (CMD may use $port): picks a free $port, starts the server there and
# waits until it answers; tries another port when the first one was taken meanwhile.
start_server() {
  local name=$1; shift
  local attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    "$@" --listen "127.0.0.1:$port" >"$work/$name.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do
      if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/healthz"; then return; fi
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then die "$name did not answer on 127.0.0.1:$port within 10 s"; fi
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    grep -qi "address already in use" "$work/$name.log" || { cat "$work/$name.log" >&2; die "$name exited at start"; }
    log "$name: port $port was taken, trying another"
  done
  die "$name: no port could be bound"
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# Peak RSS since the last reset (writing 5 to clear_refs resets VmHWM, Linux >= 4.0).
reset_peak() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null || log "cannot reset VmHWM: peak is since start"; }
peak_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

# CPU accounting (clock ticks): the machine's busy time, one process's, this shell's children's.
clk_tck=$(getconf CLK_TCK)
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
proc_cpu() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# `times` must run in this shell (a subshell's children start at zero), so it writes a file.
children_cpu() {  # FILE: seconds of user + system time of this shell's waited-for children
  awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } print s }' "$1"
}

human() {  # 1000000 -> 1M, 20000 -> 20k
  if [ $(( $1 % 1000000 )) -eq 0 ]; then echo "$(( $1 / 1000000 ))M"
  elif [ $(( $1 % 1000 )) -eq 0 ]; then echo "$(( $1 / 1000 ))k"
  else echo "$1"; fi
}
n_label=$(human "$users")

# The import file: user i has the id bench/lua/common.lua's user_id(i) computes (UUID-shaped,
# scattered by a multiplicative hash) and the name user_name(i). About 520 bytes a line.
gen_users() {  # FILE COUNT PREFIX
  awk -v n="$2" -v p="$3" 'BEGIN {
    for (i = 1; i <= n; i++) {
      h = (i * 2654435761) % 4294967296
      id = sprintf("%04x%04x-0000-4000-8%s00-%012d", int(h / 65536), h % 65536, p, i)
      name = sprintf("user%d@bench-%s.example", i, p)
      printf "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],\"id\":\"%s\",\"externalId\":\"ext-%s-%d\",\"userName\":\"%s\",\"name\":{\"givenName\":\"Given%d\",\"familyName\":\"Family%d\",\"formatted\":\"Given%d Family%d\"},\"displayName\":\"Given%d Family%d\",\"active\":true,\"emails\":[{\"value\":\"%s\",\"type\":\"work\",\"primary\":true}],\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"employeeNumber\":\"%d\",\"department\":\"Department %d\"}}\n", id, p, i, name, i, i, i, i, i, i, name, i, i % 50
    }
  }' >"$1"
}
user_id() {  # INDEX PREFIX, as gen_users and common.lua
  awk -v i="$1" -v p="$2" 'BEGIN { h = (i * 2654435761) % 4294967296; printf "%04x%04x-0000-4000-8%s00-%012d", int(h / 65536), h % 65536, p, i }'
}

api() {  # METHOD PATH TOKEN [BODY] -> body on stdout; fails on a non-2xx
  local out
  out=$(curl -s --max-time 30 -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $3" \
    -H 'Content-Type: application/scim+json' ${4:+-d "$4"} "http://127.0.0.1:$port$2") || die "$1 $2: curl failed"
  local code=${out##*$'\n'}
  [[ "$code" == 2* ]] || die "$1 $2 answered $code: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}
first_id() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4; }

# Results: one line per row in $work/rows: db|key|label|rps|p50|p99|rss|errors|others' CPU %|server CPU us/request
results="$work/rows"
: >"$results"
row() { local IFS='|'; echo "$*" >>"$results"; }
get() {  # DB KEY FIELD(4=rps 5=p50 6=p99 7=rss)
  awk -F'|' -v d="$1" -v k="$2" -v f="$3" '$1 == d && $2 == k { v = $f } END { print v }' "$results"
}
wanted() { [ -z "$only" ] || [[ "$only" == *",$1,"* ]]; }

# measure DB KEY LABEL SCRIPT [VAR=VALUE...]: 1 s warm-up, then $seconds with wrk against
# $port, peak RSS of $server_pid over both, and a perf recording with --perf.
measure() {
  local db=$1 key=$2 label=$3 script=$4; shift 4
  local env=(BENCH_LUA_DIR=bench/lua RUN="$run_nonce-$db-$key" "$@")
  local url="http://127.0.0.1:$port"
  reset_peak "$server_pid"
  env "${env[@]}" RUN="$run_nonce-$db-$key-warm" timeout 60 wrk -t"$wrk_threads" -c"$connections" -d1s --timeout 5s -s "bench/lua/$script" "$url" >/dev/null 2>&1 || true
  local perf_pid=""
  if [ -n "$perf_dir" ] && [ "$key" != ceiling ]; then
    # On PostgreSQL the whole machine (-a), so that the backends' work shows too.
    local target=(-p "$server_pid")
    [ "$db" = postgresql ] && target=(-a)
    perf record -q -e cpu-clock -F 499 --call-graph dwarf,16384 "${target[@]}" -o "$perf_dir/$db-$key.data" \
      -- sleep "$seconds" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  local busy0 server0 out
  busy0=$(cpu_busy); server0=$(proc_cpu "$server_pid"); times >"$work/times0"
  out=$(env "${env[@]}" timeout $(( seconds + 60 )) wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --timeout 5s \
    --latency -s "bench/lua/$script" "$url" 2>&1) || true
  # CPU used meanwhile by everything but this server and wrk, in % of the machine: other
  # work on the machine (or perf, or PostgreSQL's backends) that the figures shared the cores with.
  local others server_us
  times >"$work/times1"
  server_us=$(awk -v s0="$server0" -v s1="$(proc_cpu "$server_pid")" -v hz="$clk_tck" \
    -v n="$(sed -nE 's/.*requests=([0-9]+).*/\1/p' <<<"$out" | tail -n 1)" \
    -v rps="$(sed -nE 's/.*rps=([0-9.]+).*/\1/p' <<<"$out" | tail -n 1)" -v t="$seconds" \
    'BEGIN { if (n == "") n = rps * t; if (n > 0) printf "%.0f", (s1 - s0) / hz * 1e6 / n; else print "-" }')
  others=$(awk -v b0="$busy0" -v b1="$(cpu_busy)" -v s0="$server0" -v s1="$(proc_cpu "$server_pid")" \
    -v k0="$(children_cpu "$work/times0")" -v k1="$(children_cpu "$work/times1")" -v hz="$clk_tck" -v t="$seconds" -v n="$(nproc)" \
    'BEGIN { o = ((b1 - b0) - (s1 - s0)) / hz - (k1 - k0); if (o < 0) o = 0; printf "%.0f", 100 * o / (t * n) }')
  if [ -n "$perf_pid" ]; then
    wait "$perf_pid" || true
    { perf report -i "$perf_dir/$db-$key.data" --no-children --percent-limit 0.5 --stdio -g none --sort comm,dso,symbol
      perf report -i "$perf_dir/$db-$key.data" --children --percent-limit 2 --stdio -g none --sort comm,symbol
    } >"$perf_dir/$db-$key.txt" 2>/dev/null || true
  fi
  local rss; rss=$(peak_mb "$server_pid")
  local line; line=$(grep '^RESULT ' <<<"$out" | tail -n 1)
  if [ -z "$line" ]; then
    log "$db $key: wrk gave no result:"; echo "$out" >&2
    row "$db" "$key" "$label" "0" "-" "-" "$rss" "wrk failed" "$others" "-"
    return
  fi
  local rps p50 p99 errors
  rps=$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$line")
  p50=$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$line")
  p99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$line")
  errors=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$line")
  row "$db" "$key" "$label" "$rps" "$p50" "$p99" "$rss" "$errors" "$others" "$server_us"
  log "$(printf '%-10s %-48s %8s/s  p50 %7s ms  p99 %7s ms  %6s MB  errors %s  %s us CPU/req  others %s%%' "$db" "$label" "$rps" "$p50" "$p99" "$rss" "$errors" "$server_us" "$others")"
}

# import FILE TENANT -> users/s, elapsed (wall) seconds and the importer's peak RSS; the row
# is written by the caller.
import_users() {  # DB URL FILE TENANT
  local db=$1 url=$2 file=$3 tenant=$4 count
  count=$(wc -l <"$file")
  local started ended pid rss=0 r
  started=$(date +%s.%N)
  "$scimd" import --db "$url" --tenant "$tenant" "$file" 2>"$work/import-$db-$tenant.log" &
  pid=$!
  local ticks=0
  while kill -0 "$pid" 2>/dev/null; do
    r=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$r" ] && [ "$r" -gt "$rss" ] && rss=$r
    sleep 0.2
    ticks=$(( ticks + 1 ))
    [ "$ticks" -lt 18000 ] || { kill "$pid"; die "import into $tenant on $db: still running after an hour"; }
  done
  wait "$pid" || { tail -n 20 "$work/import-$db-$tenant.log" >&2; die "import into $tenant on $db failed"; }
  ended=$(date +%s.%N)
  grep -q "imported $count, rejected 0" "$work/import-$db-$tenant.log" ||
    { tail -n 5 "$work/import-$db-$tenant.log" >&2; die "import into $tenant on $db: not every line imported"; }
  # scimd's own final line: "N lines  R/s  T.Ts elapsed  0s left"
  local own; own=$(grep -E '^[0-9]+ lines ' "$work/import-$db-$tenant.log" | tail -n 1)
  import_rate=$(sed -E 's/^[0-9]+ lines +([0-9]+)\/s.*/\1/' <<<"$own")
  import_wall=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')
  import_rss=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
  log "import $db $tenant: $count users, $own (wall ${import_wall}s, peak RSS ${import_rss} MB)"
}

# --- the ceiling -----------------------------------------------------------------------------
measure_ceiling() {  # DB: the ceiling measured just before that database's scenarios
  start_server ceiling build-bench/ceiling/ceiling --threads "$server_threads"
  measure "$1" ceiling "ceiling: fixed-body Pistache GET" get_user.lua TOKEN=none USERS="$users" ID_PREFIX=b
  stop_server
}

# --- one database ----------------------------------------------------------------------------
run_db() {  # DB URL SQL-RUNNER
  local db=$1 url=$2 sql=$3
  log "== $db"
  local big_token small_token
  big_token=$("$scimd" token create --db "$url" --tenant bench --role admin 2>>"$work/setup-$db.log")
  small_token=$("$scimd" token create --db "$url" --tenant bench10k --role admin 2>>"$work/setup-$db.log")

  log "importing $users users into tenant bench"
  import_users "$db" "$url" "$work/users-b.jsonl" bench
  row "$db" import "import: scimd import, $n_label users (wall ${import_wall} s)" "$import_rate" "-" "-" "$import_rss" "0" "-" "-"
  echo "$import_wall" >"$work/import-wall-$db"
  log "importing $small_users users into tenant bench10k"
  import_users "$db" "$url" "$work/users-a.jsonl" bench10k

  # Applications and groups through the API, on a setup server.
  start_server "setup-$db" "$scimd" serve --db "$url" --threads "$server_threads" --log-level warn
  local x=urn:scimd:params:scim:schemas:extension:access:2.0:Group
  local crm wiki erp crm10k wiki10k erp10k big small all10k toggled
  crm=$(api POST /scim/v2/Applications "$big_token" '{"name":"CRM"}' | first_id)
  wiki=$(api POST /scim/v2/Applications "$big_token" '{"name":"Wiki"}' | first_id)
  erp=$(api POST /scim/v2/Applications "$big_token" '{"name":"ERP"}' | first_id)
  big=$(api POST /scim/v2/Groups "$big_token" '{"displayName":"Everyone","'$x'":{"active":true,"privileges":[{"application":"'$crm'","access":"edit"},{"application":"'$wiki'","access":"view"}]}}' | first_id)
  small=$(api POST /scim/v2/Groups "$big_token" '{"displayName":"Ten","'$x'":{"active":true,"privileges":[{"application":"'$wiki'","access":"edit"},{"application":"'$erp'","access":"edit"}]}}' | first_id)
  toggled=$(api POST /scim/v2/Users "$big_token" '{"userName":"toggled@bench.example"}' | first_id)
  crm10k=$(api POST /scim/v2/Applications "$small_token" '{"name":"CRM"}' | first_id)
  wiki10k=$(api POST /scim/v2/Applications "$small_token" '{"name":"Wiki"}' | first_id)
  erp10k=$(api POST /scim/v2/Applications "$small_token" '{"name":"ERP"}' | first_id)
  all10k=$(api POST /scim/v2/Groups "$small_token" '{"displayName":"Everyone","'$x'":{"active":true,"privileges":[{"application":"'$crm10k'","access":"edit"},{"application":"'$wiki10k'","access":"view"},{"application":"'$erp10k'","access":"edit"}]}}' | first_id)
  stop_server

  # Memberships straight into the table (setup only; what is measured goes through HTTP).
  log "memberships: $users in Everyone, 10 in Ten, $small_users in bench10k's Everyone; ANALYZE"
  local t_big t_small
  t_big=$(echo "SELECT id FROM tenants WHERE name_folded = 'bench';" | $sql -t)
  t_small=$(echo "SELECT id FROM tenants WHERE name_folded = 'bench10k';" | $sql -t)
  t_big=${t_big//[[:space:]]/}; t_small=${t_small//[[:space:]]/}
  local analyze="ANALYZE;"
  [ "$db" = postgresql ] && analyze="VACUUM ANALYZE;"  # what autovacuum would do after a bulk load
  $sql >/dev/null <<SQL
BEGIN;
INSERT INTO memberships (tenant_id, group_id, member_id, member_type, display)
  SELECT tenant_id, '$big', id, 'User', NULL FROM users WHERE tenant_id = $t_big AND id <> '$toggled';
INSERT INTO memberships (tenant_id, group_id, member_id, member_type, display)
  SELECT tenant_id, '$small', id, 'User', NULL FROM users WHERE tenant_id = $t_big AND id <> '$toggled' ORDER BY id LIMIT 10;
INSERT INTO memberships (tenant_id, group_id, member_id, member_type, display)
  SELECT tenant_id, '$all10k', id, 'User', NULL FROM users WHERE tenant_id = $t_small;
COMMIT;
$analyze
SQL

  measure_ceiling "$db"

  start_server "serve-$db" "$scimd" serve --db "$url" --threads "$server_threads" --log-level warn
  local big_env=(TOKEN="$big_token" USERS="$users" ID_PREFIX=b)
  local small_env=(TOKEN="$small_token" USERS="$small_users" ID_PREFIX=a)
  # Sanity: the ids and names the scripts compute exist.
  api GET "/scim/v2/Users/$(user_id "$users" b)" "$big_token" >/dev/null
  api GET "/scim/v2/Users/$(user_id 1 a)" "$small_token" >/dev/null
  wanted get_user && measure "$db" get_user "GET /Users/{id} ($n_label users)" get_user.lua "${big_env[@]}"
  wanted filter_10k && measure "$db" filter_10k "GET /Users?filter=userName eq (10k users)" filter_user_name.lua "${small_env[@]}"
  wanted filter_n && measure "$db" filter_n "GET /Users?filter=userName eq ($n_label users)" filter_user_name.lua "${big_env[@]}"
  wanted get_group && measure "$db" get_group "GET /Groups/{id}?excludedAttributes=members ($n_label members)" get_group.lua "${big_env[@]}" GROUP="$big"
  wanted access_10k && measure "$db" access_10k "GET /access/v1/check (10k memberships)" access_check.lua "${small_env[@]}" APPLICATION="$crm10k"
  wanted access_n && measure "$db" access_n "GET /access/v1/check ($n_label memberships)" access_check.lua "${big_env[@]}" APPLICATION="$crm"
  wanted patch_10 && measure "$db" patch_10 "PATCH member add/remove (10 members)" patch_member.lua TOKEN="$big_token" GROUP="$small" MEMBER="$toggled"
  wanted patch_n && measure "$db" patch_n "PATCH member add/remove ($n_label members)" patch_member.lua TOKEN="$big_token" GROUP="$big" MEMBER="$toggled"
  wanted post && measure "$db" post "POST /Users" post_user.lua "${big_env[@]}"
  stop_server
  if [ -n "$keep_dir" ]; then
    cat >"$work/env-$db.sh" <<ENV
# bench/run.sh --keep: the $db database of a run with $users users
DB_URL='$url'
BIG_TOKEN=$big_token SMALL_TOKEN=$small_token USERS=$users SMALL_USERS=$small_users
EVERYONE=$big TEN=$small EVERYONE_10K=$all10k TOGGLED=$toggled
CRM=$crm WIKI=$wiki ERP=$erp CRM_10K=$crm10k
ENV
  fi
}

# --- the run ---------------------------------------------------------------------------------
run_nonce="$(date +%s)-$$"
started_at=$(date -u +"%Y-%m-%d %H:%M UTC")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "generating $users + $small_users users (JSON lines)"
gen_users "$work/users-b.jsonl" "$users" b
gen_users "$work/users-a.jsonl" "$small_users" a

sqlite_sql() { sqlite3 -cmd ".timeout 30000" "$work/bench.db"; }  # (-t: single values print bare anyway)
run_db sqlite "sqlite:$work/bench.db" sqlite_sql
if [ -n "$keep_dir" ]; then
  mkdir -p "$keep_dir"
  echo "PRAGMA wal_checkpoint(TRUNCATE);" | sqlite_sql >/dev/null
  mv "$work/bench.db" "$keep_dir/bench.db"
  sed "s|sqlite:$work/bench.db|sqlite:$(cd "$keep_dir" && pwd)/bench.db|" "$work/env-sqlite.sh" >"$keep_dir/env.sh"
  log "kept the SQLite database: $keep_dir/bench.db ($keep_dir/env.sh)"
fi
rm -f "$work/bench.db" "$work/bench.db-wal" "$work/bench.db-shm"

if [ "$sqlite_only" -eq 0 ]; then
  log "starting a throwaway PostgreSQL"
  eval "$(scripts/pg-throwaway.sh start)"
  pg_dir=$PG_DIR
  pg_sql() { psql -q -X -v ON_ERROR_STOP=1 -A ${1:+-t} "$SCIMD_TEST_PG"; }
  run_db postgresql "postgresql:$SCIMD_TEST_PG" pg_sql
  scripts/pg-throwaway.sh stop "$pg_dir"
  pg_dir=""
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table and the targets ---------------------------------------------------------------
table() {
  echo "| database | scenario | requests/s | p50 ms | p99 ms | peak RSS MB | vs ceiling | server CPU µs/req | errors | others' CPU |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F'|' '
    $2 == "ceiling" { ceil[$1] = $4 }
    { rows[NR] = $0 }
    END {
      for (i = 1; i <= NR; i++) {
        split(rows[i], f, "|")
        ratio = "-"
        if (f[2] != "import" && ceil[f[1]] > 0) ratio = sprintf("%.0f%%", 100 * f[4] / ceil[f[1]])
        rate = f[4]; if (f[2] == "import") rate = f[4] " users/s"
        others = (f[9] == "-") ? "-" : f[9] "%"
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[3], rate, f[5], f[6], f[7], ratio, f[10], f[8], others
      }
    }' "$results"
}

checks_file="$work/checks"
: >"$checks_file"
# check TEXT CONDITION DETAIL [a b c]: CONDITION and DETAIL are awk expressions over a, b, c.
check() {
  local text=$1 cond=$2 detail=$3; shift 3
  local verdict shown arg
  for arg in "$@"; do
    if ! [[ "$arg" =~ ^[0-9.]+$ ]]; then
      printf -- '- **not run** %s\n' "$text" >>"$checks_file"
      return
    fi
  done
  local vars=(-v a="${1:-0}" -v b="${2:-0}" -v c="${3:-0}")
  if awk "${vars[@]}" "BEGIN { exit !($cond) }"; then verdict=met; else verdict=missed; fi
  shown=$(awk "${vars[@]}" "BEGIN { print $detail }")
  printf -- '- **%s** %s: %s\n' "$verdict" "$text" "$shown" >>"$checks_file"
}
ratio='sprintf("%.0f/s = %.0f%% of %.0f/s", a, (b > 0 ? 100 * a / b : 0), b)'

dbs=(sqlite)
[ "$sqlite_only" -eq 0 ] && dbs+=(postgresql)
for db in "${dbs[@]}"; do
  get_rps=$(get "$db" get_user 4)
  if [ "$db" = sqlite ]; then
    check "SQLite: GET /Users/{id} >= 70% of the ceiling" "a >= 0.7 * b" "$ratio" "$get_rps" "$(get "$db" ceiling 4)"
  fi
  check "$db: filter userName eq at $n_label users >= 90% of GET /Users/{id}" "a >= 0.9 * b" "$ratio" \
    "$(get "$db" filter_n 4)" "$get_rps"
  check "$db: filter userName eq at $n_label users >= 90% of the rate at 10k" "a >= 0.9 * b" "$ratio" \
    "$(get "$db" filter_n 4)" "$(get "$db" filter_10k 4)"
  if [ "$db" = sqlite ]; then
    check "SQLite: POST /Users >= 8,000/s with p99 < 10 ms" "a >= 8000 && b < 10" \
      'sprintf("%.0f/s, p99 %.2f ms", a, b)' "$(get "$db" post 4)" "$(get "$db" post 6)"
  else
    check "PostgreSQL: POST /Users >= 3,000/s" "a >= 3000" \
      'sprintf("%.0f/s (p99 %.2f ms)", a, b)' "$(get "$db" post 4)" "$(get "$db" post 6)"
  fi
  check "$db: PATCH member on the $n_label-member group >= 90% of the 10-member rate" "a >= 0.9 * b" "$ratio" \
    "$(get "$db" patch_n 4)" "$(get "$db" patch_10 4)"
  check "$db: GET /Groups/{id}?excludedAttributes=members ($n_label members) p50 < 1 ms" "a < 1" \
    'sprintf("p50 %.3f ms", a)' "$(get "$db" get_group 5)"
  check "$db: access check at 10k memberships >= 80% of GET /Users/{id}" "a >= 0.8 * b" "$ratio" \
    "$(get "$db" access_10k 4)" "$get_rps"
  check "$db: access check at $n_label memberships >= 80% of GET /Users/{id}" "a >= 0.8 * b" "$ratio" \
    "$(get "$db" access_n 4)" "$get_rps"
  peak=$(awk -F'|' -v d="$db" '$1 == d && $2 != "ceiling" && $2 != "import" && $7 + 0 > m { m = $7 + 0 } END { print m + 0 }' "$results")
  check "$db: peak RSS of scimd serve < 64 MB (highest over the scenarios)" "a < 64" 'sprintf("%.1f MB", a)' "$peak"
  if [ "$db" = sqlite ]; then
    wall=$(cat "$work/import-wall-sqlite" 2>/dev/null || echo "")
    if [ "$users" -eq 1000000 ]; then
      check "SQLite: import of 1M users < 60 s" "a < 60" 'sprintf("%.1f s (%.0f users/s)", a, b)' \
        "$wall" "$(get sqlite import 4)"
    else
      check "SQLite: import of 1M users < 60 s (projected from $n_label)" "a * 1000000 / c < 60" \
        'sprintf("%.1f s for %d users (%.0f users/s), %.0f s projected for 1M", a, c, b, a * 1000000 / c)' \
        "$wall" "$(get sqlite import 4)" "$users"
    fi
  fi
done

machine_model=$(lscpu 2>/dev/null | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }')
machine_mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
commit=$(GIT_OPTIONAL_LOCKS=0 git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(GIT_OPTIONAL_LOCKS=0 git status --porcelain --untracked-files=no -- src filters db scim-schemas 2>/dev/null | wc -l)

report() {
  echo "Run of $started_at: \`$command_line\`"
  echo
  echo "Machine: $(nproc) CPUs ($machine_model), $machine_mem memory; load average before $load_before, after $load_after."
  echo "scimd: build/scimd built $binary_date (HEAD $commit, $dirty files in src/ filters/ db/ scim-schemas/ differing from it); $server_threads server threads, --log-level warn."
  echo "Load: wrk, $wrk_threads threads, $connections connections, 1 s warm-up + ${seconds} s per scenario, on the same 2 cores."
  echo
  table
  echo
  echo "Targets:"
  echo
  cat "$checks_file"
}
echo
report | tee "$work/report.md"
if [ -n "$perf_dir" ]; then echo; echo "perf recordings and top-function reports: $perf_dir"; fi

if [ "$write_results" -eq 1 ]; then
  {
    echo "# scimd benchmark results"
    echo
    echo "Written by \`bench/run.sh --write-results\`; bench/README.md says what each row measures and"
    echo "how to read it. Figures move ±10% between runs on this shared 2-core machine: compare ratios."
    echo
    cat "$work/report.md"
  } >bench/RESULTS.md
  log "wrote bench/RESULTS.md"
fi
