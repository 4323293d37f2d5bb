#!/usr/bin/env bash
# The local stack: a project-local PostgreSQL cluster and the Tansu broker, both
# on 127.0.0.1. `up` starts what is not running and waits until each answers;
# `down` stops what this project started (by PID file and `pg_ctl stop`).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# `postgres` user; it must be able to reach the data folder. When the project
# lives where that user cannot go (a private temporary folder), the cluster
# moves to a folder named after the project's path.
pg_dirs() {
  PG_DIR="${PG_DATA_DIR:-$STATE_DIR/postgres}"
  if [ "$(id -u)" -eq 0 ] && [ -z "${PG_DATA_DIR:-}" ] && ! runuser -u postgres -- test -x "$STATE_DIR" 2>/dev/null; then
    PG_DIR="/var/tmp/insurance-backbone-$(printf '%s' "$STATE_DIR" | cksum | cut -d' ' -f1)/postgres"
  fi
  PGDATA_DIR="$PG_DIR/data"
  PG_SOCKET_DIR="$PG_DIR/socket"
  PG_LOG="$PG_DIR/postgres.log"
}

# From / so the postgres user is never left in a folder it may not enter.
as_pg() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

pg_running() { [ -f "$PGDATA_DIR/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; }

pg_psql() { as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres "$@"; }

# Starts the existing cluster (pg_dirs first) with the project's settings and waits until it answers.
pg_start_server() {
  say "postgres: starting on $PG_HOST:$PG_PORT"
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t "$PG_START_TIMEOUT" \
      -o "-p $PG_PORT -k $PG_SOCKET_DIR -c listen_addresses=$PG_HOST -c max_connections=200 -c shared_buffers=256MB -c shared_preload_libraries=pg_stat_statements" \
      start >/dev/null; then
    tail -n 10 "$PG_LOG" >&2 || true
    fail "PostgreSQL did not come up within ${PG_START_TIMEOUT}s (log above: $PG_LOG)"
  fi
}

pg_up() {
  pg_dirs
  [ -x "$PG_BIN/pg_ctl" ] || fail "PostgreSQL server binaries not found in $PG_BIN: run scripts/dev install"
  if pg_running; then say "postgres: already running on $PG_HOST:$PG_PORT"; return; fi
  port_busy "$PG_PORT" && fail "port $PG_PORT is already in use by another program: set PG_PORT to a free port"
  mkdir -p "$PG_DIR" "$PG_SOCKET_DIR"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$PG_DIR"
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    say "postgres: creating the cluster in $PGDATA_DIR"
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 \
      || { tail -n 5 "$PG_DIR/initdb.log" >&2; fail "initdb failed"; }
  fi
  pg_start_server
  pg_psql -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE "$PG_USER" LOGIN CREATEDB CREATEROLE PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SQL
  pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'" | grep -q 1 \
    || pg_psql -d postgres -c "CREATE DATABASE \"$PG_DATABASE\" OWNER \"$PG_USER\""
  # Per-statement execution times for the benchmarks (`insurance-bench benefits` prints where
  # PostgreSQL's time goes, docs/benchmarks.md); the view lives in the default database.
  pg_psql -d "$PG_DATABASE" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null 2>&1 \
    || say "postgres: pg_stat_statements not available (benchmarks print no per-statement profile)"
}

pg_down() {
  pg_dirs
  if pg_running; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null && say "postgres: stopped"
  else
    say "postgres: not running"
  fi
}

TANSU="${TANSU_BIN:-$TOOLS_DIR/tansu}"
BROKER_PID_FILE="$RUN_DIR/tansu.pid"
BROKER_LOG="$LOG_DIR/tansu.log"

broker_running() { [ -f "$BROKER_PID_FILE" ] && kill -0 "$(cat "$BROKER_PID_FILE")" 2>/dev/null; }

broker_up() {
  [ -x "$TANSU" ] || fail "the Tansu broker is not installed: run scripts/dev install"
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  if broker_running; then
    say "broker: already running on $KAFKA_BOOTSTRAP_SERVERS"
  else
    port_busy "$KAFKA_PORT" && fail "port $KAFKA_PORT is already in use by another program: set KAFKA_PORT to a free port"
    say "broker: starting Tansu on 127.0.0.1:$KAFKA_PORT"
    local url="tcp://127.0.0.1:$KAFKA_PORT"
    # Tansu also reads these from the environment; start it with only our flags.
    env -u LISTENER_URL -u ADVERTISED_LISTENER_URL -u STORAGE_ENGINE \
      setsid "$TANSU" broker --listener-url "$url" --advertised-listener-url "$url" \
      --storage-engine memory://tansu/ >"$BROKER_LOG" 2>&1 </dev/null &
    echo $! >"$BROKER_PID_FILE"
    if ! wait_for_port "$KAFKA_PORT" "$KAFKA_START_TIMEOUT"; then
      tail -n 10 "$BROKER_LOG" >&2 || true
      broker_down >/dev/null
      fail "the broker did not answer on port $KAFKA_PORT within ${KAFKA_START_TIMEOUT}s (log above: $BROKER_LOG)"
    fi
  fi
  create_topics
}

# Topics live in memory, so they are created on every start; an existing
# topic is fine.
create_topics() {
  local existing; existing=$("$TANSU" topic list --broker "tcp://127.0.0.1:$KAFKA_PORT" 2>/dev/null || true)
  for t in $KAFKA_TOPICS; do
    grep -q -- "$t" <<<"$existing" && continue
    "$TANSU" topic create "$t" --broker "tcp://127.0.0.1:$KAFKA_PORT" --partitions "$KAFKA_PARTITIONS" \
      >>"$BROKER_LOG" 2>&1 || fail "could not create topic $t (log: $BROKER_LOG)"
  done
  say "broker: topics ready ($KAFKA_TOPICS, $KAFKA_PARTITIONS partitions each)"
}

broker_down() {
  if broker_running; then
    local pid; pid=$(cat "$BROKER_PID_FILE")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    say "broker: stopped"
  else
    say "broker: not running"
  fi
  rm -f "$BROKER_PID_FILE"
}

print_connect() {
  pg_dirs
  cat <<INFO
[dev] stack is up
  PostgreSQL: psql "postgresql://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$PG_DATABASE"
  Kafka:      KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS
  Logs:       $LOG_DIR (broker), $PG_LOG (postgres)
INFO
}

case "${1:-}" in
  up) pg_up; broker_up; print_connect ;;
  down) broker_down; pg_down ;;
  status)
    pg_dirs
    pg_running && say "postgres: running on $PG_HOST:$PG_PORT" || say "postgres: not running"
    broker_running && say "broker: running on $KAFKA_BOOTSTRAP_SERVERS (pid $(cat "$BROKER_PID_FILE"))" || say "broker: not running" ;;
  topics) create_topics ;;
  # For fault tests: a fast restart of the running cluster, same port and data.
  pg-restart)
    pg_dirs
    pg_running || fail "postgres is not running on $PG_HOST:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -m fast -w -t "$PG_START_TIMEOUT" restart >/dev/null \
      || fail "PostgreSQL did not come back within ${PG_START_TIMEOUT}s (log: $PG_LOG)"
    say "postgres: restarted on $PG_HOST:$PG_PORT" ;;
  # For outage tests: stop the running cluster (fast: sessions are cut), and start it
  # again later with the same port and data. Neither creates nor removes anything.
  pg-stop)
    pg_dirs
    pg_running || fail "postgres is not running on $PG_HOST:$PG_PORT (data: $PGDATA_DIR)"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t "$PG_START_TIMEOUT" stop >/dev/null \
      || fail "PostgreSQL did not stop within ${PG_START_TIMEOUT}s (log: $PG_LOG)"
    say "postgres: stopped (start it again with scripts/stack.sh pg-start)" ;;
  # For durability tests: a crash (immediate stop: no checkpoint, unflushed WAL is lost,
  # recovery replays the WAL at the next start). Start it again with pg-start.
  pg-crash)
    pg_dirs
    pg_running || fail "postgres is not running on $PG_HOST:$PG_PORT (data: $PGDATA_DIR)"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -t "$PG_START_TIMEOUT" stop >/dev/null \
      || fail "PostgreSQL did not stop within ${PG_START_TIMEOUT}s (log: $PG_LOG)"
    say "postgres: crashed (immediate stop; start it again with scripts/stack.sh pg-start)" ;;
  pg-start)
    pg_dirs
    pg_running && fail "postgres (data: $PGDATA_DIR) is already running"
    [ -f "$PGDATA_DIR/PG_VERSION" ] || fail "no cluster in $PGDATA_DIR: create it with scripts/stack.sh up"
    port_busy "$PG_PORT" && fail "port $PG_PORT is already in use by another program: set PG_PORT to the stack's port"
    pg_start_server
    say "postgres: started on $PG_HOST:$PG_PORT" ;;
  running) pg_dirs; pg_running && broker_running ;;
  broker-up) broker_up ;;
  *) echo "usage: scripts/stack.sh up|down|status|running|topics|broker-up|pg-restart|pg-stop|pg-crash|pg-start" >&2; exit 2 ;;
esac
