#!/usr/bin/env bash
# Fuzzes the enrollment service's HTTP API with schemathesis against its own OpenAPI
# document: starts the built service on a free loopback port (publishing to the local
# broker), runs a bounded schemathesis run, stops the service by its PID.
# Fails on any 5xx or any answer that does not match the document. Then posts events
# with the CloudEvents Python SDK in its binary and structured modes (scripts/sdk-interop.py).
# Settings: FUZZ_MAX_EXAMPLES (50), FUZZ_TIME_LIMIT seconds (240), KAFKA_BOOTSTRAP_SERVERS.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT_DIR"

MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-50}"
TIME_LIMIT="${FUZZ_TIME_LIMIT:-240}"
VENV="$STATE_DIR/fuzz-venv"
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-}"
CLOUDEVENTS_VERSION="${CLOUDEVENTS_VERSION:-2.2.0}"

case "$KAFKA_BOOTSTRAP_SERVERS" in
  127.0.0.1:*|localhost:*) ;;
  *) fail "KAFKA_BOOTSTRAP_SERVERS must be on loopback for a fuzz run, got $KAFKA_BOOTSTRAP_SERVERS" ;;
esac

if [ ! -x "$VENV/bin/schemathesis" ]; then
  say "installing schemathesis from PyPI into $VENV"
  python3 -m venv "$VENV" || fail "python3 -m venv failed (install python3-venv)"
  "$VENV/bin/pip" install -q "schemathesis${SCHEMATHESIS_VERSION:+==$SCHEMATHESIS_VERSION}" || fail "pip install schemathesis failed"
fi
if ! "$VENV/bin/python" -c 'import cloudevents.core.bindings.http' 2>/dev/null; then
  say "installing the CloudEvents Python SDK (cloudevents==$CLOUDEVENTS_VERSION) into $VENV"
  "$VENV/bin/pip" install -q "cloudevents==$CLOUDEVENTS_VERSION" || fail "pip install cloudevents failed"
fi

BIN_DIR="$(swift build --show-bin-path)"
[ -x "$BIN_DIR/enrollment-service" ] || swift build --product enrollment-service
port_busy "${KAFKA_BOOTSTRAP_SERVERS##*:}" || fail "no broker on $KAFKA_BOOTSTRAP_SERVERS: start the stack first (scripts/stack.sh up)"

# A free loopback port, chosen by the kernel.
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
TOKEN="fuzz-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
mkdir -p "$LOG_DIR"
SERVICE_LOG="$LOG_DIR/fuzz-enrollment-service.log"

ENROLLMENT_HOST=127.0.0.1 ENROLLMENT_PORT="$PORT" ENROLLMENT_TOKENS="fuzz:$TOKEN:*" \
  ENROLLMENT_PUBLISH_TIMEOUT_MS=5000 KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP_SERVERS" \
  "$BIN_DIR/enrollment-service" serve >"$SERVICE_LOG" 2>&1 &
SERVICE_PID=$!
stop_service() {
  if kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
}
trap stop_service EXIT

wait_for_port "$PORT" 30 || { tail -n 20 "$SERVICE_LOG" >&2; fail "the service did not listen on 127.0.0.1:$PORT"; }
say "fuzzing http://127.0.0.1:$PORT (max $MAX_EXAMPLES examples per operation, ${TIME_LIMIT}s limit)"

set +e
# The document from the repository (the service serves the same bytes, to token holders only).
timeout --signal=INT "$TIME_LIMIT" "$VENV/bin/schemathesis" run "$ROOT_DIR/openapi/enrollment.json" \
  --url "http://127.0.0.1:$PORT" \
  --header "Authorization: Bearer $TOKEN" \
  --max-examples "$MAX_EXAMPLES" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --phases examples,coverage,fuzzing \
  --no-color
STATUS=$?
set -e
if grep -q "Segmentation\|Fatal error" "$SERVICE_LOG"; then
  tail -n 20 "$SERVICE_LOG" >&2
  fail "the service crashed during the fuzz run (log: $SERVICE_LOG)"
fi
[ $STATUS -eq 124 ] && fail "schemathesis did not finish within ${TIME_LIMIT}s"
[ $STATUS -eq 0 ] || fail "schemathesis found problems (exit $STATUS); service log: $SERVICE_LOG"
say "fuzz run passed: no 5xx, every answer matches openapi/enrollment.json"
"$VENV/bin/python" -W ignore::DeprecationWarning "$ROOT_DIR/scripts/sdk-interop.py" "http://127.0.0.1:$PORT" "$TOKEN" \
  || fail "the CloudEvents Python SDK's events were not all accepted; service log: $SERVICE_LOG"
say "CloudEvents Python SDK: binary and structured modes accepted"
