#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed". Expects environment/setup.sh to have run.
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
dotnet test Research.sln --no-build -v q -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 8, Skipped: 0, Total: 8 ..."
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
assemblies=$(grep -cE '^(Passed|Failed)! ' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then
  # A crash or build problem that dotnet test reported without counting a failed test still fails the run.
  failed=1
fi
echo "test assemblies: ${assemblies}"
echo "${passed:-0} passed, ${failed:-0} failed"
[ "$status" -eq 0 ]
