#!/usr/bin/env bash
# Command 2 of the quick start: install, build, and run every test (labels core, wasm, e2e).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --preset native "$@"

# LRLAB_ASAN=1 (set by .ci/run): the whole core suite again under AddressSanitizer +
# UndefinedBehaviorSanitizer (preset asan, folder build-asan). Measured on a 2-core machine: about
# 5 minutes of CPU for the build and the suite together (README, "Reliability"). LRLAB_ASAN=subset
# runs only the tests that drive every door and extreme, for a tighter budget.
case "${LRLAB_ASAN:-0}" in
  1)
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j 2
    ctest --preset asan -j 2
    ;;
  subset)
    asan_tests=(bad_input_test divergence_grid_test fuzz_corpus_test long_run_test formula_test
                settings_test trainer_test)
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j 2 --target "${asan_tests[@]}"
    ctest --preset asan -j 2 \
      -R '^(BadInput|DivergenceGrid|FuzzCorpus|LongRun|Formula[A-Za-z]*|Settings|Trainer)\.'
    ;;
esac
