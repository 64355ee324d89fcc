#!/usr/bin/env bash
# Installs what lrlab needs on Debian 12 (run as root), only what is missing: safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

# firefox-esr: the e2e tests' second engine (ctest label firefox, tests/e2e/firefox.mjs).
# python3: the tests parse the page's Keras/PyTorch listings with it (tests/wasm/code-export);
# python3-torch: they run the PyTorch listings and compare the losses with the core's
# (tests/wasm/code-export-run).
packages=(cmake g++ make pkg-config libeigen3-dev rapidjson-dev libgtest-dev libbenchmark-dev
          emscripten chromium firefox-esr ca-certificates python3 python3-torch)
# `scripts/setup.sh fuzz` (from scripts/fuzz.sh) adds clang and its sanitizer/libFuzzer runtime.
[ "${1:-}" = fuzz ] && packages+=(clang libclang-rt-14-dev)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm ci only when package-lock.json changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
