#!/usr/bin/env bash
# Private RabbitMQ and PostgreSQL for the integration tests: Debian's packages, private ports,
# private data directories, loopback only. Nothing here touches a system-wide instance.
#
#   tests/infra/servers.sh start   start both (fresh data), wait until they accept connections,
#                                  write the endpoints to "$(servers.sh env-file)"
#   tests/infra/servers.sh stop    stop both (safe to call when they are not running)
#   tests/infra/servers.sh env-file   print the path of the endpoints file to source
#   tests/infra/servers.sh stop-postgres|start-postgres|stop-rabbitmq|start-rabbitmq|restart-rabbitmq
#                                  one server down or up again on the same data (outage tests)
#
# DISTILLERY_TEST_SERVERS_DIR moves the data: with other ports, a second pair of its own, which a
# test may take down without touching the servers every other test shares.
# Ports can be moved with DISTILLERY_TEST_RABBITMQ_PORT and DISTILLERY_TEST_POSTGRES_PORT.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Under /tmp with open permissions: the servers run as their own users and must reach it,
# which they cannot inside a private (mode 700) checkout such as a mktemp clone.
state=${DISTILLERY_TEST_SERVERS_DIR:-/tmp/distillery-test-servers-$(printf %s "$repo" | md5sum | cut -c1-8)}

amqp_port=${DISTILLERY_TEST_RABBITMQ_PORT:-35672}
dist_port=$((amqp_port + 1))
epmd_port=$((amqp_port + 2))
pg_port=${DISTILLERY_TEST_POSTGRES_PORT:-35432}
node="distillery-test-${amqp_port}@localhost"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

log() { printf 'servers: %s\n' "$*" >&2; }

as_user() {
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$user" -- env "$@"
  else
    env "$@"
  fi
}

rabbit_env=(
  HOME="$state/rabbitmq"
  ERL_EPMD_PORT="$epmd_port"
  ERL_EPMD_ADDRESS=127.0.0.1
  RABBITMQ_NODENAME="$node"
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  RABBITMQ_NODE_PORT="$amqp_port"
  RABBITMQ_DIST_PORT="$dist_port"
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  RABBITMQ_MNESIA_BASE="$state/rabbitmq/mnesia"
  RABBITMQ_LOG_BASE="$state/rabbitmq/log"
  RABBITMQ_FEATURE_FLAGS_FILE="$state/rabbitmq/feature_flags"
  RABBITMQ_ENABLED_PLUGINS_FILE="$state/rabbitmq/enabled_plugins"
  RABBITMQ_PID_FILE="$state/rabbitmq/rabbitmq.pid"
)

wait_for_port() {
  local name=$1 port=$2 seconds=$3 i
  for ((i = 0; i < seconds * 2; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "$name accepts connections on 127.0.0.1:$port"
      return 0
    fi
    sleep 0.5
  done
  log "$name did not open 127.0.0.1:$port within ${seconds}s"
  return 1
}

require() {
  if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || [ -z "$pg_bin" ]; then
    log "rabbitmq-server and postgresql are needed: apt-get install -y rabbitmq-server postgresql"
    exit 1
  fi
}

start() {
  require
  stop >/dev/null 2>&1 || true
  rm -rf "$state"
  mkdir -p "$state/rabbitmq/mnesia" "$state/rabbitmq/log" "$state/postgres"
  chmod 755 "$state"
  echo '[].' >"$state/rabbitmq/enabled_plugins"
  if [ "$(id -u)" = 0 ]; then
    chown -R rabbitmq:rabbitmq "$state/rabbitmq"
    chown -R postgres:postgres "$state/postgres"
  fi

  log "starting RabbitMQ node $node"
  as_user rabbitmq "${rabbit_env[@]}" setsid /usr/lib/rabbitmq/bin/rabbitmq-server \
    >"$state/rabbitmq.out" 2>&1 </dev/null &

  log "starting PostgreSQL on port $pg_port"
  as_user postgres "$pg_bin/initdb" -D "$state/postgres/data" -U postgres --auth=trust -E UTF8 \
    >"$state/postgres/initdb.log" 2>&1
  start_postgres
  as_user postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres distillery_test

  if ! wait_for_port RabbitMQ "$amqp_port" 120; then
    tail -n 30 "$state/rabbitmq.out" >&2 || true
    exit 1
  fi

  # Virtual hosts of their own for the tests that run services as processes: their queues must
  # not meet the in-process consumers other tests start on "/". "distributed": every service of a
  # job; "deployment-probes": hosts started as the manifests configure them, each on a database of
  # its own, which must not take the distributed tests' messages either.
  rabbitmqctl() { as_user rabbitmq "${rabbit_env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" "$@"; }
  rabbitmqctl await_startup >/dev/null 2>&1 || true
  for vhost in distributed deployment-probes; do
    rabbitmqctl add_vhost "$vhost" >/dev/null 2>&1 || true
    rabbitmqctl set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
  done

  cat >"$state/env.sh" <<ENV
export DISTILLERY_TEST_RABBITMQ='amqp://guest:guest@127.0.0.1:$amqp_port/'
export DISTILLERY_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=distillery_test'
ENV
  log "endpoints written to $state/env.sh"
}

# A server stopped and started again on the same data: durable queues, persistent messages and
# tables survive, connections drop. The restart-safety and outage tests use them mid-job.
stop_rabbitmq() {
  as_user rabbitmq "${rabbit_env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" stop >/dev/null 2>&1 || true
  log "RabbitMQ stopped"
}

start_rabbitmq() {
  as_user rabbitmq "${rabbit_env[@]}" setsid /usr/lib/rabbitmq/bin/rabbitmq-server \
    >>"$state/rabbitmq.out" 2>&1 </dev/null &
  wait_for_port RabbitMQ "$amqp_port" 120
  as_user rabbitmq "${rabbit_env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" await_startup >/dev/null 2>&1 || true
}

stop_postgres() {
  as_user postgres "$pg_bin/pg_ctl" -D "$state/postgres/data" -m fast -w stop >/dev/null
  log "PostgreSQL stopped"
}

start_postgres() {
  as_user postgres "$pg_bin/pg_ctl" -D "$state/postgres/data" -l "$state/postgres/server.log" -w \
    -o "-p $pg_port -k $state/postgres -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400" start >/dev/null
  log "PostgreSQL started on port $pg_port"
}

stop() {
  if [ -d "$state/rabbitmq" ]; then
    as_user rabbitmq "${rabbit_env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$node" stop >/dev/null 2>&1 \
      && log "RabbitMQ stopped" || true
    # epmd outlives the node; it is ours (private port), so end it too.
    env ERL_EPMD_PORT="$epmd_port" /usr/lib/erlang/bin/epmd -kill >/dev/null 2>&1 || true
  fi
  if [ -f "$state/postgres/data/postmaster.pid" ]; then
    as_user postgres "$pg_bin/pg_ctl" -D "$state/postgres/data" -m fast -w stop >/dev/null 2>&1 \
      && log "PostgreSQL stopped" || true
  fi
  rm -f "$state/env.sh"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  stop-postgres) stop_postgres ;;
  start-postgres) start_postgres ;;
  stop-rabbitmq) stop_rabbitmq ;;
  start-rabbitmq) start_rabbitmq ;;
  restart-rabbitmq) stop_rabbitmq && start_rabbitmq ;;
  env-file) echo "$state/env.sh" ;;
  *) echo "usage: $0 start|stop|stop-postgres|start-postgres|stop-rabbitmq|start-rabbitmq|restart-rabbitmq|env-file" >&2; exit 2 ;;
esac
