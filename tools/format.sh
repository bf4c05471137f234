#!/usr/bin/env bash
# Brings the C# code to the habits .editorconfig sets, with dotnet format's own fixers, then makes the check .ci/run
# makes. Rerun it after a merge: it changes only what the rules ask for, so review the diff and commit it.
# What it cannot fix is listed by the last step (fix it by hand, or configure the rule in .editorconfig with a reason);
# analyzer rules without a fixer (CA1305 culture, CA1725 parameter names, ...) surface in `dotnet build`, as errors.
set -euo pipefail
cd "$(dirname "$0")/.."
solution=FanRewards.sln

dotnet restore "$solution" --verbosity quiet

# Layout: indentation, spaces, new lines (IDE0055).
dotnet format whitespace "$solution" --no-restore

# Code style, the IDE rules at warning: braces, var, usings, collection expressions, readonly, initializers.
# One fix can ask for another (braces on one branch of an if/else chain want them on its siblings): a second pass.
# IDE0130 (namespace matches folder) is left to the check below: dotnet format's fixer for it throws
# "Changing document properties is not supported" and stops the run.
dotnet format style "$solution" --no-restore --severity warn --exclude-diagnostics IDE0130
dotnet format style "$solution" --no-restore --severity warn --exclude-diagnostics IDE0130

# Analyzer rules (CA) at warning that have a fixer.
dotnet format analyzers "$solution" --no-restore --severity warn

# Nothing left: the same check as .ci/run.
dotnet format "$solution" --no-restore --verify-no-changes
echo "format: clean. Next: dotnet build $solution (the analyzers without a fixer)."
