#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan, folder build-fuzz/) and runs each from its seed
# corpus in tests/fuzz/corpus/<target>/ for a fixed number of executions, so a run is repeatable
# and its length known. New interesting inputs go to build-fuzz/corpus/<target>/ (not the repo);
# a crash input lands in build-fuzz/ and the script fails.
#   FUZZ_RUNS=200000 scripts/fuzz.sh            # executions per target (default 100000)
#   scripts/fuzz.sh formula                     # one target
# Targets: formula (the formula box), settings (the settings JSON), csv (a user's table through to
# a problem), export (the page's exported CSV as `lrlab run FILE.csv --run N` reads it), link (the
# core's side of a link: the settings it carries with the tables its problems train on).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${FUZZ_RUNS:-100000}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(formula settings csv export link)

scripts/setup.sh fuzz

cmake -S . -B build-fuzz -DLRLAB_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release \
  >/dev/null
cmake --build build-fuzz -j 2 --target "${targets[@]/%/_fuzz}"

for target in "${targets[@]}"; do
  work=build-fuzz/corpus/$target
  mkdir -p "$work"
  echo "fuzz: $target, $runs runs"
  # -max_len: the formula box takes 1,000 characters; longer inputs only test the length check,
  # and 4 KB of CSV already holds hundreds of rows (the row and size limits have their own tests).
  # -timeout: one settings input trains a few steps; more than 10 s is a hang worth reporting.
  (cd build-fuzz && "tests/fuzz/${target}_fuzz" -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "corpus/$target" "../tests/fuzz/corpus/$target" 2>&1) |
    tee "build-fuzz/$target.log" | grep -E "^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|==[0-9]+==|SUMMARY)" || true
  grep -q "^Done $runs runs" "build-fuzz/$target.log" || {
    echo "fuzz: $target did not finish cleanly (see build-fuzz/$target.log)" >&2
    exit 1
  }
done
echo "fuzz: all targets ran $runs executions each without a finding"
