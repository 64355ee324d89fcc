#!/usr/bin/env bash
# Configures and builds the native tree and, through it, the wasm module (build/ and build/wasm/).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake --preset native >/dev/null
cmake --build --preset native -j "$jobs"
