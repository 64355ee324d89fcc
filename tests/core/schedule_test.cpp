// Every schedule against its closed form, written here again with plain <cmath> (not by calling
// the code under test), at ordinary positions and at the boundaries where off-by-one mistakes hide.
#include "core/schedule/schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "core/error.h"
#include "tests/support/error_of.h"

namespace {

using lrlab::Granularity;
using lrlab::ParamValues;
using lrlab::Schedule;
using lrlab::ScheduleInput;

const double kPi = std::acos(-1.0);

std::unique_ptr<Schedule> make(const std::string& name, const ParamValues& values = {}) {
  return lrlab::find_schedule(name).make(values);
}

double at(const Schedule& schedule, long s, double lr0 = 0.1,
          Granularity granularity = Granularity::Step) {
  ScheduleInput in;
  in.granularity = granularity;
  in.step = s;
  in.epoch = s;
  in.lr0 = lr0;
  in.lr = lr0;
  return schedule.rate(in);
}

void expect_rel(double actual, double expected, const std::string& where = "") {
  EXPECT_NEAR(actual, expected, 1e-12 * std::fabs(expected)) << where;
}

using lrlab_test::error_of;

TEST(ScheduleRegistry, ListsEveryScheduleAndEachBuildsWithItsDefaults) {
  const std::vector<std::string> expected = {
      "constant",     "tutorial",   "step",          "multistep",   "exponential",
      "inverse_time", "polynomial", "piecewise",     "cosine",      "cosine_restarts",
      "cyclic",       "one_cycle",  "linear_warmup", "constant_lr", "linear_lr",
      "wsd",          "sequential", "chained",       "formula"};
  ASSERT_EQ(lrlab::schedule_registry().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const lrlab::ScheduleInfo& info = lrlab::schedule_registry()[i];
    EXPECT_EQ(info.name, expected[i]);
    EXPECT_FALSE(info.label.empty());
    EXPECT_FALSE(info.summary.empty());
    for (const lrlab::ParamSpec& p : info.params) EXPECT_FALSE(p.meaning.empty()) << p.name;
    auto schedule = info.make(lrlab::default_values(info.params));
    // A long preview at both granularities: defaults never produce an unusable rate.
    EXPECT_EQ(lrlab::preview_schedule(*schedule, Granularity::Step, 0.1, 3000, 16).size(), 3000u);
    EXPECT_EQ(lrlab::preview_schedule(*schedule, Granularity::Epoch, 0.1, 300, 16).size(), 300u);
  }
  EXPECT_EQ(&lrlab::find_schedule("cosine"), &lrlab::schedule_registry()[8]);
}

TEST(ScheduleRegistry, UnknownNameListsTheKnownOnes) {
  const std::string message = error_of([] { lrlab::find_schedule("cosin"); });
  EXPECT_EQ(message.find("schedule.name: \"cosin\" is not allowed (must be one of constant, "), 0u)
      << message;
  EXPECT_NE(message.find("one_cycle"), std::string::npos);
}

TEST(ScheduleRegistry, GranularityNames) {
  EXPECT_EQ(lrlab::parse_granularity("epoch"), Granularity::Epoch);
  EXPECT_EQ(lrlab::parse_granularity("step"), Granularity::Step);
  EXPECT_STREQ(lrlab::granularity_name(Granularity::Step), "step");
  EXPECT_EQ(error_of([] { lrlab::parse_granularity("batch"); }),
            "schedule.granularity: \"batch\" is not allowed (must be \"epoch\" or \"step\")");
}

TEST(Constant, ReturnsTheRateInForceSoPlateauCutsPersist) {
  auto schedule = make("constant");
  ScheduleInput in;
  in.lr0 = 0.1;
  in.lr = 0.02;
  in.epoch = 7;
  EXPECT_EQ(schedule->rate(in), 0.02);
}

TEST(StepDecay, DropsExactlyAtMultiplesOfStepSize) {
  ParamValues v;
  v.numbers = {{"step_size", 10}, {"gamma", 0.5}};
  auto schedule = make("step", v);
  for (long s : {0L, 9L, 10L, 19L, 20L, 35L, 100L})
    expect_rel(at(*schedule, s), 0.1 * std::pow(0.5, std::floor(s / 10.0)), std::to_string(s));
  EXPECT_EQ(at(*schedule, 9), 0.1);
  expect_rel(at(*schedule, 10), 0.05);
}

TEST(MultiStep, AMilestoneIsTheFirstPositionAtTheLowerRate) {
  ParamValues v;
  v.lists = {{"milestones", {3, 7, 12}}};
  v.numbers = {{"gamma", 0.1}};
  auto schedule = make("multistep", v);
  const double expected[] = {0.1,  0.1,  0.1,  0.01, 0.01, 0.01, 0.01,
                             1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-4, 1e-4};
  for (long s = 0; s < 14; ++s) expect_rel(at(*schedule, s), expected[s], std::to_string(s));
  expect_rel(at(*schedule, 1000), 1e-4);
}

TEST(MultiStep, MilestonesMustBeStrictlyIncreasing) {
  ParamValues v;
  v.lists = {{"milestones", {5, 3}}};
  EXPECT_EQ(
      error_of([&] { make("multistep", v); }).find("schedule.milestones[1]: 3 is not allowed"), 0u);
  v.lists = {{"milestones", {3, 3}}};
  EXPECT_NE(error_of([&] { make("multistep", v); }).find("strictly increasing"), std::string::npos);
  v.lists = {{"milestones", {-1}}};
  EXPECT_EQ(error_of([&] { make("multistep", v); }).find("schedule.milestones[0]: -1"), 0u);
}

TEST(Exponential, SmoothAndStaircase) {
  ParamValues v;
  v.numbers = {{"decay_steps", 10}, {"decay_rate", 0.5}};
  auto smooth = make("exponential", v);
  v.numbers["staircase"] = 1;
  auto stairs = make("exponential", v);
  for (long s : {0L, 5L, 9L, 10L, 15L, 25L, 200L}) {
    expect_rel(at(*smooth, s), 0.1 * std::pow(0.5, s / 10.0), std::to_string(s));
    expect_rel(at(*stairs, s), 0.1 * std::pow(0.5, std::floor(s / 10.0)), std::to_string(s));
  }
  expect_rel(at(*stairs, 9), 0.1);
  expect_rel(at(*stairs, 10), 0.05);
}

TEST(InverseTime, SmoothAndStaircase) {
  ParamValues v;
  v.numbers = {{"decay_steps", 10}, {"decay_rate", 0.5}};
  auto smooth = make("inverse_time", v);
  v.numbers["staircase"] = 1;
  auto stairs = make("inverse_time", v);
  for (long s : {0L, 5L, 10L, 19L, 20L, 1000L}) {
    expect_rel(at(*smooth, s), 0.1 / (1 + 0.5 * s / 10.0), std::to_string(s));
    expect_rel(at(*stairs, s), 0.1 / (1 + 0.5 * std::floor(s / 10.0)), std::to_string(s));
  }
  expect_rel(at(*smooth, 20), 0.05);
}

TEST(Polynomial, ReachesTheEndRateAtNAndStaysThere) {
  ParamValues v;
  v.numbers = {{"decay_steps", 100}, {"end_learning_rate", 1e-4}, {"power", 2}};
  auto schedule = make("polynomial", v);
  for (long s : {0L, 1L, 50L, 99L, 100L, 150L}) {
    const double t = std::min<double>(s, 100) / 100;
    expect_rel(at(*schedule, s), (0.1 - 1e-4) * (1 - t) * (1 - t) + 1e-4, std::to_string(s));
  }
  expect_rel(at(*schedule, 100), 1e-4);
  expect_rel(at(*schedule, 50), (0.1 - 1e-4) * 0.25 + 1e-4);
}

TEST(Piecewise, ValueHoldsThroughItsBoundaryInclusive) {
  ParamValues v;
  v.lists = {{"boundaries", {5, 10}}, {"values", {1.0, 0.5, 0.1}}};
  auto schedule = make("piecewise", v);
  EXPECT_EQ(at(*schedule, 0), 1.0);
  EXPECT_EQ(at(*schedule, 5), 1.0);
  EXPECT_EQ(at(*schedule, 6), 0.5);
  EXPECT_EQ(at(*schedule, 10), 0.5);  // the last boundary still has the previous value
  EXPECT_EQ(at(*schedule, 11), 0.1);
  EXPECT_EQ(at(*schedule, 1000), 0.1);
  EXPECT_EQ(at(*schedule, 3, /*lr0=*/7.0), 1.0);  // absolute values: lr0 is not used
}

TEST(Piecewise, CrossFieldChecks) {
  ParamValues v;
  v.lists = {{"boundaries", {5, 10}}, {"values", {1.0, 0.5}}};
  EXPECT_EQ(error_of([&] { make("piecewise", v); }),
            "schedule.values: 2 values is not allowed (must be one more than the 2 boundaries)");
  v.lists = {{"boundaries", {10, 5}}, {"values", {1.0, 0.5, 0.1}}};
  EXPECT_EQ(error_of([&] { make("piecewise", v); }).find("schedule.boundaries[1]: 5"), 0u);
  v.lists = {{"boundaries", {5}}, {"values", {1.0, 0.0}}};
  EXPECT_EQ(error_of([&] { make("piecewise", v); }).find("schedule.values[1]: 0 is not allowed"),
            0u);
}

TEST(Cosine, DecaysToAlphaTimesTheStartAtNThenHolds) {
  ParamValues v;
  v.numbers = {{"decay_steps", 100}, {"alpha", 0.1}};
  auto schedule = make("cosine", v);
  for (long s : {0L, 25L, 50L, 99L, 100L, 150L}) {
    const double t = std::min<double>(s, 100);
    expect_rel(at(*schedule, s), 0.1 * (0.9 * 0.5 * (1 + std::cos(kPi * t / 100)) + 0.1),
               std::to_string(s));
  }
  expect_rel(at(*schedule, 0), 0.1);
  expect_rel(at(*schedule, 50), 0.1 * (0.45 + 0.1));
  expect_rel(at(*schedule, 100), 0.1 * 0.1);  // end of the cosine
}

TEST(Cosine, LinearWarmupToATargetThenCosine) {
  ParamValues v;
  v.numbers = {
      {"decay_steps", 100}, {"alpha", 0.1}, {"warmup_steps", 10}, {"warmup_target_factor", 2}};
  auto schedule = make("cosine", v);
  expect_rel(at(*schedule, 0), 0.1);
  expect_rel(at(*schedule, 5), 0.15);
  expect_rel(at(*schedule, 10), 0.2);  // warm-up done: the cosine starts at the target
  for (long s : {11L, 60L, 109L, 110L, 500L}) {
    const double t = std::min<double>(s - 10, 100);
    expect_rel(at(*schedule, s), 0.2 * (0.9 * 0.5 * (1 + std::cos(kPi * t / 100)) + 0.1),
               std::to_string(s));
  }
  expect_rel(at(*schedule, 110), 0.02);
}

// Warm restarts, restated as a walk over the cycles.
double restarts_reference(long s, double lr0, double n0, double t_mul, double m_mul, double alpha) {
  double start = 0, length = n0, peak = 1;
  while (s >= start + length) {
    start += length;
    length *= t_mul;
    peak *= m_mul;
  }
  const double f = (s - start) / length;
  return lr0 * ((1 - alpha) * peak * 0.5 * (1 + std::cos(kPi * f)) + alpha);
}

TEST(CosineRestarts, RestartPointsGetTheReducedPeak) {
  ParamValues v;
  v.numbers = {{"first_decay_steps", 10}, {"t_mul", 2}, {"m_mul", 0.5}, {"alpha", 0}};
  auto schedule = make("cosine_restarts", v);
  // Cycles [0,10) [10,30) [30,70) [70,150) [150,310).
  expect_rel(at(*schedule, 0), 0.1);
  expect_rel(at(*schedule, 10), 0.05);
  expect_rel(at(*schedule, 30), 0.025);
  expect_rel(at(*schedule, 70), 0.0125);
  expect_rel(at(*schedule, 150), 0.00625);
  expect_rel(at(*schedule, 20), 0.025);  // half-way through the second cycle
  for (long s = 0; s < 400; ++s)
    expect_rel(at(*schedule, s), restarts_reference(s, 0.1, 10, 2, 0.5, 0), std::to_string(s));
  EXPECT_GT(at(*schedule, 29), 0);
  EXPECT_LT(at(*schedule, 29), 0.001);  // end of a cycle (peak 0.05), just before the restart
}

TEST(CosineRestarts, EqualCyclesAndFractionalGrowth) {
  ParamValues v;
  v.numbers = {{"first_decay_steps", 8}, {"t_mul", 1}, {"m_mul", 0.9}, {"alpha", 0.05}};
  auto equal = make("cosine_restarts", v);
  v.numbers = {{"first_decay_steps", 4}, {"t_mul", 1.5}, {"m_mul", 1}, {"alpha", 0.01}};
  auto growing = make("cosine_restarts", v);  // restarts at 4, 10, 19, 32.5
  for (long s = 0; s < 300; ++s) {
    expect_rel(at(*equal, s), restarts_reference(s, 0.1, 8, 1, 0.9, 0.05), std::to_string(s));
    expect_rel(at(*growing, s), restarts_reference(s, 0.1, 4, 1.5, 1, 0.01), std::to_string(s));
  }
  expect_rel(at(*equal, 16), 0.1 * (0.95 * 0.81 + 0.05));
  expect_rel(at(*growing, 19), 0.1);
}

double cyclic_reference(long s, double base, double max, double h, const std::string& mode,
                        double gamma) {
  const double cycle = std::floor(1 + s / (2 * h));
  const double x = std::fabs(s / h - 2 * cycle + 1);
  double scale = 1;
  if (mode == "triangular2") scale = 1 / std::pow(2.0, cycle - 1);
  if (mode == "exp_range") scale = std::pow(gamma, s);
  return base + (max - base) * std::max(0.0, 1 - x) * scale;
}

TEST(Cyclic, TriangularCycleEndsAtTheBaseAndPeaksMidway) {
  ParamValues v;
  v.numbers = {{"step_size", 5}, {"max_factor", 4}};
  auto schedule = make("cyclic", v);
  expect_rel(at(*schedule, 0), 0.1);
  expect_rel(at(*schedule, 5), 0.4);
  expect_rel(at(*schedule, 10), 0.1);  // cycle end
  expect_rel(at(*schedule, 12), 0.1 + 0.3 * 0.4);
  expect_rel(at(*schedule, 15), 0.4);
  for (long s = 0; s < 60; ++s)
    expect_rel(at(*schedule, s), cyclic_reference(s, 0.1, 0.4, 5, "triangular", 1),
               std::to_string(s));
}

TEST(Cyclic, Triangular2HalvesTheAmplitudeEachCycle) {
  ParamValues v;
  v.numbers = {{"step_size", 5}, {"max_factor", 4}};
  v.texts = {{"mode", "triangular2"}};
  auto schedule = make("cyclic", v);
  expect_rel(at(*schedule, 5), 0.4);
  expect_rel(at(*schedule, 15), 0.1 + 0.15);
  expect_rel(at(*schedule, 25), 0.1 + 0.075);
  expect_rel(at(*schedule, 20), 0.1);
  for (long s = 0; s < 60; ++s)
    expect_rel(at(*schedule, s), cyclic_reference(s, 0.1, 0.4, 5, "triangular2", 1),
               std::to_string(s));
}

TEST(Cyclic, ExpRangeShrinksByGammaPowerS) {
  ParamValues v;
  v.numbers = {{"step_size", 5}, {"max_factor", 4}, {"gamma", 0.9}};
  v.texts = {{"mode", "exp_range"}};
  auto schedule = make("cyclic", v);
  expect_rel(at(*schedule, 5), 0.1 + 0.3 * std::pow(0.9, 5));
  for (long s = 0; s < 60; ++s)
    expect_rel(at(*schedule, s), cyclic_reference(s, 0.1, 0.4, 5, "exp_range", 0.9),
               std::to_string(s));
}

TEST(Cyclic, PeakMustExceedTheBase) {
  ParamValues v;
  v.numbers = {{"max_factor", 1}};
  EXPECT_EQ(error_of([&] { make("cyclic", v); }).find("schedule.max_factor: 1 is not allowed"), 0u);
  v.numbers = {};
  v.texts = {{"mode", "sawtooth"}};
  EXPECT_EQ(error_of([&] { make("cyclic", v); }),
            "schedule.mode: \"sawtooth\" is not allowed (must be one of \"triangular\", "
            "\"triangular2\", \"exp_range\")");
}

double one_cycle_reference(long s, double max, double n) {
  const double start = max / 25, end = start / 1e4;
  const double a = 0.3 * n - 1, b = n - 1;
  auto anneal = [](double from, double to, double p) {
    return to + (from - to) / 2 * (std::cos(kPi * p) + 1);
  };
  if (s <= a) return anneal(start, max, s / a);
  return anneal(max, end, std::min((s - a) / (b - a), 1.0));
}

TEST(OneCycle, RisesToLr0AtThePeakAndEndsFarBelowTheStart) {
  ParamValues v;
  v.numbers = {{"total_steps", 100}};
  auto schedule = make("one_cycle", v);
  expect_rel(at(*schedule, 0), 0.1 / 25);
  expect_rel(at(*schedule, 29), 0.1);             // peak: 0.3 * 100 - 1
  expect_rel(at(*schedule, 99), 0.1 / 25 / 1e4);  // end
  expect_rel(at(*schedule, 500), 0.1 / 25 / 1e4);
  for (long s = 0; s < 120; ++s)
    expect_rel(at(*schedule, s), one_cycle_reference(s, 0.1, 100), std::to_string(s));
}

TEST(OneCycle, BothPhasesMustHaveLength) {
  ParamValues v;
  v.numbers = {{"total_steps", 3}};
  EXPECT_EQ(error_of([&] { make("one_cycle", v); }).find("schedule.pct_start: 0.3 is not allowed"),
            0u);
}

TEST(LinearWarmup, FromAThirdToLr0OverTotalIters) {
  auto schedule = make("linear_warmup");  // start_factor 1/3, total_iters 5
  for (long s : {0L, 1L, 3L, 5L, 9L}) {
    const double t = std::min<double>(s, 5) / 5;
    expect_rel(at(*schedule, s), 0.1 * (1.0 / 3 + (2.0 / 3) * t), std::to_string(s));
  }
  expect_rel(at(*schedule, 0), 0.1 / 3);
  expect_rel(at(*schedule, 5), 0.1);
}

TEST(Tutorial, FlatThenJumpsUpThenDecays) {
  auto schedule = make("tutorial");
  const double e0 = at(*schedule, 0, 0.5, Granularity::Epoch);
  const double e4 = at(*schedule, 4, 0.5, Granularity::Epoch);
  const double e5 = at(*schedule, 5, 0.5, Granularity::Epoch);
  EXPECT_EQ(e0, 0.01);
  EXPECT_EQ(e4, 0.01);
  expect_rel(e5, 0.01 * std::exp(0.5));
  EXPECT_NEAR(e5, 0.0164872127070013, 1e-15);
  EXPECT_GT(e5, e4);  // the upward jump the page points out
  expect_rel(at(*schedule, 10, 0.5, Granularity::Epoch), 0.01);
  expect_rel(at(*schedule, 20, 0.5, Granularity::Epoch), 0.01 * std::exp(-1.0));
  // A function of the epoch even when asked per step.
  ScheduleInput in;
  in.granularity = Granularity::Step;
  in.epoch = 5;
  in.step = 2;
  expect_rel(schedule->rate(in), 0.01 * std::exp(0.5));
}

TEST(Granularity, ClosedFormsReadTheChosenCounter) {
  ParamValues v;
  v.numbers = {{"step_size", 2}, {"gamma", 0.5}};
  auto schedule = make("step", v);
  ScheduleInput in;
  in.lr0 = 1;
  in.epoch = 1;
  in.step = 40;
  in.granularity = Granularity::Epoch;
  EXPECT_EQ(schedule->rate(in), 1.0);
  in.granularity = Granularity::Step;
  expect_rel(schedule->rate(in), std::pow(0.5, 20));
}

TEST(Preview, FillsEpochAndStepConsistently) {
  ParamValues v;
  v.texts = {{"expression", "1 + step + 1000 * epoch"}};
  auto schedule = make("formula", v);
  const auto per_epoch = lrlab::preview_schedule(*schedule, Granularity::Epoch, 0.1, 3, 16);
  EXPECT_EQ(per_epoch, (std::vector<double>{1, 1 + 16 + 1000, 1 + 32 + 2000}));
  const auto per_step = lrlab::preview_schedule(*schedule, Granularity::Step, 0.1, 18, 16);
  EXPECT_EQ(per_step[15], 16);
  EXPECT_EQ(per_step[16], 1 + 16 + 1000);
  EXPECT_TRUE(lrlab::preview_schedule(*schedule, Granularity::Step, 0.1, 0).empty());
}

TEST(Preview, ErrorsNameTheEpochOrStep) {
  ParamValues v;
  v.texts = {{"expression", "lr0 * (1 - epoch / 4)"}};
  auto linear = make("formula", v);
  EXPECT_EQ(error_of([&] { lrlab::preview_schedule(*linear, Granularity::Epoch, 0.1, 10); }),
            "schedule: rate at epoch 4 is 0, must be a finite number > 0");
  v.texts = {{"expression", "0.1 - 0.01 * step"}};
  auto negative = make("formula", v);
  EXPECT_EQ(error_of([&] {
              lrlab::preview_schedule(*negative, Granularity::Step, 0.1, 20, 8);
            }).find("schedule: rate at step 10 (epoch 1) is 0, must be a finite number > 0"),
            0u);
  v.texts = {{"expression", "1 / (3 - epoch)"}};
  auto pole = make("formula", v);
  EXPECT_EQ(error_of([&] { lrlab::preview_schedule(*pole, Granularity::Epoch, 0.1, 10); }),
            "schedule: rate at epoch 3: division by zero at position 3");
  v.texts = {{"expression", "exp(epoch * 100)"}};
  auto overflow = make("formula", v);
  EXPECT_EQ(error_of([&] { lrlab::preview_schedule(*overflow, Granularity::Epoch, 0.1, 10); }),
            "schedule: rate at epoch 8: value too large (not a finite number) at position 1");
}

TEST(Preview, RejectsBadArguments) {
  auto schedule = make("constant");
  EXPECT_EQ(error_of([&] {
              lrlab::preview_schedule(*schedule, Granularity::Epoch, -1, 10);
            }).find("optimizer.learning_rate: -1 is not allowed"),
            0u);
  EXPECT_EQ(error_of([&] {
              lrlab::preview_schedule(*schedule, Granularity::Epoch, 0.1, -1);
            }).find("preview.count: -1"),
            0u);
  EXPECT_EQ(error_of([&] {
              lrlab::preview_schedule(*schedule, Granularity::Step, 0.1, 5, 0);
            }).find("preview.steps_per_epoch: 0"),
            0u);
}

TEST(ScheduleParams, RangesAreCheckedWithTheFieldName) {
  ParamValues v;
  v.numbers = {{"gamma", 0}};
  EXPECT_EQ(error_of([&] { make("step", v); }),
            "schedule.gamma: 0 is not allowed (must be a finite number > 0 and <= 1)");
  v.numbers = {{"step_size", 2.5}};
  EXPECT_EQ(error_of([&] { make("step", v); }).find("schedule.step_size: 2.5 is not allowed"), 0u);
  v.numbers = {{"alpha", 0}};
  EXPECT_EQ(error_of([&] { make("cosine", v); }).find("schedule.alpha: 0 is not allowed"), 0u);
  v = {};
  v.texts = {{"expression", "0.01 * exp(-0.1 * epoch"}};
  EXPECT_EQ(error_of([&] { make("formula", v); }),
            "schedule.expression: expected ')' at position 24 to close the '(' at position 11, "
            "found end of input");
}

}  // namespace
