#!/usr/bin/env bash
# Unpacks the prebuilt llama.cpp libraries named in scripts/native.lock into native/<variant>/.
#
#   scripts/fetch-native.sh cpu    native/linux-x64/       (make native; the build runs it when missing)
#   scripts/fetch-native.sh cuda   native/linux-x64-cuda/  (make native-cuda; GPU images only)
#
# Each package comes from `npm pack` (the npm registry, at build time only: nothing is
# downloaded at run time) and must match the pinned sha512 integrity before anything is
# unpacked. Re-running is cheap: a variant whose stamp matches the lock file is left alone.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lock_file="$repo/scripts/native.lock"
variant=${1:?usage: fetch-native.sh cpu|cuda}
cache=${DISTILLERY_NATIVE_CACHE:-$repo/.cache/npm}
# shellcheck source=lib/npm-pack.sh
source "$repo/scripts/lib/npm-pack.sh"

entries=$(awk -v v="$variant" '$1 == v { print $2, $3, $4, $5 }' "$lock_file")
if [ -z "$entries" ]; then
  echo "fetch-native: no variant '$variant' in $lock_file" >&2
  exit 2
fi

dest_rel=$(echo "$entries" | awk 'NR == 1 { print $4 }')
dest="$repo/$dest_rel"
stamp="$dest/.complete"
expected_stamp=$(echo "$entries" | sha256sum | cut -d' ' -f1)

mkdir -p "$cache" "$(dirname "$dest")"
# Test projects build in parallel and each may ask for the libraries: one unpacks, the others wait.
exec 9>"$cache/.lock"
flock 9

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$expected_stamp" ]; then
  exit 0
fi

staging=$(mktemp -d "$cache/unpack.XXXXXX")
trap 'rm -rf "$staging"' EXIT

while read -r package version integrity _; do
  tarball=$(npm_pack_verified "$package" "$version" "$integrity" "$cache") || exit 1
  mkdir -p "$staging/$package"
  tar -xzf "$tarball" -C "$staging/$package"
  # Only the shared libraries: the Node addon and JavaScript are of no use to .NET.
  find "$staging/$package/package/bins" -name '*.so*' -exec cp {} "$staging/" \;
done <<<"$entries"

rm -rf "$dest"
mkdir -p "$dest"
find "$staging" -maxdepth 1 -name '*.so*' -exec mv {} "$dest/" \;
echo "$expected_stamp" >"$stamp"
echo "fetch-native: $(find "$dest" -name '*.so*' | wc -l) libraries in $dest_rel" >&2
