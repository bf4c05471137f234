#!/usr/bin/env bash
# Gives a person, a group or an application one FanRewards admin role (an app role of the API registration that
# infra/hooks/entra-apps.sh made). Idempotent: an existing assignment is left as it is.
#
#   infra/hooks/grant-admin-role.sh <role> --user <user principal name or object id>
#   infra/hooks/grant-admin-role.sh <role> --group <group display name or object id>
#   infra/hooks/grant-admin-role.sh <role> --app <client id of an automation app registration>
#
# Roles: campaign-editor publisher moderator draw-operator fulfilment auditor. The API's client id comes from
# ADMIN_API_CLIENT_ID, else from the azd environment. Removing a role: Entra admin center → Enterprise applications →
# fanrewards-api-<env> → Users and groups (or `az rest --method DELETE` on the assignment).
set -euo pipefail

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -eq 3 ] || usage
role=$1 kind=$2 who=$3
case "$role" in
  campaign-editor | publisher | moderator | draw-operator | fulfilment | auditor) ;;
  *) echo "grant-admin-role: unknown role '$role'" >&2; usage ;;
esac

api_id=${ADMIN_API_CLIENT_ID:-$(azd env get-value ADMIN_API_CLIENT_ID)}
case "$kind" in
  --user) principal=$(az ad user show --id "$who" --query id -o tsv) ;;
  --group) principal=$(az ad group show --group "$who" --query id -o tsv) ;;
  --app) principal=$(az ad sp show --id "$who" --query id -o tsv) ;;
  *) usage ;;
esac

graph=$(az cloud show --query endpoints.microsoftGraphResourceId -o tsv)
graph=${graph%/}
resource=$(az ad sp show --id "$api_id" --query id -o tsv)
role_id=$(az ad sp show --id "$api_id" --query "appRoles[?value=='${role}'].id | [0]" -o tsv)
[ -n "$role_id" ] || { echo "grant-admin-role: the API registration has no role '$role' (run infra/hooks/entra-apps.sh)" >&2; exit 1; }

held=$(az rest --method GET --uri "${graph}/v1.0/servicePrincipals/${resource}/appRoleAssignedTo?\$top=999" \
  --query "length(value[?principalId=='${principal}' && appRoleId=='${role_id}'])" -o tsv)
if [ "$held" != "0" ]; then
  echo "grant-admin-role: $who already holds $role"
  exit 0
fi
az rest --method POST --uri "${graph}/v1.0/servicePrincipals/${resource}/appRoleAssignedTo" \
  --headers "Content-Type=application/json" \
  --body "{\"principalId\": \"${principal}\", \"resourceId\": \"${resource}\", \"appRoleId\": \"${role_id}\"}" >/dev/null
echo "grant-admin-role: $who now holds $role"
