#!/usr/bin/env bash
# Renews the OpenAPI document's examples from real answers: runs the end-to-end tests (whose client checks and records
# every answer of the DevHost), then writes the first answer of each operation and status into the document.
# Review the diff of functions/FanRewards.Functions/OpenApi/openapi.json and commit it.
set -euo pipefail
cd "$(dirname "$0")/.."
records=$(mktemp)
trap 'rm -f "$records"' EXIT
dotnet build tests/FanRewards.DevHost.Tests --verbosity quiet
FANREWARDS_OPENAPI_RECORD="$records" dotnet test tests/FanRewards.DevHost.Tests --no-build \
  --filter 'FullyQualifiedName~FunctionAppEndToEndTests|FullyQualifiedName~OpenApiTourTests'
node tools/openapi-examples.mjs "$records"
