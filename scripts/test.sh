#!/usr/bin/env bash
# Builds callflow and runs every test (unit, file and integration tests)
# under ctest. Installs missing Debian packages first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --browser
scripts/build.sh
ctest --test-dir "${CALLFLOW_BUILD_DIR:-build}" --output-on-failure -j"$(nproc)"
