# Helpers shared by the system test scripts (sourced, not run).

# scimd_db_url_for DATABASE: the scimd --db URL of another database on the PostgreSQL server of
# SCIMD_TEST_PG, which may be a libpq keyword string ("host=... dbname=...") or a URI
# ("postgresql://user@host:port/db?sslmode=...").
scimd_db_url_for() {
  case "$SCIMD_TEST_PG" in
    postgres://* | postgresql://*)
      sed -E "s|^(postgres(ql)?://[^/?]*)(/[^?]*)?|\\1/$1|" <<<"$SCIMD_TEST_PG" ;;
    *)
      echo "postgresql:$(sed -E 's/(^| )dbname=[^ ]*//' <<<"$SCIMD_TEST_PG") dbname=$1" ;;
  esac
}

# scimd_port_of LOG PID: waits up to 10 s for scimd's "serving" log line and prints the port it
# bound; prints nothing when the process ended first or the time ran out.
scimd_port_of() {
  local port
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*serving SCIM at https\{0,1\}://[^ ]*:\([0-9][0-9]*\)/scim/v2.*|\1|p' "$1" | head -n 1)
    [ -n "$port" ] && { echo "$port"; return; }
    kill -0 "$2" 2>/dev/null || return
    sleep 0.1
  done
}

# needs_postgresql NAME: when SCIMD_TEST_PG is unset, says so and exits: 0 (skipped) outside
# CI, 1 when CI is set.
needs_postgresql() {
  [ -n "${SCIMD_TEST_PG:-}" ] && return
  echo "$1: needs PostgreSQL; set SCIMD_TEST_PG (e.g. eval \"\$(scripts/pg-throwaway.sh start)\")"
  case "${CI:-}" in
    "" | false | 0) echo "$1: skipped"; exit 0 ;;
    *) echo "$1: FAIL (CI is set, so PostgreSQL is required)"; exit 1 ;;
  esac
}

# fail MESSAGE: reports a failed check and counts it in the script's $failures.
fail() {
  echo "  FAIL: $*"
  failures=$((failures + 1))
}

# on_sqlite_and_postgresql NAME SQLITE_FILE: calls the script's `run_on LABEL DB_URL` on SQLite,
# then on a new database of SCIMD_TEST_PG (named in $pg_database, which drop_pg_database removes
# at exit), or says that PostgreSQL was skipped when SCIMD_TEST_PG is unset.
on_sqlite_and_postgresql() {
  run_on sqlite "sqlite:$2"
  if [ -z "${SCIMD_TEST_PG:-}" ]; then
    echo "$1 on postgresql: skipped (SCIMD_TEST_PG is not set)"
    return
  fi
  pg_database="scimd_${1}_$$_$RANDOM"
  psql "$SCIMD_TEST_PG" -qAt -c "CREATE DATABASE $pg_database" >/dev/null || { echo "$1: cannot CREATE DATABASE" >&2; exit 1; }
  run_on postgresql "$(scimd_db_url_for "$pg_database")"
}

# drop_pg_database: drops $pg_database when the script created one (for the EXIT trap).
drop_pg_database() {
  [ -n "${pg_database:-}" ] && psql "$SCIMD_TEST_PG" -qAt -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1
  return 0
}
