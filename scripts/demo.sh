#!/usr/bin/env bash
# The main job on the shipped samples: check every sample flow, compile
# them to verified bytecode, run a scripted call, and print the call scripts
# and flowcharts. Installs missing Debian packages and builds first.
# Results go to out/ (or $CALLFLOW_OUT).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh || exit 2
# Only the two tools the job runs: the tests and benchmarks are
# scripts/test.sh's business (building them all is ~10 minutes on 2 cores).
CALLFLOW_TARGETS="flowc flowrun" scripts/build.sh || exit 2
build=${CALLFLOW_BUILD_DIR:-build}
out=${CALLFLOW_OUT:-out}
mkdir -p "$out"
flowc=$build/tools/flowc/flowc
flowrun=$build/tools/flowrun/flowrun
status=0

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@" || status=1; }

seeds=(samples/anything_computers/anything_computers.flow
       samples/case_registration/case_registration.flow)
all=("${seeds[@]}" samples/contract/pay_as_you_go.flow samples/contract/case_form.flow
     samples/ivr_menu/ivr_menu.flow samples/card_payment/card_payment.flow)

step "1. Check every sample (flowc check: exit 0 means no errors)"
for f in "${all[@]}"; do run "$flowc" check -Werror "$f" && echo "   ok"; done

step "2. What the checker catches: a broken copy of seed 003 (Product may be unset)"
"$flowc" check tests/samples/fail_product_required.flow 2>&1 | head -12
echo "   (exit status 1: errors found; this copy is broken on purpose)"

step "3. Compile to verified bytecode (flowc build)"
for f in "${all[@]}"; do
  name=$(basename "$f" .flow)
  run "$flowc" build "$f" -o "$out/$name.flowc" --stats
done

step "4. A scripted call: a Pay-As-You-Go member who wants a remote session"
run "$flowrun" "$out/anything_computers.flowc" \
    --answers samples/anything_computers/calls/payg_remote_session.answers

step "5. Scenario tests of the language's newer samples (keys, counters, dates, sensitive values)"
run "$flowc" test samples/ivr_menu/tests/ivr_menu.scenario --min-coverage=100
run "$flowc" test samples/card_payment/tests/card_payment.scenario --min-coverage=100

step "6. Printable call scripts and flowcharts"
for f in "${seeds[@]}"; do
  name=$(basename "$f" .flow)
  run "$flowc" script "$f" -o "$out/$name.html"
  run "$flowc" script "$f" --format=md -o "$out/$name.md"
  run "$flowc" graph "$f" -o "$out/$name.dot"
  if command -v dot >/dev/null; then run "$flowc" graph "$f" --format=svg -o "$out/$name.svg"; fi
done

step "Where the results are"
ls -l "$out" | sed 1d
echo
echo "Open $out/anything_computers.html in a browser and print it (its links name the"
echo "steps; flowc script --page-numbers=on adds page numbers, counted with Chromium);"
echo "$out/anything_computers.svg is the flowchart; $out/*.flowc the bytecode."
exit $status
