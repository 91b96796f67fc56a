#!/usr/bin/env bash
# Builds callflow with AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan/ (or $CALLFLOW_ASAN_DIR) and runs the whole ctest suite under
# them. Any memory error, leak or undefined behaviour fails the test that hit
# it. Tests labelled "heavy" (large adversarial inputs) are skipped unless
# CALLFLOW_ASAN_HEAVY=1: under ASan they cost minutes and they also run in
# the normal build.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CALLFLOW_ASAN_DIR:-build-asan}
jobs=${CALLFLOW_JOBS:-$(nproc)}
start=$(date +%s)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCALLFLOW_SANITIZE=ON \
  -DCALLFLOW_BENCH=OFF "$@" >/dev/null
cmake --build "$build" -j "$jobs"
built=$(date +%s)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exclude=()
if [ "${CALLFLOW_ASAN_HEAVY:-0}" != 1 ]; then exclude=(-LE heavy); fi
ctest --test-dir "$build" --output-on-failure -j"$jobs" "${exclude[@]}"
end=$(date +%s)
echo "test-asan: build $((built - start)) s, tests $((end - built)) s"
