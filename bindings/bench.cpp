// The benchmark entry points (bench/wasm_bench.mjs): each runs a workload from bench/workloads.h
// n times inside the module and returns the milliseconds taken. Linked into the Node module and
// the benchmark's own web module, not into the page's (bindings/CMakeLists.txt): the page never
// calls them, and the workloads cost it ~8 KB of wasm.
#include <emscripten/bind.h>

#include "bench/workloads.h"

EMSCRIPTEN_BINDINGS(lrlab_bench) {
  emscripten::function("benchReferenceEpochs", &lrlab::bench::time_reference_epochs);
  emscripten::function("benchReferenceEpochFlops", &lrlab::bench::reference_epoch_flops);
  emscripten::function("benchOptimizerSteps", &lrlab::bench::time_optimizer_steps);
  emscripten::function("benchFormula", &lrlab::bench::time_formula);
  emscripten::function("benchLandscape", &lrlab::bench::time_landscape);
  emscripten::function("benchSweep", &lrlab::bench::time_sweep);
  emscripten::function("benchLoadDigits", &lrlab::bench::load_digits);
  emscripten::function("benchDigitsEpochs", &lrlab::bench::time_digits_epochs);
  emscripten::function("benchDigitsEpochFlops", &lrlab::bench::digits_epoch_flops);
}
