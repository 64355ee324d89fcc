// The schedule preview of a run with changes (core/schedule/run_rates.h): the rate it gives each
// update is the rate the trainer used there, bit for bit, for runs without a plateau; and a decay
// branch's rates are its formula's, computed here from the formula.
#include "core/schedule/run_rates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/settings.h"
#include "core/trainer.h"
#include "tests/support/error_of.h"
#include "tests/support/same_bits.h"

namespace {

using lrlab_test::same_series;

// 200 spiral samples, 160 for training; batch 24 gives 7 updates per epoch.
constexpr long kEpochs = 12;
constexpr long kStepsPerEpoch = 7;

// `changes`: the settings' list of changes, or "" for none.
std::string settings_with(const std::string& schedule, const std::string& changes) {
  return std::string(R"({"seed": 3,
    "problem": {"name": "spiral", "samples": 200, "noise": 0.1, "val_fraction": 0.2},
    "model": {"hidden": [8], "activation": "tanh"},
    "optimizer": {"name": "sgd", "learning_rate": 0.1, "momentum": 0.9},
    "batch_size": 24, "epochs": 12, "schedule": )") +
         schedule + (changes.empty() ? "" : ", \"changes\": " + changes) + "}";
}

// The preview per update and per epoch against what training the same settings recorded.
void expect_rates_of_training(const std::string& settings_json) {
  const lrlab::Settings settings = lrlab::parse_settings(settings_json);
  lrlab::Trainer trainer(settings);
  trainer.run(kEpochs);
  ASSERT_FALSE(trainer.stopped());
  ASSERT_EQ(trainer.steps_per_epoch(), kStepsPerEpoch);
  const lrlab::History& history = trainer.history();
  ASSERT_EQ(history.step_stride, 1);
  EXPECT_TRUE(same_series("step_lr", history.step_lr,
                          lrlab::preview_run_rates(settings, kEpochs, kStepsPerEpoch, true)));
  EXPECT_TRUE(same_series("epoch_lr", history.epoch_lr,
                          lrlab::preview_run_rates(settings, kEpochs, kStepsPerEpoch, false)));
}

TEST(RunRates, NoChangesIsTheSchedulesOwnPreview) {
  expect_rates_of_training(settings_with(R"({"name": "cosine", "decay_steps": 10})", ""));
}

TEST(RunRates, ARateChangeWithinAnEpochAndThenASchedule) {
  expect_rates_of_training(
      settings_with(R"({"name": "exponential", "decay_rate": 0.5, "decay_steps": 3})",
                    R"([{"epoch": 2, "step": 3, "optimizer": {"learning_rate": 0.05}},
          {"epoch": 5, "schedule": {"name": "constant"}},
          {"epoch": 7, "optimizer": {"name": "adam", "learning_rate": 0.01}}])"));
}

TEST(RunRates, PerStepSchedulesAndAChangeOfGranularityMidEpoch) {
  expect_rates_of_training(settings_with(
      R"({"name": "cosine", "decay_steps": 60, "granularity": "step"})",
      R"([{"epoch": 3, "step": 4, "schedule": {"name": "step", "step_size": 2, "gamma": 0.5}},
          {"epoch": 6, "step": 2, "optimizer": {"learning_rate": 0.2}},
          {"epoch": 8, "schedule": {"name": "formula", "granularity": "step",
                                    "expression": "lr * 0.97"}}])"));
}

// "Continue from here with... and let the rate decay" (web/page/branch.js decaySchedule): a
// lower rate and lr0 * max(0.01, 1 - (epoch - 5) / 7) from epoch 5.
TEST(RunRates, ADecayBranchFollowsItsFormula) {
  const lrlab::Settings settings =
      lrlab::parse_settings(settings_with(R"({"name": "constant"})",
                                          R"j([{"epoch": 5, "optimizer": {"learning_rate": 0.04},
           "schedule": {"name": "formula", "expression": "lr0 * max(0.01, 1 - (epoch - 5) / 7)"}}])j"));
  const std::vector<double> rates =
      lrlab::preview_run_rates(settings, kEpochs, kStepsPerEpoch, false);
  ASSERT_EQ(rates.size(), static_cast<std::size_t>(kEpochs));
  for (long e = 0; e < kEpochs; ++e) {
    const double expected = e < 5 ? 0.1 : 0.04 * std::max(0.01, 1.0 - (e - 5.0) / 7.0);
    EXPECT_NEAR(rates[e], expected, 1e-15 * expected) << "epoch " << e;
  }
}

TEST(RunRates, AnUnusableRateNamesItsPosition) {
  const lrlab::Settings settings = lrlab::parse_settings(settings_with(
      R"({"name": "constant"})",
      R"j([{"epoch": 4, "schedule": {"name": "formula", "expression": "lr0 * (6 - epoch)"}}])j"));
  EXPECT_EQ(lrlab_test::error_of([&] { lrlab::preview_run_rates(settings, kEpochs, 1, false); }),
            "schedule: rate at epoch 6 is 0, must be a finite number > 0");
  EXPECT_EQ(lrlab_test::error_of([&] { lrlab::preview_run_rates(settings, 5, 0, false); }),
            "preview.steps_per_epoch: 0 is not allowed (must be an integer >= 1, with at most 1e7 "
            "updates in all)");
}

}  // namespace
