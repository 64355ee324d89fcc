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
  EXPECT_TRUE(same(res.valley, lrlab::suggest_valley(res.rates, res.smoothed, res.planned_steps)));
  EXPECT_TRUE(
      same(res.steepest, lrlab::suggest_steepest(res.rates, res.smoothed, res.planned_steps)));
  EXPECT_TRUE(same(res.minimum_over_10,
                   lrlab::suggest_minimum_over_10(res.rates, res.smoothed, res.planned_steps)));
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

// ---- Suggestion rules on crafted curves (fastai's lr_find, docs/spec-schedules.md#lr-range-test)
// ----
//
// Each expected index below is worked out by hand from fastai's rules (fastai/callback/
// schedule.py): window [n//10 : -5] of the recorded points with n the PLANNED steps, cut before
// the first non-finite point; steep = left point of the most negative forward difference;
// minimum = the lowest point, rate / 10; valley: lds[i] = longest strictly decreasing subsequence
// ending at i, b = first index of the largest lds, a = b - lds[b], L = b - a, index
// a + floor(L/3) + floor(L/6). Indices below are the curve's (window index + n//10).

// r_j = 10^(j/4): consecutive points are a quarter decade apart, so a forward difference is
// (s[j+1] - s[j]) / (ln 10 / 4): the same positive divisor for every j, so the most negative
// difference of the losses is the most negative slope.
std::vector<double> quarter_decades(std::size_t m) {
  std::vector<double> r(m);
  for (std::size_t j = 0; j < m; ++j) r[j] = std::pow(10.0, j / 4.0);
  return r;
}

// 20 points recorded of 20 planned: the window is [20/10, 20-5) = [2, 15). Outside it, decoys
// that would win if the window were ignored: a steep drop at the start (j = 0..2) and lower
// losses in the first tenth (j = 1) and in the tail (j = 15).
const std::vector<double> kCurve = {3.0,  0.2,  1.0,  0.99, 0.97, 0.9, 0.8, 0.6, 0.45, 0.4,
                                    0.38, 0.37, 0.37, 0.38, 0.5,  0.1, 5.0, 9.0, 20.0, NAN};

TEST(Suggestions, SteepIsTheLeftPointOfTheMostNegativeForwardDifference) {
  // Forward differences s[j+1] - s[j] for j = 2..13 (both points in [2, 15)):
  //   j2 -0.01, j3 -0.02, j4 -0.07, j5 -0.1, j6 -0.2, j7 -0.15, j8 -0.05, j9 -0.02, j10 -0.01,
  //   j11 0, j12 +0.01, j13 +0.12.  Most negative: j6 (0.8 -> 0.6); fastai returns its left
  // point, j = 6. (A central difference would say j = 7: (0.45 - 0.8)/2 beats j6's (0.6 - 0.9)/2.
  // And j = 0, outside the window, has the steepest drop of all: 0.2 - 3.0.)
  const Suggestion s = lrlab::suggest_steepest(quarter_decades(20), kCurve, 20);
  EXPECT_EQ(s.index, 6);
  EXPECT_DOUBLE_EQ(s.rate, std::pow(10.0, 6 / 4.0));
  EXPECT_EQ(s.loss, 0.8);
}

TEST(Suggestions, MinimumOver10IsATenthOfTheLowestPointInTheWindow) {
  // In [2, 15) the lowest is 0.37 at j = 11 and j = 12: the first wins (argmin). (0.2 at j = 1
  // and 0.1 at j = 15 are outside.)
  const Suggestion s = lrlab::suggest_minimum_over_10(quarter_decades(20), kCurve, 20);
  EXPECT_EQ(s.index, 11);
  EXPECT_DOUBLE_EQ(s.rate, std::pow(10.0, 11 / 4.0) / 10);
  EXPECT_EQ(s.loss, 0.37);
}

TEST(Suggestions, ValleyOfASmoothDescentStartsOneBeforeIt) {
  // Window [2, 15): 1.0 0.99 0.97 0.9 0.8 0.6 0.45 0.4 0.38 0.37 | 0.37 0.38 0.5.
  // lds: j2..j11 = 1..10 (each lower than all before), j12 (0.37, not below j11) = 10,
  // j13 (0.38 < j2..j9) = 9, j14 (0.5 < j2..j7) = 7. The first to reach 10 is b = 11;
  // a = 11 - 10 = 1 (one before the window's start, as in fastai), L = 10,
  // index 1 + 3 + 1 = 5 (0.9). (a = b - (lds - 1), one later, would give 2 + 3 + 1 = 6.)
  const Suggestion s = lrlab::suggest_valley(quarter_decades(20), kCurve, 20);
  EXPECT_EQ(s.index, 5);
  EXPECT_DOUBLE_EQ(s.rate, std::pow(10.0, 5 / 4.0));
  EXPECT_EQ(s.loss, 0.9);
}

// Stopped early: 20 points recorded of 60 planned. fastai's window starts at 60//10 = 6, not at
// 20//10 = 2: [6, 15). The stop rule holds too: the lowest point is 0.4 (j5), and j19 (2.0) is the
// first above 4 x the lowest so far (j0..j2 sit at the start, 2.0 <= 4 x 2.0).
const std::vector<double> kStopped = {2.0,  2.0,  2.0,  1.0, 0.95, 0.4, 0.9, 0.85, 0.7,  0.5,
                                      0.45, 0.44, 0.46, 0.6, 0.8,  1.2, 1.4, 1.5,  1.55, 2.0};

TEST(Suggestions, AnEarlyStoppedCurveSkipsATenthOfThePlannedSteps) {
  const std::vector<double> r = quarter_decades(20);
  // Window [6, 15): 0.9 0.85 0.7 0.5 0.45 0.44 0.46 0.6 0.8.
  // Steep: j6 -0.05, j7 -0.15, j8 -0.2, j9 -0.05, j10 -0.01, j11 +0.02, j12 +0.14, j13 +0.2:
  //   j = 8. (With the window [2, 15) of the recorded count: j2, 2.0 -> 1.0, would win.)
  const Suggestion steep = lrlab::suggest_steepest(r, kStopped, 60);
  EXPECT_EQ(steep.index, 8);
  EXPECT_EQ(steep.loss, 0.7);
  // Minimum: 0.44 at j = 11, rate r11 / 10. (From [2, 15): 0.4 at j = 5.)
  const Suggestion low = lrlab::suggest_minimum_over_10(r, kStopped, 60);
  EXPECT_EQ(low.index, 11);
  EXPECT_DOUBLE_EQ(low.rate, std::pow(10.0, 11 / 4.0) / 10);
  // Valley: lds j6..j11 = 1..6, j12 (0.46 < 0.9 0.85 0.7 0.5) = 5, j13 (0.6) = 4, j14 (0.8) = 3.
  //   b = 11, a = 11 - 6 = 5, L = 6, index 5 + 2 + 1 = 8 (0.7). (From [2, 15): lds reaches 9 at
  //   j11 through 2.0 1.0 0.95 0.9 ..., a = 2, L = 9, index 2 + 3 + 1 = 6.)
  const Suggestion valley = lrlab::suggest_valley(r, kStopped, 60);
  EXPECT_EQ(valley.index, 8);
  EXPECT_EQ(valley.loss, 0.7);
  // The free functions and a finished test read the same window: planned, not recorded.
  const Suggestion same_as_full = lrlab::suggest_valley(r, kStopped, 20);
  EXPECT_EQ(same_as_full.index, 6);
}

TEST(Suggestions, ValleyStepsOverBumpsAndTheEarliestLongestWins) {
  // 30 points of 30: window [3, 25).
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
  // a = 12 - 7 = 5, L = 7, index 5 + floor(7/3) + floor(7/6) = 5 + 2 + 1 = 8 (the bump 2.5).
  const Suggestion v = lrlab::suggest_valley(quarter_decades(30), s, 30);
  EXPECT_EQ(v.index, 8);
  EXPECT_EQ(v.loss, 2.5);
}

TEST(Suggestions, ValleyIsNotDraggedBackIntoANoisyPlateau) {
  // 40 points of 40: window [4, 35). A plateau j = 4..19 at 1.05 with two lower blips, 1.02 (j4)
  // and 1.01 (j12), then a clean descent j = 20..29 from 0.95 to 0.5, then a rise.
  std::vector<double> s(40, 0.01);         // tail, outside
  for (int j = 0; j < 4; ++j) s[j] = 2.0;  // first tenth, outside
  for (int j = 4; j <= 19; ++j) s[j] = 1.05;
  s[4] = 1.02;
  s[12] = 1.01;
  for (int j = 20; j <= 29; ++j) s[j] = 0.95 - 0.05 * (j - 20);
  for (int j = 30; j <= 34; ++j) s[j] = 0.7 + 0.1 * (j - 30);
  // The longest strictly decreasing subsequence threads the blips: 1.02, 1.01, then the ten
  // points of the descent, lds 12 at b = 29. fastai anchors the valley at b: a = 29 - 12 = 17,
  // L = 12, index 17 + 4 + 2 = 23 (0.8), in the descent (the subsequence's first element, j4,
  // would have put it on the plateau).
  const Suggestion v = lrlab::suggest_valley(quarter_decades(40), s, 40);
  EXPECT_EQ(v.index, 23);
  EXPECT_DOUBLE_EQ(v.loss, 0.8);
}

TEST(Suggestions, TooShortAWindowSuggestsNothing) {
  // 100 planned, 15 recorded: [10, 15 - 5) is empty. fastai's Python fails there (argmin of an
  // empty tensor, lrs[0] of an empty list); here every rule has no suggestion.
  const std::vector<double> r = quarter_decades(15);
  std::vector<double> s(15);
  for (int j = 0; j < 15; ++j) s[j] = 3 - 0.1 * j;
  using Rule = Suggestion (*)(const std::vector<double>&, const std::vector<double>&, long);
  const Rule rules[] = {&lrlab::suggest_steepest, &lrlab::suggest_minimum_over_10,
                        &lrlab::suggest_valley};
  for (Rule rule : rules) {
    const Suggestion none = rule(r, s, 100);
    EXPECT_EQ(none.index, -1);
    EXPECT_TRUE(std::isnan(none.rate));
  }
  // Fewer than 5 points recorded: [n//10 : -5] is empty whatever n.
  const std::vector<double> r4 = quarter_decades(4), s4 = {3, 2, 1, 0.5};
  EXPECT_EQ(lrlab::suggest_valley(r4, s4, 4).index, -1);
  EXPECT_EQ(lrlab::suggest_minimum_over_10(r4, s4, 4).index, -1);
  // None.
  const std::vector<double> empty;
  EXPECT_EQ(lrlab::suggest_minimum_over_10(empty, empty, 100).index, -1);
  EXPECT_EQ(lrlab::suggest_valley(empty, empty, 100).index, -1);
  EXPECT_EQ(lrlab::suggest_steepest(empty, empty, 100).index, -1);
}

TEST(Suggestions, AOnePointWindowHasAMinimumAndAValleyButNoSlope) {
  // 100 planned, 16 recorded: the window is [10, 11), the single point j = 10.
  const std::vector<double> r = quarter_decades(16);
  std::vector<double> s(16, 1.0);
  s[10] = 0.7;
  EXPECT_EQ(lrlab::suggest_steepest(r, s, 100).index, -1);  // no difference to take
  EXPECT_EQ(lrlab::suggest_minimum_over_10(r, s, 100).index, 10);
  // Valley: lds = [1]; fastai's loop never runs, a = b = 0 (window), index 0: j = 10.
  EXPECT_EQ(lrlab::suggest_valley(r, s, 100).index, 10);
}

TEST(Suggestions, WhereFastaiWouldIndexFromTheEndTheValleyIsTheWindowsFirstPoint) {
  // 10 of 10: window [1, 5): 1.0, 0.9, 0.95, 1.0. lds 1, 2, 2, 1: b = 2 (j), lds 2, a = 0
  // (one before the window), L = 2, index a + 0 + 0 = j0, which is window index -1: Python's
  // lrs[-1] would read the window's LAST point (j4). Defined here: the window's first point, j1.
  const std::vector<double> r = quarter_decades(10);
  const std::vector<double> s = {5, 1.0, 0.9, 0.95, 1.0, 7, 7, 7, 7, 7};
  const Suggestion v = lrlab::suggest_valley(r, s, 10);
  EXPECT_EQ(v.index, 1);
  EXPECT_EQ(v.loss, 1.0);
  // Steep on the same window: j1 -0.1, j2 +0.05, j3 +0.05: j = 1.
  EXPECT_EQ(lrlab::suggest_steepest(r, s, 10).index, 1);
}

TEST(Suggestions, ACurveThatNeverFallsGetsFastaisAnswers) {
  // 20 of 20, window [2, 15), rising throughout. Every forward difference is +0.1 up to rounding;
  // steep is the argmin whatever its sign, so it needs a strict order: the rises grow with j, and
  // j = 2 has the least. Valley: lds all 1, fastai's a = b = 0: the window's first point. Minimum:
  // the window's first point.
  const std::vector<double> r = quarter_decades(20);
  std::vector<double> rising(20);
  for (int j = 0; j < 20; ++j) rising[j] = 1 + 0.01 * j * j;
  EXPECT_EQ(lrlab::suggest_steepest(r, rising, 20).index, 2);
  EXPECT_EQ(lrlab::suggest_valley(r, rising, 20).index, 2);
  EXPECT_EQ(lrlab::suggest_minimum_over_10(r, rising, 20).index, 2);
}

TEST(Suggestions, TheWindowIsCutBeforeItsFirstNonFinitePoint) {
  // 12 of 12: window [1, 7) holds 6, 5, 4.5, NaN, 3, 2; it is cut to [1, 4): 6, 5, 4.5. The 3 and
  // 2 after the NaN take no part (they would be the minimum and the valley's bottom).
  // Steep: j1 -1, j2 -0.5: j = 1. Minimum: 4.5 at j = 3. Valley: lds 1, 2, 3, b = 3 (j), a = 0,
  // L = 3, index 0 + 1 + 0 = j1.
  const std::vector<double> r = quarter_decades(12);
  const std::vector<double> s = {9, 6, 5, 4.5, NAN, 3, 2, 1, 1, 1, 1, 1};
  EXPECT_EQ(lrlab::suggest_steepest(r, s, 12).index, 1);
  EXPECT_EQ(lrlab::suggest_minimum_over_10(r, s, 12).index, 3);
  EXPECT_EQ(lrlab::suggest_valley(r, s, 12).index, 1);
  // An infinite point cuts the same way.
  std::vector<double> inf = s;
  inf[4] = INFINITY;
  EXPECT_EQ(lrlab::suggest_minimum_over_10(r, inf, 12).index, 3);
}

TEST(Suggestions, MismatchedLengthsAreAnError) {
  const std::vector<double> r = {1, 2, 3}, s = {1, 2};
  EXPECT_THROW(lrlab::suggest_valley(r, s, 3), lrlab::Error);
  EXPECT_THROW(lrlab::suggest_steepest(r, s, 3), lrlab::Error);
  EXPECT_THROW(lrlab::suggest_minimum_over_10(r, s, 3), lrlab::Error);
}

}  // namespace
