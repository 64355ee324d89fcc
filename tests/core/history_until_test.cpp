// The history as it stood after E epochs, checked against the run that really stopped there: the
// same settings trained for exactly E epochs give the same series, events and divergence, and so
// the same verdict (the cursor's "verdict as of epoch E", core/history_until.h).
#include "core/history_until.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/experiments/diagnosis.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

using lrlab::History;

// Plateau cuts every few epochs and a sharpness measurement every 2 epochs: events and
// measurements fall on both sides of each prefix.
constexpr const char* kCutting = R"({"seed": 3,
    "problem": {"name": "moons", "samples": 120, "noise": 0.2, "val_fraction": 0.25},
    "model": {"hidden": [6]},
    "optimizer": {"name": "sgd", "learning_rate": 0.5},
    "plateau": {"enabled": true, "monitor": "loss", "patience": 1, "factor": 0.5, "min_delta": 0.05},
    "sharpness": {"enabled": true, "every": 2},
    "batch_size": 30, "epochs": 16})";
// Noisy sine at rate 0.3, full batch: bounces, then the loss explodes a few epochs in.
constexpr const char* kDiverging = R"({"seed": 1,
    "problem": {"name": "sine", "samples": 200, "noise": 0.1},
    "optimizer": {"name": "sgd", "learning_rate": 0.3},
    "batch_size": 512, "epochs": 300})";

History trained_for(const std::string& json, long epochs) {
  lrlab::Trainer trainer(lrlab::parse_settings(json));
  trainer.run(epochs);
  return trainer.history();
}

void expect_same_series(const std::vector<double>& a, const std::vector<double>& b,
                        const char* name) {
  ASSERT_EQ(a.size(), b.size()) << name;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(b[i])) {
      EXPECT_TRUE(std::isnan(a[i])) << name << "[" << i << "]";
    } else {
      EXPECT_EQ(a[i], b[i]) << name << "[" << i << "]";
    }
  }
}

void expect_same_as_stopped(const std::string& json, long full_epochs, long at) {
  lrlab::Trainer full(lrlab::parse_settings(json));
  full.run(full_epochs);
  const History stopped = trained_for(json, at);
  const long updates = std::min(at, full.epoch_index()) * full.steps_per_epoch();
  const History prefix = lrlab::history_until(full.history(), at, updates);
  SCOPED_TRACE("prefix of " + std::to_string(at) + " epochs");
  const auto prefix_series = lrlab::epoch_series(prefix);
  const auto stopped_series = lrlab::epoch_series(stopped);
  for (std::size_t s = 0; s < stopped_series.size(); ++s)
    expect_same_series(*prefix_series[s].values, *stopped_series[s].values, stopped_series[s].name);
  expect_same_series(prefix.step_index, stopped.step_index, "step_index");
  expect_same_series(prefix.sharpness_epoch, stopped.sharpness_epoch, "sharpness_epoch");
  expect_same_series(prefix.sharpness, stopped.sharpness, "sharpness");
  ASSERT_EQ(prefix.events.size(), stopped.events.size());
  for (std::size_t i = 0; i < stopped.events.size(); ++i) {
    EXPECT_EQ(prefix.events[i].kind, stopped.events[i].kind);
    EXPECT_EQ(prefix.events[i].epoch, stopped.events[i].epoch);
  }
  EXPECT_EQ(prefix.diverged, stopped.diverged);
  EXPECT_EQ(prefix.diverged_epoch, stopped.diverged_epoch);
  const auto verdict = [](const History& h) {
    return lrlab::diagnose(h, NAN, h.initial_train_loss, NAN).verdict;
  };
  EXPECT_EQ(verdict(prefix), verdict(stopped));
}

TEST(HistoryUntil, EqualsTheRunStoppedAtThatEpoch) {
  const History full = trained_for(kCutting, 16);
  ASSERT_GE(full.events.size(), 2u) << "the settings must cut the rate a few times";
  for (long at : {0L, 1L, 2L, 5L, 9L, 15L, 16L}) expect_same_as_stopped(kCutting, 16, at);
}

TEST(HistoryUntil, ADivergedRunHasNotDivergedBeforeItsEpoch) {
  const History full = trained_for(kDiverging, 300);
  ASSERT_TRUE(full.diverged);
  const long d = full.diverged_epoch;
  ASSERT_GE(d, 3) << "the run should bounce a few epochs first";
  for (long at : {d - 2, d, d + 1, 300L}) expect_same_as_stopped(kDiverging, 300, at);
  EXPECT_FALSE(lrlab::history_until(full, d, 0).diverged);
  EXPECT_TRUE(lrlab::history_until(full, d + 1, 0).diverged);
}

}  // namespace
