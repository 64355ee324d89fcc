#!/usr/bin/env bash
# Runs every benchmark in one go: the native core (Google Benchmark, medians of repetitions), the
# same workloads in the wasm module under Node and in headless Chromium, the page's weight and its
# time to the first drawn chart. Writes build/bench/results.json and prints a table.
#   scripts/bench.sh            # uses (and builds) ./build
#   BUILD=build-x scripts/bench.sh
# With BENCH_NATIVE_MARCH=1 it also builds the native benchmark with -march=native (in
# build-bench-native) and reports that figure beside the portable one.
# Then the page's sweep with one worker against several (bench/sweep_workers.mjs; SWEEP_REPS,
# SWEEP_WORKERS=1,2,4 set its repetitions and worker counts). Last, the reference epoch side by
# side with TensorFlow.js (bench/tfjs, its own dev dependencies, installed here on first use;
# writes build/bench/tfjs.json); BENCH_TFJS=0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
REPS=${REPS:-15}
OUT=$BUILD/bench
mkdir -p "$OUT"
export NODE_PATH=/usr/share/nodejs

if [ ! -f "$BUILD/CMakeCache.txt" ]; then cmake --preset native >/dev/null; fi
cmake -S . -B "$BUILD" -DLRLAB_BENCH=ON >/dev/null
cmake --build "$BUILD" -j2 --target lrlab_bench lrlab_wasm >/dev/null

echo "== native (portable x86-64 release flags), $REPS repetitions"
"$BUILD/bench/lrlab_bench" --benchmark_repetitions="$REPS" --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.1 --benchmark_out="$OUT/native.json" --benchmark_out_format=json \
  | grep -E "median|GFLOP" || true

if [ "${BENCH_NATIVE_MARCH:-0}" = 1 ]; then
  echo "== native, -march=native (-ffp-contract=off stays on: no FMA contraction)"
  cmake -S . -B build-bench-native -DLRLAB_WASM=OFF -DLRLAB_BENCH=ON \
    -DCMAKE_CXX_FLAGS="-march=native" >/dev/null
  cmake --build build-bench-native -j2 --target lrlab_bench >/dev/null
  build-bench-native/bench/lrlab_bench --benchmark_filter=ReferenceEpoch \
    --benchmark_repetitions="$REPS" --benchmark_report_aggregates_only=true \
    --benchmark_min_time=0.1 --benchmark_out="$OUT/native-march.json" \
    --benchmark_out_format=json | grep -E "median" || true
fi

echo "== wasm: Node and headless Chromium"
node bench/wasm_bench.mjs --native "$OUT/native.json" \
  --wasm-dir "$BUILD/wasm" --out "$OUT/results.json" --reps "$REPS" \
  ${BENCH_NATIVE_MARCH:+--native-march "$OUT/native-march.json"}

echo "== the page's sweep (64 rates x 50 epochs): one worker against several, headless Chromium"
node bench/sweep_workers.mjs --wasm-dir "$BUILD/wasm" --out "$OUT/sweep_workers.json" \
  --reps "${SWEEP_REPS:-7}" --workers "${SWEEP_WORKERS:-1,2,4}"
echo "== the page's sweep on a real table (digits: 24 rates x 20 epochs), one and two workers"
node bench/sweep_workers.mjs --wasm-dir "$BUILD/wasm" --out "$OUT/sweep_digits.json" \
  --reps "${SWEEP_REPS:-7}" --workers 1,2 --problem digits

if [ "${BENCH_TFJS:-1}" != 0 ]; then
  echo "== TensorFlow.js: the reference epoch in the same Node process as our wasm module"
  # TF.js is a dependency of bench/tfjs only, never of the page: (re)install when its lockfile
  # is newer than what npm last installed there.
  if [ bench/tfjs/package-lock.json -nt bench/tfjs/node_modules/.package-lock.json ]; then
    npm ci --prefix bench/tfjs --no-audit --no-fund >/dev/null
  fi
  node bench/tfjs/tfjs_bench.mjs --build "$BUILD" --out "$OUT/tfjs.json" --rounds "$REPS"
  node bench/tfjs/tfjs_digits.mjs --wasm-dir "$BUILD/wasm" --out "$OUT/tfjs_digits.json" --rounds "$REPS"
fi
