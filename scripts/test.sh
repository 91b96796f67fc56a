#!/usr/bin/env bash
# Builds callflow and runs every test (unit, file and integration tests)
# under ctest, then builds it again with AddressSanitizer + UBSan and runs
# the suite under them (scripts/test-asan.sh), then the tests of the
# threaded code under ThreadSanitizer (scripts/test-tsan.sh). Installs
# missing Debian packages first. CALLFLOW_SKIP_ASAN=1 skips the sanitizer
# runs (for a quick local run; CI never sets it).
#
# A failed stage does not stop the others: every stage runs, and the last
# lines name each failed test of each stage (scripts/test-report.py) and
# close with "test.sh: N passed, N failed". The exit code is 0 only when
# every stage built and every test passed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --browser
# The editor extension's tests (grammar snapshots, an LSP client from npm
# against flowc lsp) and the agent desktop's browser test (puppeteer-core
# driving Chromium against flowrun serve, tests/web) run under ctest when
# their npm packages are installed: npm ci whenever package-lock.json is
# newer than the installed tree. A failure (no network) only leaves those
# tests out.
if scripts/deps.sh --node; then
  for dir in editors/vscode tests/web; do
    lock=$dir/package-lock.json installed=$dir/node_modules/.package-lock.json
    if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
      (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts) ||
        echo "test.sh: npm ci failed in $dir; its tests are left out" >&2
    fi
  done
fi
build=${CALLFLOW_BUILD_DIR:-build}
results=$(pwd)/$build/test-results
stages=()
status=0

rm -rf "$results"
if scripts/build.sh; then
  mkdir -p "$results"
  ctest --test-dir "$build" --output-on-failure -j"$(nproc)" \
    --output-junit "$results/ctest.xml" || status=1
else
  status=1
fi
stages+=("suite=$results")

if [ "${CALLFLOW_SKIP_ASAN:-0}" != 1 ]; then
  asan=${CALLFLOW_ASAN_DIR:-build-asan}
  tsan=${CALLFLOW_TSAN_DIR:-build-tsan}
  scripts/test-asan.sh || status=1
  stages+=("asan+ubsan=$(pwd)/$asan/test-results")
  scripts/test-tsan.sh || status=1
  stages+=("tsan=$(pwd)/$tsan/test-results")
fi

echo
scripts/test-report.py --title test.sh "${stages[@]}" || status=1
exit "$status"
