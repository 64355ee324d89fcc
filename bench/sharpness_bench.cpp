// What measuring the sharpness (docs/spec-core.md#sharpness) costs on the view the page opens on
// (web/page/default-view.js: two moons, 2-16-16-1 tanh, full batch, plain SGD at rates 0.01, 0.5
// and 30, 300 epochs): the three runs trained without and with the measurement at a cadence
// (the benchmark's arguments: a measurement every N epochs, at most M products each), timed side by
// side in each iteration in the thread's CPU time.
// Counters: overhead_pct, the extra time as a share of training without it (the target is at most
// 25 at the page's default cadence); products, the mean Hessian-vector products per measurement.
#include <benchmark/benchmark.h>
#include <time.h>

#include <string>

#include "core/settings.h"
#include "core/trainer.h"

namespace {

lrlab::Settings default_view(double rate, long every, long iterations) {
  std::string json = R"({"problem": {"name": "moons"}, "batch_size": 512, "epochs": 300,
                          "optimizer": {"name": "sgd", "learning_rate": )" +
                     std::to_string(rate) + "}";
  if (every > 0)
    json += R"(, "sharpness": {"enabled": true, "every": )" + std::to_string(every) +
            R"(, "iterations": )" + std::to_string(iterations) + "}";
  return lrlab::parse_settings(json + "}");
}

struct Timed {
  double seconds = 0;
  double measurements = 0;
  double products = 0;
};

// The thread's CPU time: the machine is shared, and wall time counts the waits for a core too.
double cpu_seconds() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

Timed train_default_view(long every, long iterations) {
  Timed out;
  const double start = cpu_seconds();
  for (double rate : {0.01, 0.5, 30.0}) {
    lrlab::Trainer trainer(default_view(rate, every, iterations));
    trainer.run(300);
    const lrlab::History& h = trainer.history();
    out.measurements += static_cast<double>(h.sharpness.size());
    for (double p : h.sharpness_iterations) out.products += p;
    benchmark::DoNotOptimize(h.train_loss.back());
  }
  out.seconds = cpu_seconds() - start;
  return out;
}

void BM_DefaultViewSharpness(benchmark::State& state) {
  const long every = state.range(0), iterations = state.range(1);
  double plain = 0, measured = 0, measurements = 0, products = 0;
  for (auto _ : state) {
    plain += train_default_view(0, 0).seconds;
    const Timed with = train_default_view(every, iterations);
    measured += with.seconds;
    measurements += with.measurements;
    products += with.products;
  }
  state.counters["overhead_pct"] = 100 * (measured - plain) / plain;
  state.counters["plain_ms"] = 1e3 * plain / static_cast<double>(state.iterations());
  state.counters["with_ms"] = 1e3 * measured / static_cast<double>(state.iterations());
  state.counters["measurements"] = measurements / static_cast<double>(state.iterations());
  state.counters["products"] = products / measurements;
}
// {every, iterations}: the default cadence first (core/curvature/sharpness_params.cpp), then
// denser ones for comparison.
BENCHMARK(BM_DefaultViewSharpness)
    ->Args({25, 20})
    ->Args({20, 20})
    ->Args({30, 20})
    ->Args({20, 10})
    ->Args({10, 20})
    ->Args({5, 20})
    ->Args({1, 20})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);

}  // namespace
