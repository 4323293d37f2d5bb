#!/usr/bin/env bash
# The demo: builds the services, starts them against the stack scripts/dev
# started, sends a sample city through the enrollment service (and its broken
# events straight to Kafka, as an upstream producer would), waits until the
# benefits service has stored everything, and prints a report from PostgreSQL.
# On a terminal it then keeps running until Ctrl-C; otherwise it stops at once.
# Either way it stops what it started.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT_DIR"

# The demo's services run on loopback without configured tokens: development mode, dev-token.
export INSURANCE_DEV_MODE="${INSURANCE_DEV_MODE:-1}"
TOKEN="${ENROLLMENT_TOKEN:-dev-token}"
READER_TOKEN=dev-token   # the benefits service in development mode

DEMO_PERSONS="${DEMO_PERSONS:-2000}"
DEMO_SEED="${DEMO_SEED:-2024}"
CONFIGURATION="${RUN_CONFIGURATION:-debug}"

say "building ($CONFIGURATION)"
swift build -c "$CONFIGURATION" --product enrollment-service
swift build -c "$CONFIGURATION" --product benefits-service
swift build -c "$CONFIGURATION" --product insurance-sample
BIN="$(swift build -c "$CONFIGURATION" --show-bin-path)"

mkdir -p "$LOG_DIR" "$RUN_DIR"
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  # An `if`, not `[ … ] &&`: under `set -e` a false test as the trap's last command made the
  # whole run exit 1 when the stack was already running before it.
  if [ "${STACK_STARTED_HERE:-1}" = 1 ]; then "$ROOT_DIR/scripts/stack.sh" down; fi
}
trap stop_all EXIT

start_service() { # name port
  port_busy "$2" && fail "port $2 is already in use: set ${3} to a free port"
  "$BIN/$1" serve >"$LOG_DIR/$1.log" 2>&1 &
  pids+=($!)
  echo $! >"$RUN_DIR/$1.pid"
  local deadline=$((SECONDS + 60))
  until curl -fsS "http://127.0.0.1:$2/ready" >/dev/null 2>&1; do
    kill -0 "${pids[-1]}" 2>/dev/null || { tail -n 20 "$LOG_DIR/$1.log" >&2; fail "$1 exited (log above: $LOG_DIR/$1.log)"; }
    [ $SECONDS -lt $deadline ] || { tail -n 20 "$LOG_DIR/$1.log" >&2; fail "$1 not ready within 60 s"; }
    sleep 0.5
  done
  say "$1: ready on http://127.0.0.1:$2 (log: $LOG_DIR/$1.log)"
}

start_service benefits-service "$BENEFITS_PORT" BENEFITS_PORT
start_service enrollment-service "$ENROLLMENT_PORT" ENROLLMENT_PORT

city=(--persons "$DEMO_PERSONS" --seed "$DEMO_SEED")
say "sending a sample city of $DEMO_PERSONS people through the enrollment service"
"$BIN/insurance-sample" post "${city[@]}" --port "$ENROLLMENT_PORT" --token "$TOKEN"
say "sending its broken events straight to Kafka, as an upstream producer might"
"$BIN/insurance-sample" publish "${city[@]}" --faulty-only

expected=$("$BIN/insurance-sample" count "${city[@]}")
psql_q() { PGPASSWORD="$PG_PASSWORD" psql -X -q -tA -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" "$@"; }
say "waiting for the benefits service to store $expected distinct events"
deadline=$((SECONDS + 120))
while :; do
  stored=$(psql_q -c "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM rejected_events)")
  [ "$stored" -ge "$expected" ] && break
  [ $SECONDS -lt $deadline ] || fail "only $stored of $expected events stored after 120 s (log: $LOG_DIR/benefits-service.log)"
  sleep 1
done

PGPASSWORD="$PG_PASSWORD" psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" -v report_on="${DEMO_REPORT_ON:-2025-03-01}" -f "$ROOT_DIR/scripts/report.sql"
some_person=$(psql_q -c "SELECT person_id FROM coverage_periods ORDER BY person_id LIMIT 1")
cat <<INFO

Explore further:
  psql "postgresql://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$PG_DATABASE"
  curl -H "Authorization: Bearer $READER_TOKEN" "http://127.0.0.1:$BENEFITS_PORT/v1/persons/$some_person/coverage?on=2025-03-01"
  open http://127.0.0.1:$BENEFITS_PORT/persons/$some_person   (coverage timeline; sign in: any user name, password $READER_TOKEN)
  open http://127.0.0.1:$BENEFITS_PORT/city                   (city overview; same sign-in)
  curl http://127.0.0.1:$ENROLLMENT_PORT/metrics              (probes and metrics need no token)
  python3 Tools/coverage-cache/coverage_cache.py --cache /tmp/coverage.json --idle-exit 10 --covered-on 2025-03-01
                                                    (the coverage change feed, read as a hospital would: docs/coverage-feed.md)
INFO

if [ -t 0 ]; then
  say "services keep running; press Ctrl-C to stop them and the stack"
  wait
fi
