#!/usr/bin/env bash
# Membership at scale: the rate of PATCH add/remove of one member on a group of 10 members
# versus a group of N members (default 100,000), on SQLite and on PostgreSQL. The cost must
# not grow with the group: membership rows are never read or rewritten by a PATCH.
#   bench/membership.sh [--members N] [--seconds S] [--sqlite-only]
set -euo pipefail
cd "$(dirname "$0")/.."

members=100000
seconds=10
sqlite_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --members) members=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --sqlite-only) sqlite_only=1; shift ;;
    *) echo "usage: bench/membership.sh [--members N] [--seconds S] [--sqlite-only]" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk sqlite3 >/dev/null; }
command -v sqlite3 >/dev/null || apt-get install -y -qq sqlite3 >/dev/null
[ -x build/scimd ] || scripts/setup.sh

work=$(mktemp -d /tmp/scimd-bench.XXXXXX)
pids=()
pg_dir=
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$pg_dir" ] && scripts/pg-throwaway.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

# Users u0000001.. and the two groups' rows, written straight into the database (setup only;
# what is measured goes through HTTP).
seed_sql() {  # $1 = dialect
  local now="'2026-01-01T00:00:00.000Z'"
  if [ "$1" = sqlite ]; then
    cat <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $members)
INSERT INTO users (tenant_id, id, user_name, user_name_folded, active, created, last_modified, version, doc)
SELECT 1, printf('u%07d', i), 'user' || i, 'user' || i, 1, $now, $now, 1,
       json_object('userName', 'user' || i, 'active', json('true')) FROM n;
COMMIT;
SQL
  else
    cat <<SQL
INSERT INTO users (tenant_id, id, user_name, user_name_folded, active, created, last_modified, version, doc)
SELECT 1, 'u' || lpad(i::text, 7, '0'), 'user' || i, 'user' || i, 1, $now, $now, 1,
       jsonb_build_object('userName', 'user' || i, 'active', true) FROM generate_series(1, $members) AS i;
SQL
  fi
}

members_sql() {  # $1 = dialect, $2 = group id, $3 = how many
  if [ "$1" = sqlite ]; then
    echo "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $3)
          INSERT INTO memberships SELECT 1, '$2', printf('u%07d', i), 'User' FROM n;"
  else
    echo "INSERT INTO memberships SELECT 1, '$2', 'u' || lpad(i::text, 7, '0'), 'User' FROM generate_series(1, $3) AS i;"
  fi
}

run_db() {  # $1 = name, $2 = db url, $3 = sql runner command
  local name=$1 url=$2 sql=$3
  local port=$(( 30000 + RANDOM % 20000 ))
  local token
  token=$(build/scimd token create --db "$url" --tenant bench)
  seed_sql "$name" | $sql >/dev/null
  build/scimd serve --db "$url" --listen 127.0.0.1:$port --threads 2 --log-level warn &
  pids+=($!)
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port/scim/v2"
  mkgroup() {
    curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
      -d "{\"displayName\":\"$1\"}" "$base/Groups" | sed -E 's/.*"id":"([^"]+)".*/\1/'
  }
  local small big
  small=$(mkgroup small)
  big=$(mkgroup big)
  members_sql "$name" "$small" 10 | $sql >/dev/null
  members_sql "$name" "$big" "$members" | $sql >/dev/null
  echo "ANALYZE;" | $sql >/dev/null  # planner statistics, as autovacuum would gather them
  # The member toggled is not among the seeded ones.
  local extra
  extra=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
      -d '{"userName":"toggled"}' "$base/Users" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  for g in small big; do
    local gid=$small
    [ $g = big ] && gid=$big
    local size=10
    [ $g = big ] && size=$members
    local out
    out=$(TOKEN=$token GROUP=$gid MEMBER=$extra wrk -t2 -c8 -d"${seconds}s" -s bench/lua/patch_member.lua "http://127.0.0.1:$port" | grep RESULT)
    printf '%-10s | %-9s | %9s | %s\n' "$name" "PATCH member" "$size" "${out#RESULT }"
    echo "$name $size ${out#RESULT }" >> "$work/results"
  done
}

printf '%-10s | %-9s | %9s | %s\n' database scenario "members" "rate and latency"
sqlite_sql() { sqlite3 "$work/bench.db"; }
pg_sql() { psql -q -v ON_ERROR_STOP=1 "$SCIMD_TEST_PG"; }
run_db sqlite "sqlite:$work/bench.db" sqlite_sql
if [ $sqlite_only = 0 ]; then
  eval "$(scripts/pg-throwaway.sh start)"
  pg_dir=$PG_DIR
  run_db postgresql "postgresql:$SCIMD_TEST_PG" pg_sql
fi
awk '{split($3,a,"="); r[$1" "$2]=a[2]} END {for (k in r) if (k ~ / 10$/) { split(k,p," "); for (j in r) { split(j,q," "); if (q[1]==p[1] && q[2]!=10) printf "%s: rate at %s members / rate at 10 members = %.2f\n", p[1], q[2], r[j]/r[k] } } }' "$work/results"
