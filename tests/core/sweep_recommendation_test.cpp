// The sweep's answer to "which rate?": each rate's validation loss and accuracy recorded beside
// its training loss, and one recommended rate judged on the validation loss where a validation
// set exists (else the training loss), among rates that neither diverge nor overshoot, with the
// band of neighbouring rates that do about as well. Expected answers are worked out here from
// the recorded per-rate numbers (or from crafted records), not taken from the implementation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/experiments/sweep.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

using lrlab::LrSweep;
using lrlab::SweepConfig;
using lrlab::SweepRecommendation;
using lrlab::SweepRecord;
using lrlab::SweepResult;

constexpr double kTolerance = SweepRecommendation::kAboutAsWell;

SweepConfig config(double low, double high, int count, int epochs) {
  SweepConfig c;
  c.low = low;
  c.high = high;
  c.count = count;
  c.epochs = epochs;
  return c;
}

lrlab::Settings moons(double learning_rate, double val_fraction = 0.2) {
  char json[512];
  std::snprintf(json, sizeof json,
                R"({"seed": 4, "problem": {"name": "moons", "samples": 160, "val_fraction": %.17g},
                    "model": {"hidden": [8]},
                    "optimizer": {"name": "sgd", "learning_rate": %.17g},
                    "batch_size": 16})",
                val_fraction, learning_rate);
  return lrlab::parse_settings(json);
}

lrlab::Settings linear(double learning_rate) {
  char json[512];
  std::snprintf(json, sizeof json,
                R"({"seed": 5, "problem": {"name": "linear", "samples": 100},
                    "model": {"hidden": [], "loss": "mse"},
                    "optimizer": {"name": "sgd", "learning_rate": %.17g},
                    "batch_size": 100000})",
                learning_rate);
  return lrlab::parse_settings(json);
}

// The rule of core/experiments/sweep.h, written out again from the recorded columns.
SweepRecommendation expected_recommendation(const SweepResult& r) {
  SweepRecommendation out;
  const int k = static_cast<int>(r.rates.size());
  auto usable = [&](int j) {
    return r.diverged[j] == 0 && r.verdict[j] != "overshooting" && r.verdict[j] != "diverged" &&
           !r.verdict[j].empty();
  };
  bool has_validation = false;
  for (int j = 0; j < k; ++j) has_validation |= usable(j) && std::isfinite(r.final_val_loss[j]);
  out.measure = has_validation ? "val_loss" : "train_loss";
  const std::vector<double>& measure = has_validation ? r.final_val_loss : r.final_train_loss;
  for (int j = 0; j < k; ++j)
    if (usable(j) && std::isfinite(measure[j]) && (out.index < 0 || measure[j] < out.value)) {
      out.index = j;
      out.value = measure[j];
    }
  if (out.index < 0) {
    out.measure = "";
    return out;
  }
  auto close = [&](int j) {
    return usable(j) && std::isfinite(measure[j]) && measure[j] <= out.value * (1 + kTolerance);
  };
  out.band_low = out.band_high = out.index;
  while (out.band_low > 0 && close(static_cast<int>(out.band_low) - 1)) --out.band_low;
  while (out.band_high < k - 1 && close(static_cast<int>(out.band_high) + 1)) ++out.band_high;
  return out;
}

void expect_recommendation(const SweepRecommendation& got, const SweepRecommendation& want) {
  EXPECT_EQ(got.index, want.index);
  EXPECT_EQ(got.measure, want.measure);
  EXPECT_TRUE(got.value == want.value || (std::isnan(got.value) && std::isnan(want.value)))
      << got.value << " vs " << want.value;
  EXPECT_EQ(got.band_low, want.band_low);
  EXPECT_EQ(got.band_high, want.band_high);
}

TEST(SweepValidation, EachRateRecordsItsFinalValidationLossAndAccuracy) {
  LrSweep sweep(moons(0.1), config(0.01, 3, 4, 8));
  sweep.run_all();
  ASSERT_TRUE(sweep.done());
  const SweepResult& r = sweep.result();
  ASSERT_EQ(r.final_val_accuracy.size(), 4u);
  for (int j = 0; j < 4; ++j) {
    lrlab::Trainer t(moons(r.rates[j]));
    t.run(8);
    EXPECT_EQ(r.final_val_loss[j], t.history().val_loss.back()) << j;
    EXPECT_EQ(r.final_val_accuracy[j], t.history().val_accuracy.back()) << j;
  }
}

TEST(SweepValidation, RegressionHasNoAccuracy) {
  LrSweep sweep(linear(0.1), config(0.01, 0.5, 3, 5));
  sweep.run_all();
  for (double accuracy : sweep.result().final_val_accuracy) EXPECT_TRUE(std::isnan(accuracy));
  EXPECT_TRUE(std::isfinite(sweep.result().final_val_loss[0]));
}

TEST(SweepValidation, ASharedSweepCarriesTheAccuracyAndTheRecommendation) {
  const SweepConfig c = config(0.01, 30, 7, 10);
  LrSweep whole(moons(0.1), c);
  whole.run_all();
  LrSweep collector(moons(0.1), c, lrlab::sweep_share(7, 0, 2));
  LrSweep helper(moons(0.1), c, lrlab::sweep_share(7, 1, 2));
  helper.run_all();
  collector.run_all();
  for (SweepRecord& record : helper.take_records()) collector.add_record(std::move(record));
  ASSERT_TRUE(collector.done());
  for (int j = 0; j < 7; ++j) {
    const double a = whole.result().final_val_accuracy[j];
    const double b = collector.result().final_val_accuracy[j];
    EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << j;
  }
  expect_recommendation(collector.result().recommendation, whole.result().recommendation);
}

TEST(SweepRecommendationRule, ATrainedSweepRecommendsWhatItsRecordedNumbersSay) {
  // Moons from a rate that stalls to rates that blow up: every kind of verdict.
  LrSweep sweep(moons(0.1), config(0.001, 100, 16, 40));
  sweep.run_all();
  ASSERT_TRUE(sweep.done());
  const SweepResult& r = sweep.result();
  const SweepRecommendation want = expected_recommendation(r);
  ASSERT_GE(want.index, 0);
  EXPECT_EQ(want.measure, "val_loss");
  expect_recommendation(r.recommendation, want);
  expect_recommendation(lrlab::recommend_rate(r), want);
}

TEST(SweepRecommendationRule, WithoutAValidationSetTheTrainingLossDecides) {
  LrSweep sweep(moons(0.1, 0.0), config(0.001, 100, 12, 30));
  sweep.run_all();
  const SweepResult& r = sweep.result();
  for (double loss : r.final_val_loss) EXPECT_TRUE(std::isnan(loss));
  const SweepRecommendation want = expected_recommendation(r);
  EXPECT_EQ(want.measure, "train_loss");
  ASSERT_GE(want.index, 0);
  expect_recommendation(r.recommendation, want);
}

SweepRecord record(int index, std::vector<double> losses, double val_loss, bool diverged = false) {
  SweepRecord r;
  r.index = index;
  r.train_loss = std::move(losses);
  r.final_val_loss = val_loss;
  r.final_val_accuracy = 0.5;
  r.initial_train_loss = 1;
  r.diverged = diverged;
  r.diverged_epoch = diverged ? static_cast<long>(r.train_loss.size()) : -1;
  return r;
}

std::vector<double> falling_to(double final_loss) {
  std::vector<double> loss;
  for (int e = 0; e < 12; ++e) loss.push_back(final_loss + (1 - final_loss) * (11 - e) / 11.0);
  return loss;
}

TEST(SweepRecommendationRule, CraftedRatesLowestValidationLossAmongSteadyRatesAndItsBand) {
  static_assert(
      SweepRecommendation::kAboutAsWell >= 0.06 && SweepRecommendation::kAboutAsWell < 0.4,
      "the crafted numbers below assume a tolerance between 6% and 40%");
  // j0 stalls; j1..j3 and j5 converge; j4 bounces (overshooting) to the lowest validation loss
  // of all; j6 diverges. By validation loss: j3 (0.20) is the best steady rate; j2 (0.21, 5%
  // worse) does about as well; j1 (0.30, 50% worse) does not; j5 (0.205) would, but j4 lies
  // between it and j3, so the band stops at j3: rates 2 to 3. By training loss j1 (0.2) would
  // have been best.
  std::vector<double> flat;
  for (int e = 0; e < 12; ++e) flat.push_back(1.0 - 0.0001 * e);
  const std::vector<double> bouncing = {0.9, 0.5,  0.15, 0.45, 0.12, 0.4,
                                        0.1, 0.35, 0.12, 0.3,  0.15, 0.2};
  LrSweep collector(linear(0.1), config(0.01, 1, 7, 12), {});
  collector.add_record(record(0, flat, 0.9));
  collector.add_record(record(1, falling_to(0.2), 0.30));
  collector.add_record(record(2, falling_to(0.25), 0.21));
  collector.add_record(record(3, falling_to(0.3), 0.20));
  collector.add_record(record(4, bouncing, 0.15));
  collector.add_record(record(5, falling_to(0.3), 0.205));
  collector.add_record(record(6, {1, 5, 300}, 0.1, true));
  ASSERT_TRUE(collector.done());
  const SweepResult& r = collector.result();
  ASSERT_EQ(r.verdict,
            (std::vector<std::string>{"stalling", "converging", "converging", "converging",
                                      "overshooting", "converging", "diverged"}));
  const SweepRecommendation& got = r.recommendation;
  EXPECT_EQ(got.measure, "val_loss");
  EXPECT_EQ(got.index, 3);
  EXPECT_EQ(got.value, 0.20);
  EXPECT_EQ(got.band_low, 2);
  EXPECT_EQ(got.band_high, 3);
  EXPECT_EQ(r.final_val_accuracy[4], 0.5);
  expect_recommendation(got, expected_recommendation(r));
}

TEST(SweepRecommendationRule, ATieGoesToTheLowestRateAndTheBandSpreadsBothWays) {
  LrSweep collector(linear(0.1), config(0.01, 1, 5, 12), {});
  collector.add_record(record(4, falling_to(0.3), 0.52));
  collector.add_record(record(3, falling_to(0.3), 0.5));
  collector.add_record(record(2, falling_to(0.3), 0.5));
  collector.add_record(record(1, falling_to(0.3), 0.54));
  collector.add_record(record(0, falling_to(0.3), 0.9));
  ASSERT_TRUE(collector.done());
  const SweepRecommendation& got = collector.result().recommendation;
  EXPECT_EQ(got.index, 2);
  EXPECT_EQ(got.band_low, 1);
  EXPECT_EQ(got.band_high, 4);
}

TEST(SweepRecommendationRule, NoSteadyRateNoRecommendation) {
  LrSweep collector(linear(0.1), config(0.01, 1, 2, 5), {});
  collector.add_record(record(0, {1, 2, 40}, 0.3, true));
  collector.add_record(record(1, {1, 0.2, 0.9, 0.1, 0.8}, 0.2));
  ASSERT_TRUE(collector.done());
  ASSERT_EQ(collector.result().verdict[1], "overshooting");
  const SweepRecommendation& got = collector.result().recommendation;
  EXPECT_EQ(got.index, -1);
  EXPECT_EQ(got.measure, "");
  EXPECT_TRUE(std::isnan(got.value));
  EXPECT_EQ(got.band_low, -1);
  EXPECT_EQ(got.band_high, -1);
}

}  // namespace
