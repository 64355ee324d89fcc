#!/usr/bin/env bash
# Command 2 of the quick start: install, build, and run every test (labels core, wasm, e2e).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --preset native "$@"
