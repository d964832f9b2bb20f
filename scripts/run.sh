#!/usr/bin/env bash
# Sets up scimd (scripts/setup.sh) and starts it on the embedded SQLite default, after printing
# a fresh bearer token and how to point an identity provider at it.
#   scripts/run.sh                 # listens on 127.0.0.1:8080, database ./scimd.db
#   SCIMD_LISTEN=0.0.0.0:8080 SCIMD_TENANT=acme scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh >/dev/null

db=${SCIMD_DB:-sqlite:scimd.db}
listen=${SCIMD_LISTEN:-127.0.0.1:8080}
tenant=${SCIMD_TENANT:-default}
token=$(build/scimd token create --db "$db" --tenant "$tenant" --role provisioning)
host=${listen%:*}
[ "$host" = "0.0.0.0" ] && host=$(hostname -f 2>/dev/null || echo localhost)
base="http://$host:${listen##*:}/scim/v2"

cat <<MSG
scimd is starting on $db.

  SCIM base URL : $base
  Bearer token  : $token   (tenant "$tenant", role provisioning; shown once)

Try it:
  curl -H "Authorization: Bearer $token" "$base/Users?filter=userName%20eq%20%22ana@example.com%22"

Microsoft Entra ID: Enterprise application > Provisioning > Automatic;
  Tenant URL = $base   Secret Token = the token above.
Okta: App > Provisioning > Integration; SCIM connector base URL = $base,
  unique identifier field = userName, authentication mode = HTTP Header (Bearer token above).
More tokens: build/scimd token create --db $db --tenant $tenant [--role read|provisioning|admin]

MSG
exec build/scimd serve --db "$db" --listen "$listen"
