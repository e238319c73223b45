#!/usr/bin/env bash
# Sets up a fresh Debian 12 / Ubuntu machine for LlmInteractive: system packages, build, datasets, kernelspec.
# Safe to run again; each step skips what is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Jupyter clients for the real-client tests, Chromium for page tests, PyTorch as the benchmark peer
# (with a threaded OpenBLAS: without it Debian's torch uses the reference BLAS and is ~30x slower, an unfair peer),
# NLTK as the reference implementation the metric tests compare with.
packages=(jupyter-client python3-nbclient jupyter-nbconvert python3-ipykernel jupyter-notebook chromium
          python3-torch libopenblas0-pthread python3-nltk)
# npm fetches the datasets; a Node.js that already brings its own npm must not get Debian's (they conflict).
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "setup: building"
dotnet build Research.sln -v q -nologo
# The external-libtorch variant (LLMI_LIBTORCH_DIR) is built apart, under artifacts/torch-external/.
dotnet build src/LlmInteractive.Cli -p:TorchBackend=external -v q -nologo

echo "setup: datasets"
bash environment/fetch-datasets.sh

echo "setup: kernelspec"
dotnet src/LlmInteractive.Cli/bin/Debug/net10.0/llm-interactive.dll install
