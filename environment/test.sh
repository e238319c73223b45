#!/usr/bin/env bash
# Runs every test project, then executes every curated notebook in quick mode with Jupyter's own nbconvert against
# the installed llm-csharp kernelspec (a client nobody here wrote). Ends with one line: "N passed, N failed".
# Expects environment/setup.sh to have run.
set -uo pipefail
cd "$(dirname "$0")/.."

# A single-node Slurm cluster for the sweep tests' Slurm executor (a few seconds once installed). Where it cannot
# start (no root or sudo), those tests report themselves skipped, and the skipped count is printed below.
# A cluster that was up before is left running at the end.
slurm_started=0
if sinfo -h -N -o '%T' 2>/dev/null | grep -qx idle; then :
elif bash environment/slurm-local.sh start; then slurm_started=1
else echo "test: no local Slurm cluster; the Slurm tests are skipped"; fi

log=$(mktemp)
dotnet test Research.sln --no-build -v q -nologo --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 8, Skipped: 0, Total: 8 ..."
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
skipped=$(sum Skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A crash or build problem that dotnet test reported without counting a failed test still fails the run.
  failed=1
fi

# Each notebook executed top to bottom by nbconvert counts as one test.
out=$(mktemp -d)
for notebook in notebooks/*.ipynb; do
  if LLMI_QUICK=1 jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=900 \
       --output-dir "$out" "$notebook" >"$out/log.txt" 2>&1; then
    echo "nbconvert: $notebook executed"
    passed=$((passed + 1))
  else
    echo "nbconvert: $notebook FAILED"; tail -30 "$out/log.txt"
    failed=$((failed + 1))
  fi
done
rm -rf "$out" "$log"
[ "$slurm_started" -eq 1 ] && bash environment/slurm-local.sh stop

# Skipped tests (a missing chromium, no Slurm) are neither passed nor failed: say how many, before the summary line.
[ "$skipped" -eq 0 ] || echo "${skipped} skipped (each is named above, marked [SKIP])"

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
