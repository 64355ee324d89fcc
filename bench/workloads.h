#pragma once
// The benchmark workloads, shared by the native Google Benchmark binary (bench/core_bench.cpp)
// and the wasm module's benchmark entry points (bindings/lrlab.cpp), so both time the same code
// on the same inputs and the wasm/native ratio compares like with like.
//
// Reference workload (docs/spec-numbers.md#the-reference-workload): 2-16-16-1 tanh MLP, binary
// cross-entropy, spiral with 512 training points (no validation split), batch 32, plain SGD at rate
// 0.1, double precision.
#include <memory>
#include <string>
#include <vector>

#include "core/settings.h"

namespace lrlab {
class Trainer;
class Optimizer;
class Formula;
}  // namespace lrlab

namespace lrlab::bench {

Settings reference_settings();

// Floating-point operations of one reference epoch in the matrix products of the forward and
// backward passes (2 per multiply-add; activations and the loss not counted).
double reference_epoch_flops();

// A trainer on the reference settings; epoch() runs one more epoch, starting over from fresh
// weights if the run has stopped (it does not at rate 0.1, but a benchmark must never idle).
class ReferenceRun {
 public:
  ReferenceRun();
  ~ReferenceRun();
  void epoch();

 private:
  std::unique_ptr<Trainer> trainer_;
};

// One optimizer with default hyperparameters on a vector of ~300 parameters (the reference
// network's 337) and a fixed gradient.
class OptimizerRun {
 public:
  explicit OptimizerRun(const std::string& name);
  ~OptimizerRun();
  void step();

 private:
  std::unique_ptr<Optimizer> optimizer_;
  Eigen::VectorXd w_, g_;
};

// A 200-character custom schedule: parse it, then evaluate it for 1000 epochs. Returns the sum
// of the rates (so the work cannot be optimised away).
double formula_parse_and_evaluate();
extern const char* const kBenchFormula;

// One landscape view: Rosenbrock, 60x60 grid, 14 contour levels, two runs of 100 steps.
double landscape_grid();
extern const char* const kBenchLandscapeRequest;

// The sweep of docs/spec-numbers.md#targets: 64 learning rates from 1e-3 to 10, 50 epochs each, on
// the reference settings (core/experiments/sweep.h). Returns the best final loss.
double reference_sweep();

// The digits epoch (issue 20): the 8x8 digits table (data/digits.csv), 64-32-10 tanh MLP, softmax
// cross-entropy, batch 32, SGD at rate 0.05, the default 20% validation: 1,438 training samples
// (and a forward pass over the 359 validation samples, which digits_epoch_flops does not count).
// The table must be read first: load_digits(text of data/digits.csv), which the run is given.
void load_digits(const std::string& csv_text);
Settings digits_settings();
double digits_epoch_flops();
class DigitsRun {
 public:
  DigitsRun();
  ~DigitsRun();
  void epoch();

 private:
  std::unique_ptr<Trainer> trainer_;
};

// Timed loops for the wasm module (milliseconds for the whole loop, steady_clock): one call from
// JS covers many repetitions, so the browser's coarse performance.now() does not matter.
double time_reference_epochs(int epochs);
double time_optimizer_steps(const std::string& name, int steps);
double time_formula(int repetitions);
double time_landscape(int repetitions);
double time_sweep(int repetitions);
double time_digits_epochs(int epochs);

}  // namespace lrlab::bench
