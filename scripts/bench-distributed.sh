#!/usr/bin/env bash
# `make bench-distributed`: the 14-task benchmark job (simulated teacher) through the distributed
# mode against the same job through `distillery run` locally, and the distributed mode with one
# and with two Labeling and Training processes. Wall times and ratios. On a 2-core machine every
# process shares the same cores, so the figures measure the overhead of distribution more than
# what more machines would buy.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
job=examples/benchmark-distributed.yaml
cli=(dotnet services/Distillery.Cli/bin/Release/net10.0/distillery.dll)
out=$(mktemp -d)
export DISTILLERY_TOKEN=${DISTILLERY_TOKEN:-dev-token}
trap 'scripts/distributed.sh down >/dev/null 2>&1 || true; rm -rf "$out"' EXIT

seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

dotnet build services/Distillery.Cli -c Release --nologo -v quiet >/dev/null
start=$(seconds)
"${cli[@]}" run "$job" --out "$out/local" --label-cache "$out/cache.jsonl" >"$out/local.log" 2>&1
local_s=$(elapsed "$start" "$(seconds)")

scripts/distributed.sh up
distributed() {
  local start id
  start=$(seconds)
  id=$("${cli[@]}" submit "$job" | tail -n 1)
  if [ -z "$id" ] || ! "${cli[@]}" watch "$id" --json >"$out/watch-$1.log"; then
    echo "bench-distributed: the distributed run failed (job '$id'); see .run/*.log" >&2
    exit 1
  fi
  elapsed "$start" "$(seconds)"
}
one_s=$(distributed one)
scripts/distributed.sh scale
two_s=$(distributed two)

printf '\n%-44s %10s %8s\n' "14 tasks, simulated teacher, tfidf-logreg" "wall s" "ratio"
printf '%-44s %10s %8s\n' "distillery run (local, one process)" "$local_s" "1.00"
printf '%-44s %10s %8s\n' "distributed, 1 Labeling + 1 Training" "$one_s" "$(awk -v a="$one_s" -v b="$local_s" 'BEGIN { printf "%.2f", a / b }')"
printf '%-44s %10s %8s\n' "distributed, 2 Labeling + 2 Training" "$two_s" "$(awk -v a="$two_s" -v b="$local_s" 'BEGIN { printf "%.2f", a / b }')"
printf 'cores: %s; load before the run is in the figures\n' "$(nproc)"
