#!/usr/bin/env bash
# Installs the Debian packages callflow needs, only those that are missing.
# `apt-get update` runs only when something is missing.
#   scripts/deps.sh            build, test and main-job packages
#   scripts/deps.sh --browser  also Chromium (browser tests of call scripts)
#   scripts/deps.sh --fuzz     also clang-14 and its runtimes (fuzz/run.sh)
#   scripts/deps.sh --node     also node and npm, when the commands are missing
#                              (the editor extension's tests, editors/vscode)
# flowrun serve (docs/server.md): cpp-httplib for HTTP, SQLite and libpq for
# the session store, and PostgreSQL itself, whose throwaway cluster the
# server tests start (initdb as a non-root user, on a loopback port).
# zlib1g-dev and libncurses-dev (which llvm-14-dev brings too) have the
# archives static flowc and flowrun link (CALLFLOW_STATIC_TOOLS, CMakeLists.txt).
# The sanitizer build of scripts/test-asan.sh needs nothing more: g++
# (g++-12 -> libgcc-12-dev) brings libasan8, liblsan0 and libubsan1, and
# scripts/test-tsan.sh's libtsan2.
set -euo pipefail
pkgs=(cmake ninja-build g++ lld python3 antlr4 libantlr4-runtime-dev
      llvm-14-dev llvm-14-tools libedit-dev zlib1g-dev libncurses-dev
      libgtest-dev libbenchmark-dev
      graphviz
      libcpp-httplib-dev libsqlite3-dev libpq-dev postgresql)
case "${1:-}" in
  --browser) pkgs+=(chromium poppler-utils) ;;
  --fuzz) pkgs+=(clang-14 libclang-rt-14-dev) ;;
  --node) # by command: a node from elsewhere (nodesource) brings its own npm
    command -v node >/dev/null || pkgs+=(nodejs)
    command -v npm >/dev/null || pkgs+=(npm) ;;
esac
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}" >&2
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
