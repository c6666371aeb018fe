#!/usr/bin/env bash
# Unpacks the prebuilt llama.cpp libraries named in scripts/native.lock into native/<variant>/,
# or the C headers those libraries were built from into native/include/.
#
#   scripts/fetch-native.sh cpu      native/linux-x64/       (make native; the build runs it when missing)
#   scripts/fetch-native.sh cuda     native/linux-x64-cuda/  (make native-cuda; GPU images only)
#   scripts/fetch-native.sh headers  native/include/         (make native, make deps; the struct layout test
#                                                             compiles against them)
#
# Each package comes from `npm pack` (the npm registry, at build time only: nothing is
# downloaded at run time) and must match the pinned sha512 integrity before anything is
# unpacked. Re-running is cheap: a variant whose stamp matches the lock file is left alone.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lock_file="$repo/scripts/native.lock"
variant=${1:?usage: fetch-native.sh cpu|cuda|headers}
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

# The headers come from node-llama-cpp's llama/gitRelease.bundle, a git bundle of the exact llama.cpp
# source the prebuilt libraries were compiled from: include/llama.h and ggml/include/*.h, flattened
# into one folder (they include each other by bare file name), plus the commit they came from.
unpack_headers() {
  local package_dir=$1 bundle="$1/package/llama/gitRelease.bundle"
  [ -f "$bundle" ] || { echo "fetch-native: no llama/gitRelease.bundle in the package" >&2; return 1; }
  git clone --quiet --bare "$bundle" "$staging/source.git"
  git --git-dir "$staging/source.git" archive HEAD include/llama.h ggml/include | tar -x -C "$staging/source"
  find "$staging/source" -name '*.h' -exec mv {} "$staging/out/" \;
  git --git-dir "$staging/source.git" rev-parse HEAD >"$staging/out/llama.cpp.commit"
}

mkdir -p "$staging/out" "$staging/source"
while read -r package version integrity _; do
  tarball=$(npm_pack_verified "$package" "$version" "$integrity" "$cache") || exit 1
  mkdir -p "$staging/$package"
  tar -xzf "$tarball" -C "$staging/$package"
  if [ "$variant" = headers ]; then
    unpack_headers "$staging/$package"
  else
    # Only the shared libraries: the Node addon and JavaScript are of no use to .NET.
    find "$staging/$package/package/bins" -name '*.so*' -exec cp {} "$staging/out/" \;
  fi
done <<<"$entries"

rm -rf "$dest"
mkdir -p "$dest"
find "$staging/out" -maxdepth 1 -type f -exec mv {} "$dest/" \;
echo "$expected_stamp" >"$stamp"
if [ "$variant" = headers ]; then
  echo "fetch-native: $(find "$dest" -name '*.h' | wc -l) headers of llama.cpp $(cut -c1-12 "$dest/llama.cpp.commit") in $dest_rel" >&2
else
  echo "fetch-native: $(find "$dest" -name '*.so*' | wc -l) libraries in $dest_rel" >&2
fi
