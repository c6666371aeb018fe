#!/usr/bin/env bash
# Builds llama.cpp's llama-server, the peer `make bench-inference` measures the Inference service
# against, from the very llama.cpp source our prebuilt libraries came from (node-llama-cpp's
# llama/gitRelease.bundle, pinned in scripts/native.lock). CPU only, tuned for this machine
# (GGML_NATIVE), no libcurl (nothing is downloaded at run time). Only the llama-server target is
# built, with -j2, into .cache/llama-server (ignored by git). The build is cached: a second run
# with the same source commit does nothing. Prints the path of the binary on stdout.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lock_file="$repo/scripts/native.lock"
cache=${DISTILLERY_NATIVE_CACHE:-$repo/.cache/npm}
out="$repo/.cache/llama-server"
# shellcheck source=lib/npm-pack.sh
source "$repo/scripts/lib/npm-pack.sh"

read -r package version integrity _ < <(awk '$1 == "headers" { print $2, $3, $4, $5 }' "$lock_file")
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9

if [ ! -d "$out/src/.git" ]; then
  tarball=$(npm_pack_verified "$package" "$version" "$integrity" "$cache")
  staging=$(mktemp -d "$out/unpack.XXXXXX")
  trap 'rm -rf "$staging"' EXIT
  tar -xzf "$tarball" -C "$staging" package/llama/gitRelease.bundle
  rm -rf "$out/src"
  git clone --quiet "$staging/package/llama/gitRelease.bundle" "$out/src"
fi

commit=$(git -C "$out/src" rev-parse HEAD)
binary="$out/build/bin/llama-server"
if [ -x "$binary" ] && [ "$(cat "$out/build.commit" 2>/dev/null)" = "$commit" ]; then
  echo "$binary"
  exit 0
fi

echo "build-llama-server: building llama-server of llama.cpp ${commit:0:12} (CPU, GGML_NATIVE; a while on two cores)" >&2
cmake -S "$out/src" -B "$out/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DGGML_CUDA=OFF -DBUILD_SHARED_LIBS=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF >&2
cmake --build "$out/build" --target llama-server -j2 >&2
echo "$commit" >"$out/build.commit"
echo "$binary"
