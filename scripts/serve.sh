#!/usr/bin/env bash
# Command 1 of the quick start: install, build, and serve the page on http://127.0.0.1:PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec node scripts/server.mjs --port "${PORT:-8080}" --gen build/wasm/web
