#pragma once
// The LR range test ("LR finder", Smith 2015 / fastai), exactly as
// docs/spec-schedules.md#lr-range-test: from a fresh copy of the model, step i = 0..n-1 takes one
// mini-batch step at
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
// They follow fastai's lr_find exactly (fastai/callback/schedule.py;
// docs/spec-schedules.md#lr-range-test).
//
// Window: the recorded points [n/10, m-5) for m recorded points of n PLANNED steps (integer
// division; Python's `[num_it//10 : -5]`). A test stopped early keeps skipping a tenth of what
// was planned, not of what it recorded. The window is then cut before its first non-finite
// smoothed loss (fastai cuts at the first NaN; an infinite point is cut the same way here).
// Ties go to the lowest index (torch's argmin, fastai's strict comparisons).
//
// Where fastai's Python would fail or read from the end, these are defined so:
// - an empty window (m - 5 <= n/10, e.g. a test that stopped within its first tenth plus five
//   points): no suggestion from any rule;
// - a one-point window: no "steep" (no difference to take);
// - the valley's index below the window's start (see suggest_valley): the window's first point.
//
// Each throws lrlab::Error if the two vectors differ in length.

struct Suggestion {
  double rate = std::numeric_limits<double>::quiet_NaN();  // the suggested rate; NaN: none
  long index = -1;  // the curve point it was read at (for minimum/10: the minimum), or -1
  double loss = std::numeric_limits<double>::quiet_NaN();  // the smoothed loss at `index`
};

// "steep" (fastai `steep`): forward differences of the smoothed loss against ln(rate),
//   d[i] = (s[i+1] - s[i]) / (ln r[i+1] - ln r[i])  for i, i+1 in the window;
// the suggestion is the LEFT point i of the smallest d[i] (the most negative; the first on ties),
// whatever its sign, as fastai's argmin.
Suggestion suggest_steepest(const std::vector<double>& rates, const std::vector<double>& smoothed,
                            long planned_steps);

// "minimum/10" (fastai `minimum`): rate = r[j]/10 at the window's lowest smoothed loss j.
Suggestion suggest_minimum_over_10(const std::vector<double>& rates,
                                   const std::vector<double>& smoothed, long planned_steps);

// "valley" (fastai `valley`, its default): in window coordinates w = 0..k-1, lds[w] = the length
// of the longest strictly decreasing subsequence ending at w (not necessarily contiguous, so it
// steps over small bumps); b = the first w reaching the largest lds; a = b - lds[b] (one before
// the subsequence's length counted back from b, so a = -1 when the descent starts at the window's
// first point); L = b - a; the suggestion is w = a + floor(L/3) + floor(L/6). When no two points
// decrease (every lds is 1) fastai's loop never moves its start: a = b = 0, the window's first
// point. A negative w (a = -1 with L = 2, where Python's lrs[-1] would read the window's LAST
// point) is taken as the window's first point.
Suggestion suggest_valley(const std::vector<double>& rates, const std::vector<double>& smoothed,
                          long planned_steps);

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
  // Validates the config and builds the test's trainer (see above), given the real problem's
  // `table` when the settings name one (core/datasets.h). Throws lrlab::Error.
  LrRangeTest(const Settings& settings, const RangeTestConfig& config = RangeTestConfig(),
              TableRef table = nullptr);
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
