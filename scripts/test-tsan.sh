#!/usr/bin/env bash
# Builds the tests of callflow's threaded code with ThreadSanitizer (GCC)
# into build-tsan/ (or $CALLFLOW_TSAN_DIR) and runs them; any data race
# fails the run. `scripts/test.sh` (and so CI) runs it after the ASan suite.
#
# The threaded code and the tests that drive it:
# - the parallel parse of one large buffer (compiler/parse/parse.cpp):
#   parallel_test, and fuzz_regressions_compile_test, which parses every
#   source seed in pieces;
# - codegen overlapping the checker's last passes
#   (codegen::checkAndGenerate), and the checker's prices in lines beside
#   its path searches (check.cpp): overlap_test,
#   fuzz_regressions_compile_test;
# - flowc lint across files (llvm::ThreadPool): lint_runner_test;
# - sessions of one program on many threads: pattern_test;
# - the verifier's two halves of a large CODE section on two threads
#   (verifyBytecode with a RunBoth): runtime_tests' Corruption.CodeInHalvesOnTwoThreads.
# ANTLR's runtime and LLVM's libraries are not instrumented: their locks are
# seen, their memory accesses are not.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${CALLFLOW_TSAN_DIR:-build-tsan}
jobs=${CALLFLOW_JOBS:-$(nproc)}
# A test program, or program:gtest-filter for the tests of it that run threads
# (the checker's: its names and types, and its prices in lines, aside; the
# verifier's halves).
tests=(parallel_test overlap_test fuzz_regressions_compile_test lint_runner_test pattern_test
  "check_tests:CheckApi.*Aside*" "runtime_tests:Corruption.CodeInHalvesOnTwoThreads")
start=$(date +%s)
# As test-asan.sh builds: -O1 -g1 (the test programs' own code -O0 -g0,
# tests/CMakeLists.txt); CALLFLOW_SANITIZE also leaves the tuned
# malloc out (TSan brings its own allocator).
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCALLFLOW_SANITIZE=thread \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCALLFLOW_BENCH=OFF "$@" >/dev/null
cmake --build "$build" -j "$jobs" --target "${tests[@]%%:*}"
built=$(date +%s)
export TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS:}halt_on_error=1:second_deadlock_stack=1"
results="$(pwd)/$build/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
for entry in "${tests[@]}"; do
  t=${entry%%:*}
  filter='*'
  [ "$entry" = "$t" ] || filter=${entry#*:}
  exe=$(find "$build/tests" -type f -name "$t" -perm -u+x | head -1)
  if [ -z "$exe" ]; then
    echo "test-tsan: $t was not built" >&2; status=1
    printf '<testsuite><testcase classname="tsan" name="%s (not built)"><failure/></testcase></testsuite>\n' "$t" \
      > "$results/$t.xml"
    continue
  fi
  echo "test-tsan: $t"
  # In its own directory, as ctest runs it.
  rc=0
  (cd "$(dirname "$exe")" && "./$t" --gtest_brief=1 --gtest_filter="$filter" --gtest_output="xml:$results/$t.xml") || rc=$?
  if [ "$rc" != 0 ]; then
    status=$rc
    # A binary that died (a race reported: halt_on_error) wrote no report.
    [ -s "$results/$t.xml" ] || printf '<testsuite><testcase classname="tsan" name="%s (exit %s)"><failure/></testcase></testsuite>\n' \
      "$t" "$rc" > "$results/$t.xml"
  fi
done
end=$(date +%s)
echo "test-tsan: build $((built - start)) s, tests $((end - built)) s"
scripts/test-report.py --title test-tsan "tsan=$results" || status=1
exit "$status"
