#pragma once
// The LR range test ("LR finder", Smith 2015 / fastai), exactly as SPEC section 5: from a fresh
// copy of the model, step i = 0..n-1 takes one mini-batch step at
//   lr_i = start * (end/start)^(i/(n-1))
// and records the batch loss and its smoothed, bias-corrected value
//   avg_i = beta*avg_(i-1) + (1-beta)*loss_i (avg_(-1) = 0),  smoothed_i = avg_i / (1 - beta^(i+1))
// with beta = kRangeTestBeta. It stops early, after recording the point, when smoothed_i exceeds
// kRangeTestStopFactor x the lowest smoothed value so far or is not finite.
//
// The batch loss of step i is measured before that step's update (the trainer's convention), so
// it shows what the rates before lr_i did: the same reading fastai plots.
//
// How the rate of step i is exactly lr_i: the test's trainer is built from the settings with the
// schedule replaced by "constant" (per step) and ReduceLROnPlateau off. set_learning_rate(lr_i)
// before each step sets the rate in force; the constant schedule returns the rate in force (lr),
// so nothing changes it before the update. The optimizer, its hyperparameters, the model, the data
// and the batch size are the user's; the mini-batches are the trainer's own shuffled ones.
//
// Everything in the results is computed with + - * / and lrlab::dm, so native and wasm agree.
#include <limits>
#include <memory>
#include <vector>

#include "core/settings.h"

namespace lrlab {

class Trainer;

constexpr double kRangeTestBeta = 0.98;
constexpr double kRangeTestStopFactor = 4.0;

struct RangeTestConfig {
  double start = 1e-7;  // 0 < start < end
  double end = 10;      // <= kMaxRate
  int steps = 100;      // n, 2 .. kMaxSteps

  static constexpr int kMaxSteps = 10000;
  static constexpr double kMaxRate = 1e6;
};

// Throws lrlab::Error naming "range_test.start", "range_test.end" or "range_test.steps".
void validate(const RangeTestConfig& config);

// The planned rates lr_0..lr_(n-1) (dm::pow); the ends are exactly start and end. Validates first.
std::vector<double> range_test_rates(const RangeTestConfig& config);

// ---- Suggestions: free functions over a curve (rates, smoothed losses), one entry per point. ----
//
// Window: like fastai's lr_find, all three look at the curve without its first tenth and its last
// five points (the noisy start of the average, and the blow-up that stopped the test): indices
// [m/10, m-5) for m points (integer division). When that leaves fewer than 3 points (a short
// curve, e.g. a test stopped early), they look at the whole curve. Points whose smoothed loss is
// not finite never take part. Ties go to the lowest index.
//
// Each throws lrlab::Error if the two vectors differ in length.

struct Suggestion {
  double rate = std::numeric_limits<double>::quiet_NaN();  // the suggested rate; NaN: none
  long index = -1;  // the curve point it was read at (for minimum/10: the minimum), or -1
  double loss = std::numeric_limits<double>::quiet_NaN();  // the smoothed loss at `index`
};

// "steepest": the point with the most negative slope of the smoothed loss against log10(rate),
// by central difference over its neighbours,
//   slope_j = (s[j+1] - s[j-1]) / (log10 r[j+1] - log10 r[j-1]),  for j strictly inside the window
// (a second-order estimate of the derivative at r[j] itself, not half a step beside it as a
// forward difference would be). None when no slope is negative (the loss never falls) or the
// window has fewer than 3 points.
Suggestion suggest_steepest(const std::vector<double>& rates, const std::vector<double>& smoothed);

// "minimum/10": rate = r[j]/10 at the lowest smoothed loss j of the window.
Suggestion suggest_minimum_over_10(const std::vector<double>& rates,
                                   const std::vector<double>& smoothed);

// "valley" (fastai's default): over the window, the longest strictly decreasing subsequence (not
// necessarily contiguous, so it steps over small bumps) of length len, ending at b; among several
// of that length, the lowest b. The valley is taken as len points wide ending at b:
// a = b - (len - 1) (exactly its first index when the descent is contiguous). With L = b - a the
// suggestion is the point a + floor(L/3) + floor(L/6), about half-way down.
// Why a is anchored at b rather than at the subsequence's first element: on a noisy plateau a
// decreasing subsequence can thread a few points from far back, and reading a there would put the
// suggestion on the plateau. fastai anchors at b too, one point wider (a = b - len).
// None when no two points decrease (len 1).
Suggestion suggest_valley(const std::vector<double>& rates, const std::vector<double>& smoothed);

struct RangeTestResult {
  // One entry per recorded step, i = 0 .. size-1.
  std::vector<double> rates;     // lr_i
  std::vector<double> loss;      // the batch loss (on blow-up: the loss that stopped the trainer)
  std::vector<double> smoothed;  // bias-corrected exponential average
  long planned_steps = 0;        // n
  // The stop rule fired (or the trainer itself stopped on a non-finite or exploding loss) at the
  // last recorded point; unless that was the last planned step, there are fewer than n points.
  bool blew_up = false;
  // Filled when the test is done (NaN / -1 until then).
  Suggestion steepest;
  Suggestion minimum_over_10;
  Suggestion valley;
};

class LrRangeTest {
 public:
  // Validates the config and builds the test's trainer (see above). Throws lrlab::Error.
  LrRangeTest(const Settings& settings, const RangeTestConfig& config = RangeTestConfig());
  ~LrRangeTest();
  LrRangeTest(const LrRangeTest&) = delete;
  LrRangeTest& operator=(const LrRangeTest&) = delete;

  // Takes up to `steps` more steps; returns how many were taken (0 once done).
  long advance(long steps) noexcept;
  void run_all() noexcept { advance(config_.steps); }

  bool done() const { return done_; }
  double progress() const;  // recorded steps / n, 1 once done
  const RangeTestResult& result() const { return result_; }
  const RangeTestConfig& config() const { return config_; }
  // The settings the test trains with: the user's, schedule constant per step, plateau off.
  const Settings& settings() const { return settings_; }

 private:
  void record(double rate, double loss) noexcept;
  void finish() noexcept;

  Settings settings_;
  RangeTestConfig config_;
  std::vector<double> planned_;
  std::unique_ptr<Trainer> trainer_;
  RangeTestResult result_;
  double average_ = 0;     // the un-corrected exponential average
  double beta_power_ = 1;  // beta^(i+1) after point i
  double min_smoothed_ = 0;
  bool done_ = false;
};

}  // namespace lrlab
