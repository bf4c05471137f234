#!/usr/bin/env bash
# azd preprovision hook: the Microsoft Entra ID app registrations admins sign in with (issue #14). Idempotent: run
# it again and it finds the registrations by name and sets them to the same state.
#
#   fanrewards-api-<env>      the admin API: app id URI api://<client id>, v2 access tokens (aud = its client id),
#                             delegated scope "admin" for the console, and the six app roles the API checks
#                             (users, groups and applications can hold them); only assigned principals get tokens.
#   fanrewards-console-<env>  the admin console, a single-page app (authorization code with PKCE, no secret),
#                             pre-authorised for the API's scope; its redirect URI is added after provisioning
#                             (infra/hooks/admin-console.sh, when the web endpoint is known).
#
# Sets in the azd environment: ADMINS_AUDIENCE (the API's client id; main.bicep's adminAudience), ADMIN_API_CLIENT_ID,
# ADMIN_CONSOLE_CLIENT_ID, ADMIN_API_SCOPE. Needs `az login` with a directory role that may register applications
# (Application Developer, or the tenant's default user permission). ADMINS_SKIP_APP_REGISTRATION=true skips it all:
# then set ADMINS_AUDIENCE yourself (README, Deploy to Azure, "Admin sign-in").
set -euo pipefail

if [ "${ADMINS_SKIP_APP_REGISTRATION:-false}" = "true" ]; then
  echo "entra-apps: ADMINS_SKIP_APP_REGISTRATION=true, no app registrations touched (ADMINS_AUDIENCE=${ADMINS_AUDIENCE:-<unset>})"
  exit 0
fi

env_name=${AZURE_ENV_NAME:?azd sets AZURE_ENV_NAME; run this as an azd hook or export it}
api_name="fanrewards-api-${env_name}"
console_name="fanrewards-console-${env_name}"
graph=$(az cloud show --query endpoints.microsoftGraphResourceId -o tsv)
graph=${graph%/}

# A GUID derived from a name: the same role or scope keeps the same id on every run (Entra ID refuses to change the
# id of an enabled role or scope, and tokens and assignments refer to roles by id).
stable_guid() {
  local hex
  hex=$(printf '%s' "fanrewards:$1" | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-32)
  printf '%s-%s-4%s-8%s-%s\n' "${hex:0:8}" "${hex:8:4}" "${hex:13:3}" "${hex:17:3}" "${hex:20:12}"
}

# The client id of the application with exactly this display name, created when there is none. (`az ad app list
# --display-name` matches names that start with it: fanrewards-api-dev would find fanrewards-api-dev2 first.)
ensure_app() {
  local id
  id=$(az ad app list --display-name "$1" --query "[?displayName=='$1'].appId | [0]" -o tsv)
  if [ -z "$id" ]; then
    id=$(az ad app create --display-name "$1" --sign-in-audience AzureADMyOrg --query appId -o tsv)
    echo "entra-apps: created $1 ($id)" >&2
  fi
  az ad sp show --id "$id" --query id -o tsv >/dev/null 2>&1 || az ad sp create --id "$id" --query id -o tsv >/dev/null
  printf '%s\n' "$id"
}

patch_app() { # client id, JSON body: PATCH the application object through Microsoft Graph
  local object_id
  object_id=$(az ad app show --id "$1" --query id -o tsv)
  az rest --method PATCH --uri "${graph}/v1.0/applications/${object_id}" \
    --headers "Content-Type=application/json" --body "$2" >/dev/null
}

api_id=$(ensure_app "$api_name")
console_id=$(ensure_app "$console_name")
scope_id=$(stable_guid "scope:admin")

# The six roles of FanRewards.Core.Admins.AdminRoles (value, display name, what it grants).
roles_json=""
while IFS='|' read -r value display description; do
  [ -n "$value" ] || continue
  roles_json+="${roles_json:+,}{\"id\":\"$(stable_guid "role:${value}")\",\"value\":\"${value}\",\"displayName\":\"${display}\","
  roles_json+="\"description\":\"${description}\",\"allowedMemberTypes\":[\"User\",\"Application\"],\"isEnabled\":true}"
done <<'ROLES'
campaign-editor|Campaign editor|Creates and edits draft campaigns.
publisher|Publisher|Publishes, closes and archives campaigns.
moderator|Moderator|Moderates messages, disqualifies entrants, reviews fraud.
draw-operator|Draw operator|Runs draws and excuses witnesses.
fulfilment|Fulfilment|Handles claims and vouchers; exports personal data with a reason.
auditor|Auditor|Reads everything, masked, and the personal-data access log.
ROLES

# The API's "api" block; the console is pre-authorised in a second request, once the scope it names exists.
api_block() {
  printf '{"requestedAccessTokenVersion": 2, "oauth2PermissionScopes": [{
    "id": "%s", "value": "admin", "type": "User", "isEnabled": true,
    "adminConsentDisplayName": "Use the FanRewards admin API",
    "adminConsentDescription": "Lets the admin console call the FanRewards admin API as the signed-in person, with their roles.",
    "userConsentDisplayName": "Use the FanRewards admin API",
    "userConsentDescription": "Lets the admin console call the FanRewards admin API as you, with your roles."
  }], "preAuthorizedApplications": [%s]}' "$scope_id" "$1"
}
patch_app "$api_id" "{\"identifierUris\": [\"api://${api_id}\"], \"appRoles\": [${roles_json}], \"api\": $(api_block "")}"
patch_app "$api_id" "{\"api\": $(api_block "{\"appId\": \"${console_id}\", \"delegatedPermissionIds\": [\"${scope_id}\"]}")}"
# Only people, groups and applications holding one of the roles get a token for the API at all.
az ad sp update --id "$api_id" --set appRoleAssignmentRequired=true >/dev/null

patch_app "$console_id" "{
  \"requiredResourceAccess\": [{\"resourceAppId\": \"${api_id}\", \"resourceAccess\": [{\"id\": \"${scope_id}\", \"type\": \"Scope\"}]}]
}"

azd env set ADMINS_AUDIENCE "$api_id" >/dev/null
azd env set ADMIN_API_CLIENT_ID "$api_id" >/dev/null
azd env set ADMIN_CONSOLE_CLIENT_ID "$console_id" >/dev/null
azd env set ADMIN_API_SCOPE "api://${api_id}/admin" >/dev/null
echo "entra-apps: API ${api_name} (${api_id}), console ${console_name} (${console_id}), scope api://${api_id}/admin"
echo "entra-apps: give people their roles with infra/hooks/grant-admin-role.sh (README, Deploy to Azure)"
