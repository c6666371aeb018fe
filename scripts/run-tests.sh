#!/usr/bin/env bash
# The test command behind `make test`: starts private RabbitMQ and PostgreSQL, runs every test
# project, stops the servers (also on failure or Ctrl-C), and ends with "N passed, N failed"
# summed from the TRX results. Extra arguments go to `dotnet test` (e.g. --filter ...).
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
results="$repo/TestResults"
servers="$repo/tests/infra/servers.sh"
rm -rf "$results"
mkdir -p "$results"

trap '"$servers" stop' EXIT
if ! "$servers" start; then
  echo "run-tests: the test servers did not start" >&2
  echo "0 passed, 1 failed" | tee "$results/summary.txt"
  exit 1
fi
# shellcheck disable=SC1090
source "$("$servers" env-file)"

# --blame names the test that was running if a test host dies (a native crash, say),
# instead of the run ending with a bare "aborted".
dotnet test "$repo/Distillery.slnx" --logger trx --results-directory "$results" --blame "$@"
status=$?
"$servers" stop
trap - EXIT

count() {
  # Sum one attribute of <Counters .../> over every TRX file.
  local attribute=$1
  cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $attribute=\"[0-9]*\"" |
    grep -o '[0-9]*' | awk '{ sum += $1 } END { print sum + 0 }'
}
passed=$(count passed)
failed=$(($(count failed) + $(count error) + $(count timeout) + $(count aborted)))
skipped=$(count notExecuted)

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "run-tests: dotnet test exited $status without a failed test (build error or crashed host: see above)" >&2
  failed=1
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "run-tests: no test ran" >&2
  failed=1
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary" >"$results/summary.txt"
echo "$summary"
[ "$failed" -eq 0 ]
