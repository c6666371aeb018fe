#!/usr/bin/env bash
# `make up` / `make down`: every Distillery service as a local process on loopback ports, against
# a private RabbitMQ and PostgreSQL (tests/infra/servers.sh on ports of their own, so `make test`
# can run beside it). No containers. Then `distillery submit job.yaml` talks to the Coordinator.
# Inference serves the synthetic tiny model as `tiny` (written to .run/models on first start; its
# labels mean nothing) on gRPC 127.0.0.1:5002, the `local` teacher's default address, with the
# llama.cpp CPU libraries from native/; its OpenAI-compatible API is http://127.0.0.1:5141/v1.
#
#   scripts/distributed.sh up      build, start servers and services, wait until each is ready
#   scripts/distributed.sh down    stop the services and the servers
#   scripts/distributed.sh status  which services run, and their readiness
#   scripts/distributed.sh scale   a second Labeling and a second Training process (competing consumers)
#
# Logs and pid files are in .run/. The client's endpoint is http://127.0.0.1:5001 (the CLI's
# default) and its token $DISTILLERY_TOKEN (default dev-token). Every API is protected as in a
# cluster: the services know principals by the SHA-256 of their tokens, from files in .run/ (mode
# 600); the tokens the services call each other with are made anew on each `up` and passed in
# their environment, never on a command line (which /proc shows to every user). Labeling reaches
# the teacher endpoints registered here and nothing else: `inference` (the local Inference service)
# and, when OPENAI_API_KEY is set, `openai`.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run="$repo/.run"
token=${DISTILLERY_TOKEN:-dev-token}
labeling_token=""
evaluation_token=""
export DISTILLERY_TEST_RABBITMQ_PORT=${DISTILLERY_UP_RABBITMQ_PORT:-45672}
export DISTILLERY_TEST_POSTGRES_PORT=${DISTILLERY_UP_POSTGRES_PORT:-45432}
export DISTILLERY_TEST_SERVERS_DIR=/tmp/distillery-up-$(printf %s "$repo" | md5sum | cut -c1-8)
servers="$repo/tests/infra/servers.sh"

# name, project, assembly, HTTP port (health), gRPC port (0: none)
services=(
  "coordinator Distillery.Coordinator.Host distillery-coordinator 5101 5001"
  "inference Distillery.Inference.Host distillery-inference 5141 5002"
  "labeling Distillery.Labeling.Host distillery-labeling 5121 0"
  "training Distillery.Training.Host distillery-training 5111 5011"
  "evaluation Distillery.Evaluation.Host distillery-evaluation 5131 0"
)

log() { printf 'distributed: %s\n' "$*" >&2; }

start_service() {
  local name=$1 project=$2 assembly=$3 http=$4 grpc=$5
  local dll="$repo/services/$project/bin/Release/net10.0/$assembly.dll"
  local args=("--Kestrel:Endpoints:Http:Url=http://127.0.0.1:$http" "--Distillery:Logging:Format=Text")
  local environment=()
  if [ "$name" = inference ]; then
    # No broker or database: one model, one llama.cpp thread (ggml's threads spin while they wait,
    # and lose on cores the other services share).
    mkdir -p "$run/models"
    args+=(
      "--Distillery:Native:Path=$repo/native/linux-x64"
      "--Distillery:Inference:ModelFolder=$run/models"
      "--Distillery:Inference:Models:0:Name=tiny" "--Distillery:Inference:Models:0:Path=tiny.gguf"
      "--Distillery:Inference:Models:0:Synthetic=Tiny" "--Distillery:Inference:Models:0:ContextLength=2048"
      "--Distillery:Inference:Models:0:ParallelSequences=8" "--Distillery:Inference:Models:0:Threads=1"
    )
  else
    args+=(
      "--Distillery:Bus:Transport=RabbitMq" "--Distillery:Bus:Host=127.0.0.1" "--Distillery:Bus:Port=$DISTILLERY_TEST_RABBITMQ_PORT"
      "--Distillery:Database:ConnectionString=Host=127.0.0.1;Port=$DISTILLERY_TEST_POSTGRES_PORT;Username=postgres;Database=distillery_test"
    )
  fi
  if [ "$grpc" != 0 ]; then
    args+=("--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:$grpc" "--Kestrel:Endpoints:Grpc:Protocols=Http2")
  fi
  # Teacher endpoints: names and kinds for the Coordinator's checks, URLs and keys for Labeling alone.
  local endpoints=("--Distillery:Labeling:Endpoints:inference:Kind=Inference")
  [ -n "${OPENAI_API_KEY:-}" ] && endpoints+=("--Distillery:Labeling:Endpoints:openai:Kind=OpenAi")
  case $name in
    coordinator*)
      args+=("--Distillery:Auth:PrincipalsFile=$run/principals-jobs.json" "--Distillery:Grpc:MaxReceiveMessageSize=268435456" "${endpoints[@]}") ;;
    inference*) args+=("--Distillery:Auth:PrincipalsFile=$run/principals-inference.json") ;;
    training*) args+=("--Distillery:Auth:PrincipalsFile=$run/principals-students.json") ;;
    labeling*)
      args+=("${endpoints[@]}" "--Distillery:Labeling:Endpoints:inference:BaseUrl=http://127.0.0.1:5002")
      environment+=("Distillery__Labeling__Endpoints__inference__ApiKey=$labeling_token")
      if [ -n "${OPENAI_API_KEY:-}" ]; then
        args+=("--Distillery:Labeling:Endpoints:openai:BaseUrl=${OPENAI_BASE_URL:-https://api.openai.com/v1}")
        environment+=("Distillery__Labeling__Endpoints__openai__ApiKey=$OPENAI_API_KEY")
      fi ;;
    evaluation*)
      args+=("--Distillery:Evaluation:StudentsAddress=http://127.0.0.1:5011")
      environment+=("Distillery__Evaluation__StudentsToken=$evaluation_token") ;;
  esac
  (cd "$(dirname "$dll")" && exec env ${environment[@]+"${environment[@]}"} setsid nohup dotnet "$dll" "${args[@]}" >"$run/$name.log" 2>&1 </dev/null) &
  # setsid may fork, so $! is not always the service: find it by its unique HTTP address.
  for _ in $(seq 1 20); do
    pgrep -f -n -- "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:$http" >"$run/$name.pid" && break
    sleep 0.25
  done
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$http/health/ready" >/dev/null 2>&1; then
      log "$name ready (log: .run/$name.log)"
      return 0
    fi
    if ! kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then
      log "$name exited; its log:"; tail -n 20 "$run/$name.log" >&2; return 1
    fi
    sleep 0.5
  done
  log "$name not ready within 60 s; see .run/$name.log"
  return 1
}

# principals FILE NAME TOKEN [NAME TOKEN ...]: a principals file holding each principal NAME, by its token's hash.
principals() {
  local file=$1 entries="" hash
  shift
  while [ $# -ge 2 ]; do
    hash=$(printf %s "$2" | sha256sum | cut -d' ' -f1)
    entries+="${entries:+, }{\"name\": \"$1\", \"tokenSha256\": \"$hash\", \"roles\": []}"
    shift 2
  done
  (umask 077 && printf '[%s]\n' "$entries" >"$file")
}

up() {
  mkdir -p "$run"
  labeling_token=$(head -c 32 /dev/urandom | base64 | tr -d '=+/\n')
  evaluation_token=$(head -c 32 /dev/urandom | base64 | tr -d '=+/\n')
  principals "$run/principals-jobs.json" dev "$token"
  principals "$run/principals-inference.json" labeling "$labeling_token"
  # You too, for `distillery predict --model ID --endpoint http://127.0.0.1:5011`.
  principals "$run/principals-students.json" evaluation "$evaluation_token" dev "$token"
  # For `scale`, which starts more replicas later with the same tokens.
  (umask 077 && printf 'labeling_token=%s\nevaluation_token=%s\n' "$labeling_token" "$evaluation_token" >"$run/service-tokens")
  log "building the services (Release)"
  for entry in "${services[@]}"; do
    read -r _ project _ _ _ <<<"$entry"
    dotnet build "$repo/services/$project" -c Release --nologo -v quiet >/dev/null
  done
  dotnet build "$repo/services/Distillery.Cli" -c Release --nologo -v quiet >/dev/null
  "$servers" start
  # The Coordinator first: it creates the tables the others read. Inference before Labeling, whose
  # `local` teacher calls it.
  for entry in "${services[@]}"; do
    read -r name project assembly http grpc <<<"$entry"
    start_service "$name" "$project" "$assembly" "$http" "$grpc"
  done
  cat >&2 <<EOF2
distributed: up. Try:
  export DISTILLERY_TOKEN=$token
  dotnet services/Distillery.Cli/bin/Release/net10.0/distillery.dll submit examples/distributed-small.yaml --watch
EOF2
}

extra=(
  "labeling-2 Distillery.Labeling.Host distillery-labeling 5122 0"
  "training-2 Distillery.Training.Host distillery-training 5112 5012"
)

scale() {
  # shellcheck disable=SC1091
  source "$run/service-tokens"
  for entry in "${extra[@]}"; do
    read -r name project assembly http grpc <<<"$entry"
    start_service "$name" "$project" "$assembly" "$http" "$grpc"
  done
}

down() {
  for entry in "${services[@]}" "${extra[@]}"; do
    read -r name _ _ _ _ <<<"$entry"
    if [ -f "$run/$name.pid" ]; then
      kill "$(cat "$run/$name.pid")" 2>/dev/null && log "$name stopped" || true
      rm -f "$run/$name.pid"
    fi
  done
  "$servers" stop
}

status() {
  for entry in "${services[@]}"; do
    read -r name _ _ http _ <<<"$entry"
    if curl -fsS "http://127.0.0.1:$http/health/ready" >/dev/null 2>&1; then echo "$name: ready"; else echo "$name: not running"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  scale) scale ;;
  *) echo "usage: $0 up|down|status|scale" >&2; exit 2 ;;
esac
