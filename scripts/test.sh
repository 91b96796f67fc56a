#!/usr/bin/env bash
# Builds callflow and runs every test (unit, file and integration tests)
# under ctest, then builds it again with AddressSanitizer + UBSan and runs
# the suite under them (scripts/test-asan.sh), then the tests of the
# threaded code under ThreadSanitizer (scripts/test-tsan.sh). Installs
# missing Debian packages first. CALLFLOW_SKIP_ASAN=1 skips the sanitizer
# runs (for a quick local run; CI never sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --browser
scripts/build.sh
ctest --test-dir "${CALLFLOW_BUILD_DIR:-build}" --output-on-failure -j"$(nproc)"
if [ "${CALLFLOW_SKIP_ASAN:-0}" != 1 ]; then
  scripts/test-asan.sh
  scripts/test-tsan.sh
fi
