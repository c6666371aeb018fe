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

integrity_of() {
  node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

staging=$(mktemp -d "$cache/unpack.XXXXXX")
trap 'rm -rf "$staging"' EXIT

while read -r package version integrity _; do
  # npm pack's own file name for a scoped package: @scope/name -> scope-name-version.tgz
  tarball="$cache/$(echo "${package#@}" | tr / -)-$version.tgz"
  if [ ! -f "$tarball" ] || [ "$(integrity_of "$tarball")" != "$integrity" ]; then
    echo "fetch-native: npm pack $package@$version" >&2
    rm -f "$tarball"
    (cd "$cache" && npm pack --silent "$package@$version" >/dev/null 2>&1) || {
      echo "fetch-native: npm pack $package@$version failed (is the npm registry reachable?)" >&2
      exit 1
    }
  fi
  actual=$(integrity_of "$tarball")
  if [ "$actual" != "$integrity" ]; then
    echo "fetch-native: $package@$version failed its integrity check" >&2
    echo "  expected $integrity" >&2
    echo "  got      $actual" >&2
    exit 1
  fi
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
