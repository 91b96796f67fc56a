#!/usr/bin/env bash
# The main job on the shipped samples: check every sample flow, compile
# them to bytecode, run a scripted call, and print the call scripts and
# flowcharts. Installs missing Debian packages and builds first.
# Output goes to out/ (or $CALLFLOW_OUT).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
bin=${CALLFLOW_BUILD_DIR:-build}/tools
out=${CALLFLOW_OUT:-out}
mkdir -p "$out"
flowc=$bin/flowc/flowc
flowrun=$bin/flowrun/flowrun

samples=(samples/anything_computers/main.flow samples/case_registration/main.flow
         samples/contract/pay_as_you_go.flow samples/contract/case_form.flow)

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. Check the samples (flowc check)"
for f in "${samples[@]}"; do
  [[ -f $f ]] || continue
  if "$flowc" check "$f"; then echo "ok: $f"; else echo "FAILED: $f"; fi
done
