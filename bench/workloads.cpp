#include "bench/workloads.h"

#include <chrono>
#include <cstdio>

#include "core/datasets.h"
#include "core/experiments/landscape.h"
#include "core/experiments/sweep.h"
#include "core/formula/formula.h"
#include "core/optim/make_optimizer.h"
#include "core/optim/optimizer.h"
#include "core/trainer.h"

namespace lrlab::bench {

namespace {

using Clock = std::chrono::steady_clock;

template <typename Body>
double time_ms(int repetitions, Body&& body) {
  const auto start = Clock::now();
  for (int i = 0; i < repetitions; ++i) body();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Keeps a result alive without I/O: the compiler cannot drop a loop whose result is stored here.
volatile double g_sink = 0;

}  // namespace

// Warm-up, cosine decay, a floor and a step-dependent wiggle: every kind of node the language has
// (numbers, variables, comparisons, ?:, calls, ^), 200 characters.
const char* const kBenchFormula =
    "epoch < 5 ? lr0 * (epoch + 1) / 5 : max(lr0 * 0.01, lr0 * 0.5 * (1 + cos(pi * min(epoch - 5,"
    " 95) / 95))) * (1 + 0.1 * sin(step / 7)) * exp(-0.001 * abs(lr - lr0)) + 0 * sqrt(2) ^ 2 / "
    "ceil(1e3) * floor(1)";

const char* const kBenchLandscapeRequest =
    R"({"surface": "rosenbrock", "grid": 60, "levels": 14, "steps": 100, "runs": [)"
    R"({"optimizer": {"name": "sgd", "learning_rate": 0.001}},)"
    R"({"optimizer": {"name": "adam", "learning_rate": 0.05}}]})";

Settings reference_settings() {
  Settings settings = default_settings();
  settings.problem.name = "spiral";
  settings.problem.samples = 512;
  settings.problem.val_fraction = 0;
  settings.model.hidden = {16, 16};
  settings.model.activation = "tanh";
  settings.model.loss = "bce";
  settings.optimizer.name = "sgd";
  settings.optimizer.learning_rate = 0.1;
  settings.batch_size = 32;
  settings.epochs = 1000;
  return settings;
}

double reference_epoch_flops() {
  // Per sample: forward z = W a + b (2 in*out + out per layer); backward dW (2 in*out), db (out),
  // and for every layer above the first the delta passed down (2 in*out) times f'(a) (3 in).
  const int widths[] = {2, 16, 16, 1};
  double per_sample = 0;
  for (int l = 0; l < 3; ++l) {
    const double in = widths[l], out = widths[l + 1];
    per_sample += 2 * in * out + out;  // forward
    per_sample += 2 * in * out + out;  // dW, db
    if (l > 0) per_sample += 2 * in * out + 3 * in;
  }
  return per_sample * 512;
}

ReferenceRun::ReferenceRun() : trainer_(std::make_unique<Trainer>(reference_settings())) {}
ReferenceRun::~ReferenceRun() = default;

void ReferenceRun::epoch() {
  if (!trainer_->epoch()) trainer_->reset();
}

OptimizerRun::OptimizerRun(const std::string& name) : optimizer_(make_optimizer(name)) {
  constexpr int kParameters = 337;  // the reference network
  w_.resize(kParameters);
  g_.resize(kParameters);
  for (int i = 0; i < kParameters; ++i) {
    w_[i] = 0.01 * (i % 17) - 0.08;
    g_[i] = 0.001 * ((i * 7) % 13) - 0.006;
  }
  optimizer_->reset(kParameters);
}
OptimizerRun::~OptimizerRun() = default;

void OptimizerRun::step() {
  optimizer_->update(w_, g_, 1e-3);
}

double formula_parse_and_evaluate() {
  const Formula formula(kBenchFormula);
  FormulaVariables v;
  v.lr0 = 0.1;
  v.lr = 0.1;
  double sum = 0;
  for (int epoch = 0; epoch < 1000; ++epoch) {
    v.epoch = epoch;
    v.step = 16.0 * epoch;
    sum += formula.evaluate(v).value;
  }
  return sum;
}

double landscape_grid() {
  const LandscapeView view = compute_landscape(kBenchLandscapeRequest);
  return view.grid.values.empty() ? 0 : view.grid.values.front();
}

double reference_sweep() {
  SweepConfig config;
  config.low = 1e-3;
  config.high = 10;
  config.count = 64;
  config.epochs = 50;
  LrSweep sweep(reference_settings(), config);
  sweep.run_all();
  return sweep.result().best_final_loss;
}

namespace {

// The digits table the DigitsRun trains on, as the harness loaded it.
TableRef& digits_table() {
  static TableRef table;
  return table;
}

}  // namespace

void load_digits(const std::string& csv_text) {
  digits_table() = load_table("digits", csv_text).table;
}

Settings digits_settings() {
  Settings settings = default_settings();
  settings.problem.name = "digits";
  settings.model.hidden = {32};
  settings.model.activation = "tanh";
  settings.optimizer.name = "sgd";
  settings.optimizer.learning_rate = 0.05;
  settings.batch_size = 32;
  settings.epochs = 1000;
  return settings;
}

double digits_epoch_flops() {
  // As reference_epoch_flops, for 64-32-10 over the 1,438 training samples.
  const int widths[] = {64, 32, 10};
  double per_sample = 0;
  for (int l = 0; l < 2; ++l) {
    const double in = widths[l], out = widths[l + 1];
    per_sample += 2 * in * out + out;  // forward
    per_sample += 2 * in * out + out;  // dW, db
    if (l > 0) per_sample += 2 * in * out + 3 * in;
  }
  return per_sample * 1438;
}

DigitsRun::DigitsRun() : trainer_(std::make_unique<Trainer>(digits_settings(), digits_table())) {}
DigitsRun::~DigitsRun() = default;

void DigitsRun::epoch() {
  if (!trainer_->epoch()) trainer_->reset();
}

double time_digits_epochs(int epochs) {
  DigitsRun run;
  run.epoch();
  return time_ms(epochs, [&] { run.epoch(); });
}

double time_reference_epochs(int epochs) {
  ReferenceRun run;
  run.epoch();  // warm: first-touch of the history buffers
  return time_ms(epochs, [&] { run.epoch(); });
}

double time_optimizer_steps(const std::string& name, int steps) {
  OptimizerRun run(name);
  return time_ms(steps, [&] { run.step(); });
}

double time_formula(int repetitions) {
  return time_ms(repetitions, [] { g_sink = formula_parse_and_evaluate(); });
}

double time_landscape(int repetitions) {
  return time_ms(repetitions, [] { g_sink = landscape_grid(); });
}

double time_sweep(int repetitions) {
  return time_ms(repetitions, [] { g_sink = reference_sweep(); });
}

}  // namespace lrlab::bench
