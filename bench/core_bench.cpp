// Native benchmarks of the core (Google Benchmark). scripts/bench.sh runs them with repetitions
// and reads the medians; the same workloads run in the wasm module (bench/wasm_bench.mjs).
#include <benchmark/benchmark.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/workloads.h"
#include "core/optim/optimizer.h"

namespace {

using lrlab::bench::OptimizerRun;
using lrlab::bench::ReferenceRun;

void BM_ReferenceEpoch(benchmark::State& state) {
  ReferenceRun run;
  run.epoch();
  for (auto _ : state) run.epoch();
  state.counters["GFLOP/s"] = benchmark::Counter(lrlab::bench::reference_epoch_flops() * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ReferenceEpoch)->Unit(benchmark::kMicrosecond);

// The digits epoch reads data/digits.csv from the source tree (LRLAB_SOURCE_DIR).
void BM_DigitsEpoch(benchmark::State& state) {
  std::ifstream in(std::string(LRLAB_SOURCE_DIR) + "/data/digits.csv", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  lrlab::bench::load_digits(text.str());
  lrlab::bench::DigitsRun run;
  run.epoch();
  for (auto _ : state) run.epoch();
  state.counters["GFLOP/s"] = benchmark::Counter(lrlab::bench::digits_epoch_flops() * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_DigitsEpoch)->Unit(benchmark::kMicrosecond);

void BM_OptimizerStep(benchmark::State& state, const std::string& name) {
  OptimizerRun run(name);
  for (auto _ : state) run.step();
}

void BM_FormulaParseEvaluate(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(lrlab::bench::formula_parse_and_evaluate());
  state.SetLabel(std::to_string(std::strlen(lrlab::bench::kBenchFormula)) + " chars, 1000 epochs");
}
BENCHMARK(BM_FormulaParseEvaluate)->Unit(benchmark::kMicrosecond);

void BM_LandscapeGrid(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(lrlab::bench::landscape_grid());
}
BENCHMARK(BM_LandscapeGrid)->Unit(benchmark::kMicrosecond);

void BM_Sweep64x50(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(lrlab::bench::reference_sweep());
}
BENCHMARK(BM_Sweep64x50)->Unit(benchmark::kMillisecond)->Iterations(3);

// One benchmark per registered optimizer, named after it.
const bool kRegistered = [] {
  for (const lrlab::OptimizerInfo& info : lrlab::optimizer_registry())
    benchmark::RegisterBenchmark(("BM_OptimizerStep/" + info.name).c_str(), BM_OptimizerStep,
                                 info.name)
        ->Unit(benchmark::kNanosecond);
  return true;
}();

}  // namespace
