#!/usr/bin/env bash
# Compile infra/main.bicep and lint every .bicep file with the Bicep CLI from the NuGet package
# Azure.Bicep.CommandLine.linux-x64 (restored by infra/tools/BicepCli.csproj, version in Directory.Packages.props).
# No warnings allowed: infra/bicepconfig.json raises the linter rules to errors, and any "Warning" line fails too.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet restore infra/tools/BicepCli.csproj --nologo -v quiet >/dev/null
version=$(sed -n 's/.*PackageVersion Include="Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"
[ -x "$bicep" ] || chmod +x "$bicep"
"$bicep" --version

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
"$bicep" build infra/main.bicep --stdout >/dev/null 2>"$log" || status=1
cat "$log" >&2
grep -q . "$log" && status=1
files=0
while IFS= read -r -d '' file; do
  files=$((files + 1))
  if ! "$bicep" lint "$file" >"$log" 2>&1; then status=1; fi
  cat "$log" >&2
  grep -q . "$log" && status=1
done < <(find infra -name '*.bicep' -print0 | sort -z)

if [ "$status" -ne 0 ]; then
  echo "bicep: errors or warnings above" >&2
  exit 1
fi
echo "bicep: main.bicep compiles; $files files lint clean"
