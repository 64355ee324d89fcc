#include "core/experiments/range_test.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>

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
// fastai's lr_find window: skip the first tenth of the planned steps and the last five points.
constexpr long kSkipEnd = 5;

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
  long first, end;  // [first, end) in curve indices; empty when end <= first
  long size() const { return end > first ? end - first : 0; }
};

// fastai's [n//10 : -5] of the recorded points, cut before the first non-finite one.
Window window(const std::vector<double>& smoothed, long planned_steps) {
  const long m = static_cast<long>(smoothed.size());
  Window w{std::max(planned_steps, 0L) / 10, m - kSkipEnd};
  for (long j = w.first; j < w.end; ++j) {
    if (!std::isfinite(smoothed[static_cast<std::size_t>(j)])) {
      w.end = j;
      break;
    }
  }
  return w;
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

Suggestion suggest_steepest(const std::vector<double>& rates, const std::vector<double>& smoothed,
                            long planned_steps) {
  check_sizes(rates, smoothed);
  const Window w = window(smoothed, planned_steps);
  if (w.size() < 2) return none();
  long best = -1;
  double best_slope = 0;
  for (long i = w.first; i + 1 < w.end; ++i) {
    const std::size_t u = static_cast<std::size_t>(i);
    const double slope =
        (smoothed[u + 1] - smoothed[u]) / (dm::log(rates[u + 1]) - dm::log(rates[u]));
    if (best < 0 || slope < best_slope) {  // strictly smaller: the first wins a tie
      best_slope = slope;
      best = i;
    }
  }
  return at(rates, smoothed, best);
}

Suggestion suggest_minimum_over_10(const std::vector<double>& rates,
                                   const std::vector<double>& smoothed, long planned_steps) {
  check_sizes(rates, smoothed);
  const Window w = window(smoothed, planned_steps);
  if (w.size() < 1) return none();
  long best = w.first;
  for (long j = w.first + 1; j < w.end; ++j) {
    if (smoothed[static_cast<std::size_t>(j)] < smoothed[static_cast<std::size_t>(best)]) best = j;
  }
  Suggestion s = at(rates, smoothed, best);
  s.rate /= 10;
  return s;
}

Suggestion suggest_valley(const std::vector<double>& rates, const std::vector<double>& smoothed,
                          long planned_steps) {
  check_sizes(rates, smoothed);
  const Window w = window(smoothed, planned_steps);
  const long k = w.size();
  if (k < 1) return none();
  auto s = [&](long v) { return smoothed[static_cast<std::size_t>(w.first + v)]; };
  // lds[v]: the longest strictly decreasing subsequence ending at window point v. O(k^2) over at
  // most kMaxSteps points, once per test.
  std::vector<long> lds(static_cast<std::size_t>(k), 1);
  long b = 0;
  for (long i = 1; i < k; ++i) {
    long& here = lds[static_cast<std::size_t>(i)];
    for (long j = 0; j < i; ++j) {
      if (s(i) < s(j)) here = std::max(here, lds[static_cast<std::size_t>(j)] + 1);
    }
    if (here > lds[static_cast<std::size_t>(b)]) b = i;  // strictly longer: the first b wins
  }
  const long longest = lds[static_cast<std::size_t>(b)];
  // fastai's start stays at 0 until some lds exceeds 1; after that a = b - lds[b].
  const long a = longest > 1 ? b - longest : 0;
  const long span = b - a;
  const long v = std::max(a + span / 3 + span / 6, 0L);
  return at(rates, smoothed, w.first + v);
}

LrRangeTest::LrRangeTest(const Settings& settings, const RangeTestConfig& config, TableRef table)
    : settings_(settings), config_(config), planned_(range_test_rates(config)) {
  // The rate of every step is set from outside: a constant schedule (which returns the rate in
  // force), evaluated per step, and no callbacks (no plateau cut, no early stop).
  const ScheduleInfo& constant = find_schedule("constant");
  settings_.schedule.name = constant.name;
  settings_.schedule.granularity = Granularity::Step;
  settings_.schedule.params = default_values(constant.params);
  settings_.plateau.enabled = false;
  settings_.early_stopping.enabled = false;
  settings_.optimizer.learning_rate = config_.start;
  trainer_ = std::make_unique<Trainer>(settings_, std::move(table));
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
  const long n = result_.planned_steps;
  result_.steepest = suggest_steepest(result_.rates, result_.smoothed, n);
  result_.minimum_over_10 = suggest_minimum_over_10(result_.rates, result_.smoothed, n);
  result_.valley = suggest_valley(result_.rates, result_.smoothed, n);
  trainer_.reset();  // the curve is all that is needed now
}

}  // namespace lrlab
