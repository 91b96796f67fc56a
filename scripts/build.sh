#!/usr/bin/env bash
# Configures and builds callflow into build/ (or $CALLFLOW_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CALLFLOW_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${CALLFLOW_BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$build"
