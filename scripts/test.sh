#!/usr/bin/env bash
# Builds everything and runs every test against the stack scripts/dev started:
# the formatter's lint, the schemathesis fuzz run of the enrollment API, then `swift test` (unit,
# integration, system; the tests that stop the broker or PostgreSQL last, on their
# own). Called by `scripts/dev test`; expects the stack's environment. Exits
# non-zero when any part failed; the summaries of the three swift test runs are last.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT_DIR"
mkdir -p "$LOG_DIR"
swift build --build-tests

# The formatter's lint (`.swift-format`; `scripts/dev format` fixes what it finds).
lint_status=0
if [ $# -eq 0 ]; then
  say "lint: swift format lint --strict"
  swift format lint --strict --parallel --recursive Package.swift Services Shared Tests || lint_status=$?
  [ $lint_status -eq 0 ] || say "lint FAILED: run scripts/dev format, review and commit"
fi

fuzz_status=0
if [ "${SKIP_FUZZ:-0}" != 1 ] && [ $# -eq 0 ]; then
  "$ROOT_DIR/scripts/fuzz-enrollment.sh" >"$LOG_DIR/fuzz.log" 2>&1 || fuzz_status=$?
  tail -n 3 "$LOG_DIR/fuzz.log"
  [ $fuzz_status -eq 0 ] || say "fuzz run FAILED (exit $fuzz_status): see $LOG_DIR/fuzz.log"
fi

# Tests that freeze the broker or stop PostgreSQL disturb every test using them at that
# moment (swift test runs suites in parallel), so by default they run after the others,
# one group at a time. With arguments, swift test gets them as they are.
disruptive="SystemTests|BrokerFaultTests"
: >"$LOG_DIR/swift-test.log"
run_tests() { swift test --skip-build "$@" 2>&1 | tee -a "$LOG_DIR/swift-test.log"; }
test_status=0
if [ $# -gt 0 ]; then
  run_tests "$@" || test_status=$?
else
  say "tests 1/3: everything but the tests that stop the broker or PostgreSQL"
  run_tests --skip "$disruptive" || test_status=$?
  say "tests 2/3: system tests (services killed, broker paused, PostgreSQL stopped), one suite at a time"
  run_tests --filter "SystemTests" || test_status=$?
  # The smoke suite's one-screen report (SmokeSuiteTests runs insurance-sample smoke against both services).
  smoke_report=$(ls -t "$LOG_DIR"/system-tests/sys-smoke-pass-*.smoke.log 2>/dev/null | head -n1 || true)
  if [ -n "$smoke_report" ]; then say "smoke suite report ($smoke_report):"; cat "$smoke_report"; fi
  say "tests 3/3: the Kafka layer with the broker frozen"
  run_tests --filter "BrokerFaultTests" || test_status=$?
  say "swift test summaries: $(grep -E '(✔|✘) Test run with' "$LOG_DIR/swift-test.log" | sed 's/^.*Test run with //' | paste -sd ';' -)"
fi
[ $fuzz_status -eq 0 ] || exit $fuzz_status
[ $lint_status -eq 0 ] || exit $lint_status
exit $test_status
