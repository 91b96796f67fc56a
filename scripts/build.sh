#!/usr/bin/env bash
# Configures and builds callflow into build/ (or $CALLFLOW_BUILD_DIR).
# Arguments go to the configure step (-DNAME=VALUE). CALLFLOW_TARGETS, when
# set, names the targets to build (space-separated, e.g. "flowc flowrun");
# unset, everything is built (the tests and benchmarks included).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CALLFLOW_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${CALLFLOW_BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
if [ -n "${CALLFLOW_TARGETS:-}" ]; then
  # shellcheck disable=SC2086 # one word per target
  cmake --build "$build" --target ${CALLFLOW_TARGETS}
else
  cmake --build "$build"
fi
