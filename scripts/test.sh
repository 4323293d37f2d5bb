#!/usr/bin/env bash
# Builds everything and runs every test against the stack scripts/dev started:
# the schemathesis fuzz run of the enrollment API, then `swift test` (unit,
# integration, system). Called by `scripts/dev test`; expects the stack's
# environment. Exits non-zero when any part failed; swift test's summary is last.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT_DIR"
mkdir -p "$LOG_DIR"
swift build --build-tests

fuzz_status=0
if [ "${SKIP_FUZZ:-0}" != 1 ] && [ $# -eq 0 ]; then
  "$ROOT_DIR/scripts/fuzz-enrollment.sh" >"$LOG_DIR/fuzz.log" 2>&1 || fuzz_status=$?
  tail -n 3 "$LOG_DIR/fuzz.log"
  [ $fuzz_status -eq 0 ] || say "fuzz run FAILED (exit $fuzz_status): see $LOG_DIR/fuzz.log"
fi

test_status=0
swift test --skip-build "$@" 2>&1 | tee "$LOG_DIR/swift-test.log" || test_status=$?
[ $fuzz_status -eq 0 ] || exit $fuzz_status
exit $test_status
