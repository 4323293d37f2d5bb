#!/usr/bin/env bash
# Builds and runs every test target against the stack scripts/dev started.
# Called by `scripts/dev test`; expects the stack's environment.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT_DIR"
swift build --build-tests
swift test --skip-build "$@" 2>&1 | tee "$LOG_DIR/swift-test.log"
