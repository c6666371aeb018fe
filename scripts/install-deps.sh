#!/usr/bin/env bash
# Installs what the build and the tests need on a Debian machine that has the .NET SDK,
# Node.js and npm: the Debian packages of the real servers, of the scikit-learn reference
# the metric tests run under /usr/bin/python3, of protoc for the outside grpcio client example
# (examples/grpcio-client), of the headless Chromium the report tests
# open report.html in, of the C compiler the llama.cpp struct layout test compiles with, of
# kubectl (kustomize) and promtool for the deployment checks, then the llama.cpp libraries and
# headers and the benchmark's corpora (npm), the deployment validator's pinned Node packages,
# and the NuGet packages. Idempotent: what is present is not installed again.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packages=(rabbitmq-server postgresql python3-sklearn python3-grpcio protobuf-compiler chromium fonts-dejavu-core gcc libc6-dev git prometheus)
# kubectl: Debian's kubernetes-client (1.20; `kubectl kustomize` works offline), unless a kubectl
# is already on PATH (another package owning /usr/bin/kubectl would make that install fail).
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)
# --bench: the benchmarks' peers too, PyTorch and the ONNX reader for bench-students (with
# OpenBLAS: on Debian's reference BLAS PyTorch is 15x slower).
bench=false
[ "${1:-}" = "--bench" ] && bench=true
$bench && packages+=(python3-torch python3-onnx libopenblas0-pthread)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "install-deps: apt-get install ${missing[*]}" >&2
  # The tests start their own private instances; keep the packages' system services from starting.
  policy=/usr/sbin/policy-rc.d
  created_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    created_policy=true
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if $created_policy; then $sudo rm -f "$policy"; fi
fi

bash "$repo/scripts/fetch-native.sh" cpu
bash "$repo/scripts/fetch-native.sh" headers
bash "$repo/scripts/fetch-corpora.sh"
# Node's @grpc/grpc-js for the gRPC interop tests, exactly as locked.
(cd "$repo/tests/interop-node" && npm ci --silent --no-audit --no-fund)
# The Kubernetes manifest validator's packages (kubernetes-models, KEDA and Prometheus-operator
# models, TypeScript, ajv), exactly as locked.
(cd "$repo/tests/k8s-validate" && npm ci --silent --no-audit --no-fund)
dotnet restore "$repo/Distillery.slnx" --verbosity quiet
