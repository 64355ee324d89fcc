#include "core/experiments/range_test.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "core/detmath.h"
#include "core/error.h"
#include "core/experiments/log_spaced.h"
#include "core/history.h"
#include "core/param_spec.h"
#include "core/schedule/schedule.h"
#include "core/trainer.h"

namespace lrlab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// fastai's lr_find window: skip the first tenth and the last five points.
constexpr long kSkipEnd = 5;
constexpr long kMinWindow = 3;

Suggestion none() {
  return {kNaN, -1, kNaN};
}

Suggestion at(const std::vector<double>& rates, const std::vector<double>& smoothed, long j) {
  const std::size_t u = static_cast<std::size_t>(j);
  return {rates[u], j, smoothed[u]};
}

void check_sizes(const std::vector<double>& rates, const std::vector<double>& smoothed) {
  if (rates.size() != smoothed.size())
    fail_field(
        "range_test.smoothed", std::to_string(smoothed.size()) + " points",
        "must have as many points as range_test.rates (" + std::to_string(rates.size()) + ")");
}

struct Window {
  long first, end;  // [first, end)
};

Window window(std::size_t size) {
  const long m = static_cast<long>(size);
  Window w{m / 10, m - kSkipEnd};
  if (w.end - w.first < kMinWindow) w = {0, m};
  return w;
}

bool usable(const std::vector<double>& s, long j) {
  return std::isfinite(s[static_cast<std::size_t>(j)]);
}

}  // namespace

void validate(const RangeTestConfig& c) {
  if (!(c.start > 0 && std::isfinite(c.start)))
    fail_field("range_test.start", c.start, "must be a finite number > 0");
  if (!(c.end <= RangeTestConfig::kMaxRate))
    fail_field("range_test.end", c.end,
               "must be a number <= " + format_number(RangeTestConfig::kMaxRate));
  if (!(c.start < c.end))
    fail_field("range_test.start", c.start,
               "must be < range_test.end (" + format_number(c.end) + ")");
  if (c.steps < 2 || c.steps > RangeTestConfig::kMaxSteps)
    fail_field("range_test.steps", c.steps,
               "must be an integer >= 2 and <= " + format_number(RangeTestConfig::kMaxSteps));
}

std::vector<double> range_test_rates(const RangeTestConfig& config) {
  validate(config);
  return log_spaced_rates(config.start, config.end, config.steps);
}

Suggestion suggest_steepest(const std::vector<double>& rates, const std::vector<double>& smoothed) {
  check_sizes(rates, smoothed);
  const Window w = window(smoothed.size());
  if (w.end - w.first < kMinWindow) return none();
  // log10 is ln / ln 10; the constant factor only scales the slopes, it keeps their order.
  const double ln10 = dm::log(10.0);
  long best = -1;
  double best_slope = 0;  // only negative slopes qualify
  for (long j = w.first + 1; j + 1 < w.end; ++j) {
    if (!usable(smoothed, j - 1) || !usable(smoothed, j + 1)) continue;
    const std::size_t lo = static_cast<std::size_t>(j - 1), hi = static_cast<std::size_t>(j + 1);
    if (!(rates[lo] > 0 && rates[hi] > rates[lo])) continue;
    const double run = (dm::log(rates[hi]) - dm::log(rates[lo])) / ln10;
    const double slope = (smoothed[hi] - smoothed[lo]) / run;
    if (slope < best_slope) {
      best_slope = slope;
      best = j;
    }
  }
  return best < 0 ? none() : at(rates, smoothed, best);
}

Suggestion suggest_minimum_over_10(const std::vector<double>& rates,
                                   const std::vector<double>& smoothed) {
  check_sizes(rates, smoothed);
  const Window w = window(smoothed.size());
  long best = -1;
  for (long j = w.first; j < w.end; ++j) {
    if (!usable(smoothed, j)) continue;
    if (best < 0 ||
        smoothed[static_cast<std::size_t>(j)] < smoothed[static_cast<std::size_t>(best)])
      best = j;
  }
  if (best < 0) return none();
  Suggestion s = at(rates, smoothed, best);
  s.rate /= 10;
  return s;
}

Suggestion suggest_valley(const std::vector<double>& rates, const std::vector<double>& smoothed) {
  check_sizes(rates, smoothed);
  const Window w = window(smoothed.size());
  if (w.end <= w.first) return none();
  // length[i]: the longest strictly decreasing subsequence ending at i (0 for a non-finite point,
  // which never takes part). O(m^2) over at most kMaxSteps points, run once per test.
  std::vector<long> length(static_cast<std::size_t>(w.end - w.first), 0);
  auto len = [&](long i) -> long& { return length[static_cast<std::size_t>(i - w.first)]; };
  long b = -1;
  for (long i = w.first; i < w.end; ++i) {
    if (!usable(smoothed, i)) continue;
    len(i) = 1;
    for (long j = w.first; j < i; ++j) {
      if (len(j) > 0 &&
          smoothed[static_cast<std::size_t>(j)] > smoothed[static_cast<std::size_t>(i)])
        len(i) = std::max(len(i), len(j) + 1);
    }
    if (b < 0 || len(i) > len(b)) b = i;  // strictly longer: the lowest b wins a tie
  }
  if (b < 0 || len(b) < 2) return none();
  // The valley is as wide as the subsequence is long and ends at its bottom b. Anchoring it there
  // (rather than at the subsequence's first element) keeps a noisy plateau, through which a
  // decreasing subsequence can thread a few points from far back, from dragging the suggestion
  // back into it.
  const long a = b - (len(b) - 1);
  const long span = b - a;
  return at(rates, smoothed, a + span / 3 + span / 6);
}

LrRangeTest::LrRangeTest(const Settings& settings, const RangeTestConfig& config)
    : settings_(settings), config_(config), planned_(range_test_rates(config)) {
  // The rate of every step is set from outside: a constant schedule (which returns the rate in
  // force), evaluated per step, and no plateau callback.
  const ScheduleInfo& constant = find_schedule("constant");
  settings_.schedule.name = constant.name;
  settings_.schedule.granularity = Granularity::Step;
  settings_.schedule.params = default_values(constant.params);
  settings_.plateau.enabled = false;
  settings_.optimizer.learning_rate = config_.start;
  trainer_ = std::make_unique<Trainer>(settings_);
  result_.planned_steps = config_.steps;
  result_.rates.reserve(planned_.size());
  result_.loss.reserve(planned_.size());
  result_.smoothed.reserve(planned_.size());
  result_.steepest = result_.minimum_over_10 = result_.valley = none();
}

LrRangeTest::~LrRangeTest() = default;

double LrRangeTest::progress() const {
  if (done_) return 1.0;
  return static_cast<double>(result_.rates.size()) / static_cast<double>(planned_.size());
}

long LrRangeTest::advance(long steps) noexcept {
  long taken = 0;
  while (taken < steps && !done_) {
    const std::size_t i = result_.rates.size();
    const double rate = planned_[i];
    // The rate is valid (validated > 0 and finite), so this cannot throw.
    trainer_->set_learning_rate(rate);
    const History& h = trainer_->history();
    const std::size_t records = h.step_loss.size();
    trainer_->step();
    ++taken;
    double loss = kNaN;
    if (h.step_loss.size() > records) {
      loss = h.step_loss.back();  // the step went through (steps <= kMaxStepRecords: stride 1)
    } else if (!h.events.empty() && h.events.back().kind == Event::Kind::Diverged) {
      loss = h.events.back().monitored;  // the loss (or inf) that made the trainer stop
    }
    record(rate, loss);
    // A trainer that stopped (its own divergence rule, a non-finite validation loss) cannot
    // take another step; the test ends there too.
    if (trainer_->stopped()) result_.blew_up = true;
    if (result_.blew_up || result_.rates.size() >= planned_.size()) finish();
  }
  return taken;
}

void LrRangeTest::record(double rate, double loss) noexcept {
  average_ = kRangeTestBeta * average_ + (1 - kRangeTestBeta) * loss;
  beta_power_ *= kRangeTestBeta;
  const double smoothed = average_ / (1 - beta_power_);
  result_.rates.push_back(rate);
  result_.loss.push_back(loss);
  result_.smoothed.push_back(smoothed);
  if (!std::isfinite(smoothed) ||
      (result_.smoothed.size() > 1 && smoothed > kRangeTestStopFactor * min_smoothed_)) {
    result_.blew_up = true;
    return;
  }
  if (result_.smoothed.size() == 1 || smoothed < min_smoothed_) min_smoothed_ = smoothed;
}

void LrRangeTest::finish() noexcept {
  done_ = true;
  result_.steepest = suggest_steepest(result_.rates, result_.smoothed);
  result_.minimum_over_10 = suggest_minimum_over_10(result_.rates, result_.smoothed);
  result_.valley = suggest_valley(result_.rates, result_.smoothed);
  trainer_.reset();  // the curve is all that is needed now
}

}  // namespace lrlab
