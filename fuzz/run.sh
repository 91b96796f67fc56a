#!/usr/bin/env bash
# Runs one libFuzzer target for a given time on its corpus.
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags]
#   TARGET: source | bytecode | journal | scenario | lsp | workbench | http
#   fuzz/run.sh redteam [redteam.py flags]
#     the tools as a user runs them, built with ASan+UBSan (build-asan/),
#     over source mutants, flipped bytecode and cut journals (fuzz/redteam.py)
#
# Installs clang-14 when missing (scripts/deps.sh --fuzz) and builds
# build-fuzz (clang-14, ASan+UBSan) when needed. New inputs go to a
# scratch corpus (build-fuzz/corpus/TARGET), seeded from fuzz/corpus/TARGET,
# so the committed corpus stays small; crashes land in build-fuzz/crashes/.
# Add a crash as a regression test: copy it into
# tests/fuzz_regressions/TARGET/ (see tests/fuzz_regressions/README.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
target="${1:?usage: fuzz/run.sh source|bytecode|journal|scenario|lsp|workbench|http SECONDS | fuzz/run.sh redteam [flags]}"
if [ "$target" = redteam ]; then
  shift
  "$root/scripts/deps.sh"
  (cd "$root" && scripts/test-asan.sh --tools-only)
  asan=${CALLFLOW_ASAN_DIR:-build-asan}
  case $asan in /*) ;; *) asan=$root/$asan ;; esac
  exec python3 "$here/redteam.py" --build "$asan" "$@"
fi
secs="${2:?usage: fuzz/run.sh source|bytecode|journal|scenario|lsp|workbench|http SECONDS}"
shift 2
build="${CALLFLOW_FUZZ_BUILD:-$root/build-fuzz}"
"$root/scripts/deps.sh" --fuzz
if [ ! -f "$build/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$here" -B "$build" -G Ninja >/dev/null
fi
ninja -C "$build" -j2 "fuzz_$target" >/dev/null
work="$build/corpus/$target"
mkdir -p "$work" "$build/crashes/$target"
# -rss_limit_mb: a 100k-step flow must fit; -max_len: long enough for samples.
exec "$build/fuzz_$target" "$work" "$here/corpus/$target" \
  -max_total_time="$secs" -max_len=65536 -rss_limit_mb=4096 -timeout=20 \
  -artifact_prefix="$build/crashes/$target/" -print_final_stats=1 "$@"
