// The LR range test: the curve on the spiral (falls, then blows up and stops early), the exact
// rate of each step, slicing, and each suggestion rule on crafted curves whose answers are worked
// out by hand in the comments.
#include "core/experiments/range_test.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

using lrlab::LrRangeTest;
using lrlab::RangeTestConfig;
using lrlab::Suggestion;

// The spiral with the page's default network (2-16-16-1 tanh, binary cross-entropy), batch 32.
// Adam by default: within a few hundred steps it takes the loss visibly down before blowing it up,
// where plain SGD barely moves the spiral's loss in that many steps.
lrlab::Settings spiral_settings(const std::string& optimizer = R"({"name": "adam"})",
                                const std::string& extra = "", int seed = 2) {
  return lrlab::parse_settings(R"({"seed": )" + std::to_string(seed) +
                               R"(, "problem": {"name": "spiral", "samples": 512},
                                   "model": {"hidden": [16, 16], "activation": "tanh"},
                                   "optimizer": )" +
                               optimizer + R"(, "batch_size": 32)" + extra + "}");
}

const char* const kSgd = R"({"name": "sgd", "learning_rate": 0.05})";

// The spec's range (1e-7 to 10) in 800 steps: 100 per decade, so the few decades where the spiral
// learns get enough steps to show it.
constexpr int kSpiralSteps = 800;

RangeTestConfig config(double start, double end, int steps) {
  RangeTestConfig c;
  c.start = start;
  c.end = end;
  c.steps = steps;
  return c;
}

bool same(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

bool same(const Suggestion& a, const Suggestion& b) {
  return std::memcmp(&a.rate, &b.rate, sizeof(double)) == 0 && a.index == b.index &&
         std::memcmp(&a.loss, &b.loss, sizeof(double)) == 0;
}

// ---- The curve on the spiral ----

class SpiralRangeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    test_ = new LrRangeTest(spiral_settings(), config(1e-7, 10, kSpiralSteps));
    test_->run_all();
  }
  static void TearDownTestSuite() {
    delete test_;
    test_ = nullptr;
  }
  static LrRangeTest* test_;
};
LrRangeTest* SpiralRangeTest::test_ = nullptr;

TEST(RangeTest, DefaultsAreTheSpecs) {
  const RangeTestConfig defaults;
  EXPECT_EQ(defaults.start, 1e-7);
  EXPECT_EQ(defaults.end, 10.0);
  EXPECT_EQ(defaults.steps, 100);
  EXPECT_EQ(lrlab::kRangeTestBeta, 0.98);
  EXPECT_EQ(lrlab::kRangeTestStopFactor, 4.0);
}

TEST_F(SpiralRangeTest, RatesAreLogSpacedFromStartToEnd) {
  const auto& r = test_->result().rates;
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(test_->result().planned_steps, kSpiralSteps);
  EXPECT_EQ(r.front(), 1e-7);
  for (std::size_t i = 0; i < r.size(); ++i)
    EXPECT_NEAR(r[i], 1e-7 * std::pow(1e8, i / (kSpiralSteps - 1.0)), 1e-13 * r[i]) << i;
  const std::vector<double> planned = lrlab::range_test_rates(RangeTestConfig());
  ASSERT_EQ(planned.size(), 100u);
  EXPECT_EQ(planned.front(), 1e-7);
  EXPECT_EQ(planned.back(), 10.0);
}

TEST_F(SpiralRangeTest, SmoothedIsTheBiasCorrectedAverage) {
  const auto& res = test_->result();
  ASSERT_EQ(res.smoothed.size(), res.loss.size());
  double avg = 0;
  for (std::size_t i = 0; i < res.loss.size(); ++i) {
    avg = 0.98 * avg + 0.02 * res.loss[i];
    const double expected = avg / (1 - std::pow(0.98, static_cast<double>(i + 1)));
    if (std::isfinite(expected)) {
      EXPECT_NEAR(res.smoothed[i], expected, 1e-12 * std::fabs(expected)) << i;
    } else {
      EXPECT_FALSE(std::isfinite(res.smoothed[i])) << i;
    }
  }
  // Bias correction undoes the average's start at 0.
  EXPECT_NEAR(res.smoothed[0], res.loss[0], 1e-14 * res.loss[0]);
  EXPECT_NEAR(res.loss[0], std::log(2.0), 0.1);  // an untrained binary classifier
}

TEST_F(SpiralRangeTest, StopsEarlyWhenTheSmoothedLossBlowsUp) {
  const auto& res = test_->result();
  EXPECT_TRUE(test_->done());
  EXPECT_EQ(test_->progress(), 1.0);
  EXPECT_TRUE(res.blew_up);
  EXPECT_LT(res.rates.size(), static_cast<std::size_t>(kSpiralSteps));
  EXPECT_GT(res.rates.size(), static_cast<std::size_t>(kSpiralSteps / 2));
  // Every point before the last stays within 4x the running minimum; the last one does not.
  double lowest = res.smoothed[0];
  for (std::size_t i = 0; i + 1 < res.smoothed.size(); ++i) {
    lowest = std::min(lowest, res.smoothed[i]);
    EXPECT_TRUE(std::isfinite(res.smoothed[i])) << i;
    EXPECT_LE(res.smoothed[i], 4 * lowest) << i;
  }
  const double last = res.smoothed.back();
  EXPECT_TRUE(!std::isfinite(last) || last > 4 * lowest) << last << " vs " << lowest;
}

void expect_suggestions_between_fall_and_blow_up(const lrlab::RangeTestResult& res) {
  const std::size_t m = res.smoothed.size();
  ASSERT_TRUE(res.blew_up);
  // Where the loss first falls: the first point 2% below the curve's settled start. The start is
  // read at m/10, where the suggestions' window begins: the first few points average only one
  // or two batches, so one lucky batch would otherwise set the bar.
  const double start = res.smoothed[m / 10];
  double first_fall = NAN;
  for (std::size_t i = m / 10; i < m; ++i) {
    if (res.smoothed[i] < 0.98 * start) {
      first_fall = res.rates[i];
      break;
    }
  }
  ASSERT_TRUE(std::isfinite(first_fall));
  // Where it blew up: the test's last point.
  const double blow_up = res.rates.back();
  ASSERT_LT(first_fall, blow_up);
  for (const Suggestion* s : {&res.valley, &res.steepest}) {
    EXPECT_GE(s->rate, first_fall);
    EXPECT_LT(s->rate, blow_up);
    ASSERT_GE(s->index, 0);
    EXPECT_EQ(s->rate, res.rates[static_cast<std::size_t>(s->index)]);
    EXPECT_EQ(s->loss, res.smoothed[static_cast<std::size_t>(s->index)]);
  }
  // The minimum lies past the first fall and before the blow-up; a tenth of it is the suggestion.
  const Suggestion& low = res.minimum_over_10;
  ASSERT_GE(low.index, 0);
  EXPECT_EQ(low.rate, res.rates[static_cast<std::size_t>(low.index)] / 10);
  EXPECT_GE(low.rate * 10, first_fall);
  EXPECT_LT(low.rate * 10, blow_up);
}

TEST_F(SpiralRangeTest, SuggestionsLieBetweenTheFirstFallAndTheBlowUp) {
  const auto& res = test_->result();
  expect_suggestions_between_fall_and_blow_up(res);
  // The suggestions read the finished curve, the same way the free functions do.
  EXPECT_TRUE(same(res.valley, lrlab::suggest_valley(res.rates, res.smoothed)));
  EXPECT_TRUE(same(res.steepest, lrlab::suggest_steepest(res.rates, res.smoothed)));
  EXPECT_TRUE(same(res.minimum_over_10, lrlab::suggest_minimum_over_10(res.rates, res.smoothed)));
}

TEST(RangeTest, SuggestionsLieBetweenTheFirstFallAndTheBlowUpForOtherSeeds) {
  for (int seed : {1, 3, 4}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    LrRangeTest test(spiral_settings(R"({"name": "adam"})", "", seed),
                     config(1e-7, 10, kSpiralSteps));
    test.run_all();
    expect_suggestions_between_fall_and_blow_up(test.result());
  }
}

TEST_F(SpiralRangeTest, EachStepRunsAtExactlyItsRate) {
  // The test's own settings: the user's optimizer and data, a constant per-step schedule, no
  // plateau. Replaying them step by step shows the trainer used lr_i for step i.
  const lrlab::Settings& s = test_->settings();
  EXPECT_EQ(s.schedule.name, "constant");
  EXPECT_EQ(s.schedule.granularity, lrlab::Granularity::Step);
  EXPECT_FALSE(s.plateau.enabled);
  EXPECT_EQ(s.optimizer.name, "adam");
  EXPECT_EQ(s.batch_size, 32);
  const auto& res = test_->result();
  lrlab::Trainer replay(s);
  for (std::size_t i = 0; i + 1 < res.rates.size(); ++i) {
    replay.set_learning_rate(res.rates[i]);
    ASSERT_TRUE(replay.step()) << i;
    EXPECT_EQ(replay.history().step_lr.back(), res.rates[i]) << i;
    EXPECT_EQ(replay.history().step_loss.back(), res.loss[i]) << i;
  }
}

TEST(RangeTest, TheUsersScheduleAndPlateauDoNotTouchTheRate) {
  // A fast-decaying per-step schedule and an eager plateau callback would change every rate if
  // they were in force; the curve must be identical to the constant one.
  LrRangeTest plain(spiral_settings(kSgd), config(1e-5, 1, 40));
  LrRangeTest busy(
      spiral_settings(kSgd, R"(, "schedule": {"name": "exponential", "granularity": "step",
                                                     "decay_steps": 1, "decay_rate": 0.5},
                                        "plateau": {"enabled": true, "patience": 0,
                                                    "monitor": "loss"})"),
      config(1e-5, 1, 40));
  plain.run_all();
  busy.run_all();
  EXPECT_TRUE(same(plain.result().rates, busy.result().rates));
  EXPECT_TRUE(same(plain.result().loss, busy.result().loss));
  EXPECT_TRUE(same(plain.result().smoothed, busy.result().smoothed));
}

TEST(RangeTest, PlainSgdWorksToo) {
  LrRangeTest sgd(spiral_settings(kSgd), config(1e-6, 100, 60));
  sgd.run_all();
  EXPECT_TRUE(sgd.done());
  EXPECT_EQ(sgd.settings().optimizer.name, "sgd");
  EXPECT_GT(sgd.result().rates.size(), 10u);
}

TEST(RangeTest, SlicingGivesExactlyTheSameCurve) {
  LrRangeTest whole(spiral_settings(), config(1e-5, 10, 300));
  whole.run_all();
  ASSERT_TRUE(whole.result().blew_up);  // slices must also get the early stop right
  ASSERT_LT(whole.result().rates.size(), 300u);
  for (long slice : {1L, 3L, 17L}) {
    LrRangeTest sliced(spiral_settings(), config(1e-5, 10, 300));
    EXPECT_EQ(sliced.progress(), 0.0);
    EXPECT_TRUE(std::isnan(sliced.result().valley.rate));  // no suggestion before the end
    double last = 0;
    while (!sliced.done()) {
      const long taken = sliced.advance(slice);
      EXPECT_GE(taken, 1);
      EXPECT_LE(taken, slice);
      EXPECT_GE(sliced.progress(), last);
      last = sliced.progress();
      if (!sliced.done()) {
        EXPECT_DOUBLE_EQ(last, static_cast<double>(sliced.result().rates.size()) / 300);
      }
    }
    EXPECT_EQ(sliced.progress(), 1.0);
    EXPECT_EQ(sliced.advance(5), 0);
    SCOPED_TRACE("slice " + std::to_string(slice));
    const auto& a = sliced.result();
    const auto& b = whole.result();
    EXPECT_TRUE(same(a.rates, b.rates));
    EXPECT_TRUE(same(a.loss, b.loss));
    EXPECT_TRUE(same(a.smoothed, b.smoothed));
    EXPECT_EQ(a.blew_up, b.blew_up);
    EXPECT_TRUE(same(a.steepest, b.steepest));
    EXPECT_TRUE(same(a.minimum_over_10, b.minimum_over_10));
    EXPECT_TRUE(same(a.valley, b.valley));
  }
}

TEST(RangeTest, ARangeThatNeverBlowsUpRunsAllSteps) {
  LrRangeTest gentle(spiral_settings(kSgd), config(1e-7, 1e-4, 30));
  gentle.run_all();
  EXPECT_FALSE(gentle.result().blew_up);
  EXPECT_EQ(gentle.result().rates.size(), 30u);
  EXPECT_EQ(gentle.result().rates.back(), 1e-4);
}

void expect_error(const RangeTestConfig& c, const std::string& field) {
  try {
    LrRangeTest test(spiral_settings(), c);
    ADD_FAILURE() << "no error for " << field;
  } catch (const lrlab::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(field + ": ", 0), 0u) << e.what();
  }
}

TEST(RangeTest, BadConfigsNameTheirField) {
  expect_error(config(0, 10, 100), "range_test.start");
  expect_error(config(-1e-7, 10, 100), "range_test.start");
  expect_error(config(NAN, 10, 100), "range_test.start");
  expect_error(config(10, 10, 100), "range_test.start");
  expect_error(config(1e-7, 2e6, 100), "range_test.end");
  expect_error(config(1e-7, NAN, 100), "range_test.end");
  expect_error(config(1e-7, 10, 1), "range_test.steps");
  expect_error(config(1e-7, 10, 10001), "range_test.steps");
  EXPECT_NO_THROW(lrlab::validate(config(1e-7, 1e6, 10000)));
  EXPECT_NO_THROW(lrlab::validate(config(1e-7, 1e-6, 2)));
}

// ---- Suggestion rules on crafted curves ----

// r_j = 10^(j/4): neighbours j-1 and j+1 are half a decade apart, so a central slope is
// (s[j+1] - s[j-1]) / 0.5.
std::vector<double> quarter_decades(std::size_t m) {
  std::vector<double> r(m);
  for (std::size_t j = 0; j < m; ++j) r[j] = std::pow(10.0, j / 4.0);
  return r;
}

// 20 points: the window is [20/10, 20-5) = [2, 15). Outside it, decoys that would win if the
// window were ignored: a steep drop at the start (j = 0..2) and lower losses in the first tenth
// (j = 1) and in the tail (j = 15).
const std::vector<double> kCurve = {3.0,  0.2,  1.0,  0.99, 0.97, 0.9, 0.8, 0.6, 0.45, 0.4,
                                    0.38, 0.37, 0.37, 0.38, 0.5,  0.1, 5.0, 9.0, 20.0, NAN};

TEST(Suggestions, SteepestIsTheMostNegativeCentralSlopeInsideTheWindow) {
  // Central slopes for j = 3..13 (j strictly inside [2, 15)):
  //   j3 (0.97-1.0)/.5 = -0.06, j4 (0.9-0.99)/.5 = -0.18, j5 (0.8-0.97)/.5 = -0.34,
  //   j6 (0.6-0.9)/.5 = -0.6,   j7 (0.45-0.8)/.5 = -0.7,  j8 (0.4-0.6)/.5 = -0.4,
  //   j9 -0.14, j10 -0.06, j11 -0.02, j12 +0.02, j13 +0.26.  Steepest: j = 7.
  // (A forward difference would say j = 6: (0.6-0.8)/.25 = -0.8 beats j7's -0.6. And j = 1,
  // outside the window, has the steepest central slope of all: (1.0-3.0)/.5 = -4.)
  const Suggestion s = lrlab::suggest_steepest(quarter_decades(20), kCurve);
  EXPECT_EQ(s.index, 7);
  EXPECT_DOUBLE_EQ(s.rate, std::pow(10.0, 7 / 4.0));
  EXPECT_EQ(s.loss, 0.6);
}

TEST(Suggestions, MinimumOver10IsATenthOfTheLowestPointInTheWindow) {
  // In [2, 15) the lowest is 0.37 at j = 11 and j = 12: the lower index wins. (0.2 at j = 1 and
  // 0.1 at j = 15 are outside.)
  const Suggestion s = lrlab::suggest_minimum_over_10(quarter_decades(20), kCurve);
  EXPECT_EQ(s.index, 11);
  EXPECT_DOUBLE_EQ(s.rate, std::pow(10.0, 11 / 4.0) / 10);
  EXPECT_EQ(s.loss, 0.37);
}

TEST(Suggestions, ValleyOfASmoothDescent) {
  // In [2, 15) the longest strictly decreasing subsequence is j = 2..11 (1.0 down to 0.37; j = 12
  // repeats 0.37, which is not strictly lower). a = 2, b = 11, L = 9: 2 + 3 + 1 = 6.
  const Suggestion s = lrlab::suggest_valley(quarter_decades(20), kCurve);
  EXPECT_EQ(s.index, 6);
  EXPECT_DOUBLE_EQ(s.rate, std::pow(10.0, 6 / 4.0));
  EXPECT_EQ(s.loss, 0.8);
}

TEST(Suggestions, ValleyStepsOverBumpsAndTheEarliestLongestWins) {
  // 30 points: window [3, 25).
  std::vector<double> s(30, 0.01);  // the tail j = 25..29 would extend any valley: outside
  s[0] = s[1] = s[2] = 100;         // the first tenth would start it earlier: outside
  // j = 3..12: down with bumps. 5, 4, 3, 2, 1.5, 1, 0.8 (j = 3,4,6,7,9,10,12) is strictly
  // decreasing, length 7; the bumps 4.5 (j5), 2.5 (j8), 1.2 (j11) can replace a neighbour but
  // never add one. Its bottom is b = 12.
  const double first[] = {5.0, 4.0, 4.5, 3.0, 2.0, 2.5, 1.5, 1.0, 1.2, 0.8};
  for (int j = 0; j < 10; ++j) s[3 + j] = first[j];
  // j = 13..19: a second descent of the same length 7 above everything before (9.0 .. 8.4), so it
  // cannot join the first; it ends later, so the first one (lower b) wins. j = 20..24 rise.
  for (int j = 13; j <= 19; ++j) s[j] = 9.0 - 0.1 * (j - 13);
  for (int j = 20; j <= 24; ++j) s[j] = 8.5 + 0.1 * (j - 20);
  // The valley is anchored at its bottom and as wide as the subsequence is long: a = 12 - (7 - 1)
  // = 6, L = 6, index 6 + floor(6/3) + floor(6/6) = 6 + 2 + 1 = 9.
  const Suggestion v = lrlab::suggest_valley(quarter_decades(30), s);
  EXPECT_EQ(v.index, 9);
  EXPECT_EQ(v.loss, 1.5);
}

TEST(Suggestions, ValleyIsNotDraggedBackIntoANoisyPlateau) {
  // 40 points: window [4, 35). A plateau j = 4..19 at 1.05 with two lower blips, 1.02 (j4) and
  // 1.01 (j12), then a clean descent j = 20..29 from 0.95 to 0.5, then a rise.
  std::vector<double> s(40, 0.01);         // tail, outside
  for (int j = 0; j < 4; ++j) s[j] = 2.0;  // first tenth, outside
  for (int j = 4; j <= 19; ++j) s[j] = 1.05;
  s[4] = 1.02;
  s[12] = 1.01;
  for (int j = 20; j <= 29; ++j) s[j] = 0.95 - 0.05 * (j - 20);
  for (int j = 30; j <= 34; ++j) s[j] = 0.7 + 0.1 * (j - 30);
  // The longest strictly decreasing subsequence threads the blips: 1.02, 1.01, then the ten
  // points of the descent, length 12, bottom b = 29. Its first element is j = 4, deep in the
  // plateau (that reading would give L = 25, index 4 + 8 + 4 = 16, on the plateau). Anchored at
  // the bottom: a = 29 - 11 = 18, L = 11, index 18 + 3 + 1 = 22, in the descent.
  const Suggestion v = lrlab::suggest_valley(quarter_decades(40), s);
  EXPECT_EQ(v.index, 22);
  EXPECT_DOUBLE_EQ(v.loss, 0.85);
}

TEST(Suggestions, ShortCurvesUseTheWholeCurve) {
  // 4 points: [4/10, 4-5) is empty, so all four count.
  const std::vector<double> r = quarter_decades(4);
  const std::vector<double> s = {3, 2, 1, 0.5};
  // Valley 0..3: L = 3, 0 + 1 + 0 = 1. Steepest: j1 (1-3)/.5 = -4, j2 (0.5-2)/.5 = -3: j = 1.
  // Minimum: j = 3.
  EXPECT_EQ(lrlab::suggest_valley(r, s).index, 1);
  EXPECT_EQ(lrlab::suggest_steepest(r, s).index, 1);
  EXPECT_EQ(lrlab::suggest_minimum_over_10(r, s).index, 3);
  EXPECT_DOUBLE_EQ(lrlab::suggest_minimum_over_10(r, s).rate, std::pow(10.0, 0.75) / 10);
  // One point: a minimum, but no slope and no valley.
  const std::vector<double> one_r = {0.1}, one_s = {0.7};
  EXPECT_EQ(lrlab::suggest_minimum_over_10(one_r, one_s).index, 0);
  EXPECT_EQ(lrlab::suggest_minimum_over_10(one_r, one_s).rate, 0.01);
  EXPECT_EQ(lrlab::suggest_steepest(one_r, one_s).index, -1);
  EXPECT_TRUE(std::isnan(lrlab::suggest_steepest(one_r, one_s).rate));
  EXPECT_EQ(lrlab::suggest_valley(one_r, one_s).index, -1);
  // None.
  const std::vector<double> empty;
  EXPECT_EQ(lrlab::suggest_minimum_over_10(empty, empty).index, -1);
  EXPECT_EQ(lrlab::suggest_valley(empty, empty).index, -1);
  EXPECT_EQ(lrlab::suggest_steepest(empty, empty).index, -1);
}

TEST(Suggestions, ACurveThatNeverFallsSuggestsNoSlopeAndNoValley) {
  const std::vector<double> r = quarter_decades(20);
  std::vector<double> rising(20);
  for (int j = 0; j < 20; ++j) rising[j] = 1 + 0.1 * j;
  EXPECT_EQ(lrlab::suggest_steepest(r, rising).index, -1);
  EXPECT_EQ(lrlab::suggest_valley(r, rising).index, -1);
  EXPECT_EQ(lrlab::suggest_minimum_over_10(r, rising).index, 2);  // the window's first point
}

TEST(Suggestions, NonFinitePointsTakeNoPart) {
  // 12 points: window [1, 7), holding 6, NaN, 4, 3, inf, 2.
  const std::vector<double> r = quarter_decades(12);
  const std::vector<double> s = {9, 6, NAN, 4, 3, INFINITY, 2, 1, 1, 1, 1, 1};
  // Minimum: 2 at j = 6.
  // Steepest, j = 2..5: j2 (4-6)/.5 = -4; j3 and j4 lean on a non-finite neighbour (skipped);
  // j5 (2-3)/.5 = -2. So j = 2 (its own value may be missing: the slope is its neighbours').
  // Valley: 6, 4, 3, 2 (j = 1, 3, 4, 6), length 4, b = 6: a = 6 - 3 = 3, L = 3, index 3 + 1 = 4.
  EXPECT_EQ(lrlab::suggest_minimum_over_10(r, s).index, 6);
  EXPECT_EQ(lrlab::suggest_steepest(r, s).index, 2);
  EXPECT_EQ(lrlab::suggest_valley(r, s).index, 4);
}

TEST(Suggestions, MismatchedLengthsAreAnError) {
  const std::vector<double> r = {1, 2, 3}, s = {1, 2};
  EXPECT_THROW(lrlab::suggest_valley(r, s), lrlab::Error);
  EXPECT_THROW(lrlab::suggest_steepest(r, s), lrlab::Error);
  EXPECT_THROW(lrlab::suggest_minimum_over_10(r, s), lrlab::Error);
}

}  // namespace
