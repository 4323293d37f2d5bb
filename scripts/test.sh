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
  swift format lint --strict --parallel --recursive Package.swift Services Shared Tests Tools || lint_status=$?
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
# Every swift test run has a time budget (seconds, first argument). A run that outlives it is
# hung, not slow: Swift Testing's own .timeLimit cannot fire when the cooperative pool (two
# threads here) is starved. The watchdog then prints the tests that started and never ended and
# every thread's backtrace of the test process (gdb), stops the run by PID and the next part
# goes on, so a hang costs one part and names itself instead of eating CI's whole limit.
TEST_BUDGET_MAIN="${TEST_BUDGET_MAIN:-1500}"
TEST_BUDGET_SYSTEM="${TEST_BUDGET_SYSTEM:-1500}"
TEST_BUDGET_BROKER="${TEST_BUDGET_BROKER:-480}"
descendants() { local c; for c in $(pgrep -P "$1" || true); do echo "$c"; descendants "$c"; done; }
report_hang() { # PID FIRST_LOG_LINE BUDGET
  local pid=$1 first=$2 budget=$3 hang="$LOG_DIR/hang-$(date +%s).txt"
  echo
  say "tests HUNG: no end after ${budget} s; started and never ended:"
  tail -n "+$first" "$LOG_DIR/swift-test.log" | awk '
    /^◇ Test (case|run) / { next }
    /^◇ (Test|Suite) .* started\.$/ { name = $0; sub(/^◇ /, "", name); sub(/ started\.$/, "", name); open[name] = 1 }
    /^(✔|✘) (Test|Suite) / { for (n in open) if (index($0, n) == 3 || index($0, n) == 5) delete open[n] }
    END { for (n in open) print "  " n }'
  local children; children=$(descendants "$pid")
  if command -v gdb >/dev/null; then
    for c in $children; do
      case "$(tr '\0' ' ' 2>/dev/null <"/proc/$c/cmdline")" in *PackageTests*)
        timeout 120 gdb -p "$c" -batch -ex "thread apply all bt 40" >>"$hang" 2>&1 || true ;;
      esac
    done
    say "backtraces of the test process: $hang (first frames of each thread below)"
    grep -E '^(Thread|#[0-5] )' "$hang" | head -n 300 || true
  fi
  kill -TERM $children "$pid" 2>/dev/null || true
  sleep 10
  kill -KILL $children "$pid" 2>/dev/null || true
}
run_tests() { # BUDGET_SECONDS SWIFT_TEST_ARGUMENTS...
  local budget=$1; shift
  local first; first=$(($(wc -l <"$LOG_DIR/swift-test.log") + 1))
  swift test --skip-build "$@" > >(tee -a "$LOG_DIR/swift-test.log") 2>&1 &
  local pid=$!
  (
    elapsed=0
    while kill -0 "$pid" 2>/dev/null; do
      if [ $elapsed -ge "$budget" ]; then report_hang "$pid" "$first" "$budget"; exit 0; fi
      sleep 5; elapsed=$((elapsed + 5))
    done
  ) &
  local dog=$! status=0
  wait "$pid" || status=$?
  wait "$dog" || true
  return $status
}
test_status=0
if [ $# -gt 0 ]; then
  run_tests "$TEST_BUDGET_MAIN" "$@" || test_status=$?
else
  say "tests 1/3: everything but the tests that stop the broker or PostgreSQL"
  run_tests "$TEST_BUDGET_MAIN" --skip "$disruptive" || test_status=$?
  say "tests 2/3: system tests (services killed, broker paused, PostgreSQL stopped), one suite at a time"
  run_tests "$TEST_BUDGET_SYSTEM" --filter "SystemTests" || test_status=$?
  # The smoke suite's one-screen report (SmokeSuiteTests runs insurance-sample smoke against both services).
  smoke_report=$(ls -t "$LOG_DIR"/system-tests/sys-smoke-pass-*.smoke.log 2>/dev/null | head -n1 || true)
  if [ -n "$smoke_report" ]; then say "smoke suite report ($smoke_report):"; cat "$smoke_report"; fi
  say "tests 3/3: the Kafka layer with the broker frozen"
  run_tests "$TEST_BUDGET_BROKER" --filter "BrokerFaultTests" || test_status=$?
  say "swift test summaries: $(grep -E '(✔|✘) Test run with' "$LOG_DIR/swift-test.log" | sed 's/^.*Test run with //' | paste -sd ';' -)"
fi
[ $fuzz_status -eq 0 ] || exit $fuzz_status
[ $lint_status -eq 0 ] || exit $lint_status
exit $test_status
