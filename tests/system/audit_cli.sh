#!/usr/bin/env bash
# The audit trail of command-line writes and `scimd audit` (issue 7, point 3).
#
#   tests/system/audit_cli.sh path/to/scimd
#
# On a fresh SQLite file, and on a fresh PostgreSQL database when SCIMD_TEST_PG is set: creates a
# token, changes the tenant's settings (with a webhook secret), revokes the token, then checks
# that `scimd audit` prints exactly those three records as JSON lines (token id, never the token
# or the secret; client "cli"), and that --resource-id, --count and --since filter.
# Needs bash, jq (and psql for PostgreSQL). Exits 0 when every check passed, 1 otherwise.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

scimd=${1:?usage: audit_cli.sh path/to/scimd}
command -v jq >/dev/null || { echo "audit_cli: needs jq" >&2; exit 1; }

work=$(mktemp -d /tmp/scimd-audit-cli.XXXXXX)
pg_database=""
failures=0
cleanup() {
  if [ -n "$pg_database" ]; then
    psql "$SCIMD_TEST_PG" -qAt -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT

expect_eq() {  # what got expected
  [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}

run_on() {  # name db_url
  local name=$1 db=$2 token id out
  echo "audit_cli: $name"
  token=$("$scimd" token create --db "$db" --tenant acme --role admin 2>/dev/null) || { fail "token create"; return; }
  id=$("$scimd" token list --db "$db" --tenant acme | awk 'NR == 2 { print $1 }')
  "$scimd" tenant set --db "$db" --tenant acme --groups-active-by-default true \
    --webhook http://127.0.0.1:9/hook --webhook-secret TopSecret-4711-abcdefgh >/dev/null || fail "tenant set"
  "$scimd" token revoke --db "$db" --tenant acme --id "$id" 2>/dev/null || fail "token revoke"

  out=$("$scimd" audit --db "$db" --tenant acme) || fail "audit exit code"
  expect_eq "records" "$(wc -l <<<"$out")" 3
  expect_eq "every line is JSON" "$(jq -c . <<<"$out" | wc -l)" 3
  expect_eq "token create" "$(jq -rs '.[0] | [.method, .resourceType, .resourceId, .tokenId, .clientAddress, .versionBefore] | join(",")' <<<"$out")" "POST,Token,$id,,cli,"
  expect_eq "tenant set" "$(jq -rs '.[1] | [.method, .resourceType, .resourceId, (.operations.groupsActiveByDefault | tostring), .operations.webhookSecret] | join(",")' <<<"$out")" "PATCH,Tenant,acme,true,[redacted]"
  expect_eq "token revoke" "$(jq -rs '.[2] | [.method, .resourceType, .resourceId] | join(",")' <<<"$out")" "DELETE,Token,$id"
  expect_eq "oldest first" "$(jq -s '.[0].seq < .[1].seq and .[1].seq < .[2].seq' <<<"$out")" true
  grep -q "TopSecret-4711-abcdefgh" <<<"$out" && fail "the webhook secret is in the audit output"
  grep -qF "$token" <<<"$out" && fail "the token is in the audit output"

  expect_eq "--resource-id" "$("$scimd" audit --db "$db" --tenant acme --resource-id "$id" | wc -l)" 2
  expect_eq "--count" "$("$scimd" audit --db "$db" --tenant acme --count 1 | jq -r .resourceType)" Token
  expect_eq "--since (future)" "$("$scimd" audit --db "$db" --tenant acme --since 2999-01-01 | wc -c)" 0
  expect_eq "--since (past)" "$("$scimd" audit --db "$db" --tenant acme --since 2000-01-01T00:00:00Z | wc -l)" 3
  "$scimd" audit --db "$db" --tenant acme --since soon >/dev/null 2>&1
  expect_eq "bad --since exit code" $? 2
  "$scimd" audit --db "$db" --tenant nobody >/dev/null 2>&1
  expect_eq "unknown tenant exit code" $? 1
}

run_on sqlite "sqlite:$work/audit.db"
if [ -n "${SCIMD_TEST_PG:-}" ]; then
  pg_database="scimd_audit_cli_$$_$RANDOM"
  psql "$SCIMD_TEST_PG" -qAt -c "CREATE DATABASE $pg_database" >/dev/null || { echo "audit_cli: cannot CREATE DATABASE" >&2; exit 1; }
  run_on postgresql "$(scimd_db_url_for "$pg_database")"
else
  case "${CI:-}" in
    "" | false | 0) echo "audit_cli: postgresql skipped (SCIMD_TEST_PG is unset)" ;;
    *) fail "CI is set, so PostgreSQL (SCIMD_TEST_PG) is required" ;;
  esac
fi

if [ "$failures" -gt 0 ]; then
  echo "audit_cli: $failures check(s) failed"
  exit 1
fi
echo "audit_cli: ok"
