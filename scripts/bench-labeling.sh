#!/usr/bin/env bash
# `make bench-labeling`: labels/s through the Labeling service with the `local` teacher on the
# synthetic tiny model (Inference as a process, as `make up` runs it), one vs two Labeling
# processes on the same queue, the label-cache path, and the service's overhead outside the
# teacher calls (tests/Distillery.Benchmarks/Labeling). RabbitMQ and PostgreSQL are started
# here on private ports (tests/infra/servers.sh), so `make test` and `make up` can run beside it,
# and stopped on exit.
#
#   LABELING_BENCH="texts threads"   texts per set (default 1500), llama.cpp threads (default 1)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
read -r texts threads <<<"${LABELING_BENCH:-1500 1}"
export DISTILLERY_TEST_RABBITMQ_PORT=${DISTILLERY_BENCH_RABBITMQ_PORT:-38672}
export DISTILLERY_TEST_POSTGRES_PORT=${DISTILLERY_BENCH_POSTGRES_PORT:-38432}
export DISTILLERY_TEST_SERVERS_DIR=/tmp/distillery-bench-labeling-$(printf %s "$repo" | md5sum | cut -c1-8)
servers="$repo/tests/infra/servers.sh"

for project in services/Distillery.Inference.Host services/Distillery.Labeling.Host tests/Distillery.Benchmarks; do
  dotnet build "$project" -c Release --nologo -v quiet
done
trap '"$servers" stop >/dev/null 2>&1 || true; rm -rf "$DISTILLERY_TEST_SERVERS_DIR"' EXIT
"$servers" start
# shellcheck disable=SC1090
source "$("$servers" env-file)"
dotnet tests/Distillery.Benchmarks/bin/Release/net10.0/Distillery.Benchmarks.dll labeling "$texts" "${threads:-1}"
