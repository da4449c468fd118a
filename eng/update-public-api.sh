#!/usr/bin/env bash
# Records new public API of the packages under src/ in their PublicAPI.Unshipped.txt (the RS0016 code fix).
# Removed or changed API (RS0017) must be deleted from the files by hand: the analyzer offers no fix for it.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dotnet format "$project" --diagnostics RS0016 --verbosity quiet
done
