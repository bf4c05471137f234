#!/usr/bin/env bash
# azd postprovision hook: now that the web endpoint is known, (1) add the admin console's address as a redirect URI of
# its app registration (kept beside any others), and (2) write the sign-in settings into the `auth` block of
# web/admin/config.json, which web/publish.mjs carries into the published pages. Idempotent. The values are not
# secrets (a single-page app's client id and tenant are visible to anyone who loads it).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${ADMINS_SKIP_APP_REGISTRATION:-false}" = "true" ]; then
  echo "admin-console: ADMINS_SKIP_APP_REGISTRATION=true, web/admin/config.json's auth block is yours to fill"
  exit 0
fi

tenant_id=${AZURE_TENANT_ID:?azd sets AZURE_TENANT_ID from main.bicep outputs}
console_id=${ADMIN_CONSOLE_CLIENT_ID:?run infra/hooks/entra-apps.sh first (azd preprovision)}
api_scope=${ADMIN_API_SCOPE:?run infra/hooks/entra-apps.sh first (azd preprovision)}
web_endpoint=${WEB_ENDPOINT:?azd sets WEB_ENDPOINT from main.bicep outputs}
authority=${ADMINS_AUTHORITY:?azd sets ADMINS_AUTHORITY from main.bicep outputs}
redirect="${web_endpoint%/}/admin/"

uris=$(az ad app show --id "$console_id" --query "spa.redirectUris" -o tsv)
if ! printf '%s\n' "$uris" | grep -qxF "$redirect"; then
  list=""
  while IFS= read -r uri; do
    [ -n "$uri" ] && list+="${list:+,}\"${uri}\""
  done <<<"$uris"
  list+="${list:+,}\"${redirect}\""
  graph=$(az cloud show --query endpoints.microsoftGraphResourceId -o tsv)
  object_id=$(az ad app show --id "$console_id" --query id -o tsv)
  az rest --method PATCH --uri "${graph%/}/v1.0/applications/${object_id}" \
    --headers "Content-Type=application/json" --body "{\"spa\": {\"redirectUris\": [${list}]}}" >/dev/null
  echo "admin-console: redirect URI ${redirect} added to ${console_id}"
fi

# MSAL's authority is the tenant's sign-in endpoint (no /v2.0); the API validates the v2.0 issuer.
TENANT_ID="$tenant_id" CLIENT_ID="$console_id" API_SCOPE="$api_scope" AUTHORITY="${authority%/v2.0}" node --input-type=module -e '
  import { readFileSync, writeFileSync } from "node:fs";
  const file = "web/admin/config.json";
  const config = JSON.parse(readFileSync(file, "utf8"));
  const { TENANT_ID: tenantId, CLIENT_ID: clientId, API_SCOPE: apiScope, AUTHORITY: authority } = process.env;
  config.auth = { ...config.auth, tenantId, clientId, apiScope, authority };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
'
echo "admin-console: web/admin/config.json auth = tenant ${tenant_id}, client ${console_id}, scope ${api_scope}"
