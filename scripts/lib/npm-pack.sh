# Sourced by the fetch scripts: `npm pack` a package into a cache folder and check it against a
# pinned sha512 integrity (npm's own format) before anything uses it. Build time only.

# Prints npm's integrity string of a file.
integrity_of() {
  node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

# npm_pack_verified PACKAGE VERSION INTEGRITY CACHE_DIR -> prints the verified tarball's path.
npm_pack_verified() {
  local package=$1 version=$2 integrity=$3 cache=$4 tarball actual
  mkdir -p "$cache"
  # npm pack's own file name for a scoped package: @scope/name -> scope-name-version.tgz
  tarball="$cache/$(echo "${package#@}" | tr / -)-$version.tgz"
  if [ ! -f "$tarball" ] || [ "$(integrity_of "$tarball")" != "$integrity" ]; then
    echo "npm pack $package@$version" >&2
    rm -f "$tarball"
    (cd "$cache" && npm pack --silent "$package@$version" >/dev/null 2>&1) || {
      echo "npm pack $package@$version failed (is the npm registry reachable?)" >&2
      return 1
    }
  fi
  actual=$(integrity_of "$tarball")
  if [ "$actual" != "$integrity" ]; then
    echo "$package@$version failed its integrity check" >&2
    echo "  expected $integrity" >&2
    echo "  got      $actual" >&2
    return 1
  fi
  echo "$tarball"
}
