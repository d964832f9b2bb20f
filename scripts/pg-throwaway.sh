#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on a unix socket in a fresh temporary folder and prints
# shell assignments for it; `scripts/pg-throwaway.sh stop DIR` stops it and removes the folder.
#   eval "$(scripts/pg-throwaway.sh start)"   # sets PG_DIR, PG_PORT, SCIMD_TEST_PG
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg-throwaway: PostgreSQL server binaries not found" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    dir=$(mktemp -d /tmp/scimd-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(( 20000 + RANDOM % 20000 ))
    as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-k $dir -p $port -c listen_addresses='' -c fsync=on -c max_connections=200" start >/dev/null
    echo "PG_DIR=$dir"
    echo "PG_PORT=$port"
    echo "export SCIMD_TEST_PG='host=$dir port=$port dbname=postgres user=postgres'"
    ;;
  stop)
    dir=${2:?usage: pg-throwaway.sh stop DIR}
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-throwaway.sh start | stop DIR" >&2
    exit 2
    ;;
esac
