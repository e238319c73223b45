#!/usr/bin/env bash
# Executes the curated notebooks headlessly with the llm-csharp kernel and writes the executed copies to
# artifacts/notebooks/ (or the folder given as $1). LLMI_QUICK=1 selects quick mode (each notebook ≤ 3 min on CPU).
# Pass --in-place to refresh the committed notebooks themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
out="artifacts/notebooks"
if [ "${1:-}" = "--in-place" ]; then out="notebooks"; elif [ -n "${1:-}" ]; then out="$1"; fi
mkdir -p "$out"
dotnet src/LlmInteractive.Cli/bin/Debug/net10.0/llm-interactive.dll run notebooks/*.ipynb --out "$out"
echo "executed notebooks in $out/"
