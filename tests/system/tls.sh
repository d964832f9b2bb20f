#!/usr/bin/env bash
# scimd serves HTTPS itself (--tls-cert/--tls-key) to a real TLS client: with a throwaway
# self-signed certificate, curl verifying it (--cacert) gets /healthz and an authenticated
# GET /scim/v2/Users over https; Location and meta.location of a new user are https URLs; plain
# http to the TLS port gets no answer, and the server keeps serving https afterwards.
#
#   tests/system/tls.sh path/to/scimd
#
# Runs on SQLite, and on PostgreSQL too when SCIMD_TEST_PG is set (required when CI is set).
# Needs bash, openssl, curl and jq. Exits 0 when every check passes on every database.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

scimd=${1:?usage: tls.sh path/to/scimd}

work=$(mktemp -d /tmp/scimd-tls.XXXXXX)
database="scimd_tls_$$_$RANDOM"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ -n "${SCIMD_TEST_PG:-}" ] && psql "$SCIMD_TEST_PG" -qAt -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

failures=0
check() {  # check NAME CONDITION-STATUS DETAIL
  if [ "$2" -eq 0 ]; then echo "tls: ok   $1"; else echo "tls: FAIL $1: $3"; failures=$((failures + 1)); fi
}

# A certificate for localhost and 127.0.0.1, valid for a day; nothing outside $work trusts it.
if ! openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
     -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
     -keyout "$work/key.pem" -out "$work/cert.pem" >"$work/openssl.log" 2>&1; then
  echo "tls: FAIL cannot create a certificate"; cat "$work/openssl.log"; exit 1
fi

run_checks() {  # run_checks DB-URL LABEL
  local db=$1 label=$2 token port base status body location rc
  token=$("$scimd" token create --db "$db" --tenant tls --role admin 2>"$work/token.err") \
    || { echo "tls: FAIL [$label] token create"; cat "$work/token.err"; failures=$((failures + 1)); return; }
  "$scimd" serve --db "$db" --listen 127.0.0.1:0 --threads 2 \
    --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" >"$work/scimd-$label.log" 2>&1 &
  pid=$!
  port=$(scimd_port_of "$work/scimd-$label.log" "$pid")
  [ -n "$port" ] || { echo "tls: FAIL [$label] scimd did not start"; cat "$work/scimd-$label.log"; failures=$((failures + 1)); return; }
  grep -q "serving SCIM at https://" "$work/scimd-$label.log"
  check "[$label] the start line names https" $? "$(head -3 "$work/scimd-$label.log")"
  base="https://localhost:$port"
  # --resolve: the name the certificate carries, without touching /etc/hosts.
  tls_curl() { curl -sS --max-time 10 --cacert "$work/cert.pem" --resolve "localhost:$port:127.0.0.1" "$@"; }

  body=$(tls_curl "$base/healthz" 2>&1)
  check "[$label] GET /healthz over https" $([ "$body" = "ok" ]; echo $?) "$body"

  status=$(tls_curl -o "$work/users.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$base/scim/v2/Users" 2>&1)
  check "[$label] authenticated GET /scim/v2/Users over https" \
    $([ "$status" = 200 ] && jq -e '.totalResults == 0' "$work/users.json" >/dev/null; echo $?) "$status $(cat "$work/users.json" 2>/dev/null)"

  status=$(tls_curl -o /dev/null -w '%{http_code}' "$base/scim/v2/Users" 2>&1)
  check "[$label] no token over https is 401" $([ "$status" = 401 ]; echo $?) "$status"

  status=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' --resolve "localhost:$port:127.0.0.1" "$base/healthz" 2>&1)
  rc=$?
  check "[$label] a client that does not trust the certificate is refused" $([ $rc -ne 0 ]; echo $?) "curl exit $rc, $status"

  status=$(tls_curl -D "$work/headers" -o "$work/created.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/scim+json' --data-binary '{"userName":"tls.user@example.com"}' "$base/scim/v2/Users" 2>&1)
  location=$(sed -n 's/^[Ll]ocation: *\([^[:space:]]*\).*/\1/p' "$work/headers")
  check "[$label] POST /scim/v2/Users over https is 201" $([ "$status" = 201 ]; echo $?) "$status $(cat "$work/created.json" 2>/dev/null)"
  check "[$label] Location is an https URL" $([[ "$location" == "$base/scim/v2/Users/"* ]]; echo $?) "'$location'"
  check "[$label] meta.location is the https Location" \
    $(jq -e --arg l "$location" '.meta.location == $l' "$work/created.json" >/dev/null; echo $?) "$(cat "$work/created.json")"
  status=$(tls_curl -o "$work/list.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$base/scim/v2/Users" 2>&1)
  check "[$label] list entries carry https meta.location" \
    $(jq -e --arg b "$base/" '.totalResults == 1 and (.Resources[0].meta.location | startswith($b))' "$work/list.json" >/dev/null; echo $?) \
    "$status $(cat "$work/list.json")"

  # Plain http to the TLS port: the TLS handshake fails, so there is no HTTP answer at all.
  status=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" 2>&1)
  rc=$?
  check "[$label] plain http to the TLS port gets no HTTP answer" $([ $rc -ne 0 ] || [ "${status:0:3}" = 000 ]; echo $?) \
    "curl exit $rc, '$status'"

  body=$(tls_curl "$base/healthz" 2>&1)
  check "[$label] https still served after the plain request" $([ "$body" = "ok" ]; echo $?) "$body"

  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=""
}

run_checks "sqlite:$work/tls.db" sqlite
if [ -n "${SCIMD_TEST_PG:-}" ]; then
  if psql "$SCIMD_TEST_PG" -qAt -c "CREATE DATABASE $database" >/dev/null; then
    run_checks "$(scimd_db_url_for "$database")" postgresql
  else
    echo "tls: FAIL cannot CREATE DATABASE on SCIMD_TEST_PG"; failures=$((failures + 1))
  fi
else
  case "${CI:-}" in
    "" | false | 0) echo "tls: PostgreSQL skipped (set SCIMD_TEST_PG to run it)" ;;
    *) echo "tls: FAIL CI is set, so PostgreSQL (SCIMD_TEST_PG) is required"; failures=$((failures + 1)) ;;
  esac
fi

if [ "$failures" -eq 0 ]; then echo "tls: PASS"; exit 0; fi
echo "tls: $failures check(s) failed"
exit 1
