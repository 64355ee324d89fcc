// The training loop's contract: determinism (same seed, reset, step/epoch/run all give the same
// bits), history bookkeeping, live rate changes, divergence that never throws, schedule errors
// that stop the run naming the epoch, and NaN where a quantity does not exist.
#include "core/trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/history.h"
#include "core/settings.h"
#include "tests/support/same_bits.h"

namespace {

using lrlab::History;
using lrlab::Trainer;

// 200 spiral samples, 160 for training; batch 24 gives 7 steps per epoch, the last one of 16.
constexpr const char* kSpiral = R"({"seed": 5,
    "problem": {"name": "spiral", "samples": 200, "noise": 0.1, "val_fraction": 0.2},
    "model": {"hidden": [8, 8], "activation": "tanh"},
    "optimizer": {"name": "sgd", "learning_rate": 0.1, "momentum": 0.9},
    "batch_size": 24, "epochs": 12})";
constexpr long kTrain = 160;
constexpr long kStepsPerEpoch = 7;  // ceil(160 / 24)

std::string with_seed(long seed) {
  std::string json = kSpiral;
  json.replace(json.find("\"seed\": 5"), 9, "\"seed\": " + std::to_string(seed));
  return json;
}

using lrlab_test::same_bits;
using lrlab_test::same_series;

void expect_identical(const History& a, const History& b) {
  EXPECT_TRUE(same_series("train_loss", a.train_loss, b.train_loss));
  EXPECT_TRUE(same_series("val_loss", a.val_loss, b.val_loss));
  EXPECT_TRUE(same_series("accuracy", a.accuracy, b.accuracy));
  EXPECT_TRUE(same_series("val_accuracy", a.val_accuracy, b.val_accuracy));
  EXPECT_TRUE(same_series("epoch_lr", a.epoch_lr, b.epoch_lr));
  EXPECT_TRUE(same_series("step_index", a.step_index, b.step_index));
  EXPECT_TRUE(same_series("step_loss", a.step_loss, b.step_loss));
  EXPECT_TRUE(same_series("step_lr", a.step_lr, b.step_lr));
  EXPECT_TRUE(same_series("step_size_min", a.step_size_min, b.step_size_min));
  EXPECT_TRUE(same_series("step_size_median", a.step_size_median, b.step_size_median));
  EXPECT_TRUE(same_series("step_size_max", a.step_size_max, b.step_size_max));
  EXPECT_EQ(a.step_stride, b.step_stride);
  EXPECT_TRUE(same_bits(a.initial_train_loss, b.initial_train_loss));
  EXPECT_EQ(a.diverged, b.diverged);
  EXPECT_EQ(a.diverged_epoch, b.diverged_epoch);
  EXPECT_EQ(a.diverged_step, b.diverged_step);
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].kind, b.events[i].kind);
    EXPECT_EQ(a.events[i].epoch, b.events[i].epoch);
    EXPECT_EQ(a.events[i].step, b.events[i].step);
    EXPECT_EQ(a.events[i].message, b.events[i].message);
  }
}

void expect_same_parameters(const Trainer& a, const Trainer& b) {
  ASSERT_EQ(a.parameters().size(), b.parameters().size());
  for (Eigen::Index i = 0; i < a.parameters().size(); ++i)
    EXPECT_TRUE(same_bits(a.parameters()[i], b.parameters()[i])) << "parameter " << i;
}

TEST(Trainer, SameSeedAndSettingsGiveIdenticalHistories) {
  Trainer a(lrlab::parse_settings(kSpiral));
  Trainer b(lrlab::parse_settings(kSpiral));
  EXPECT_EQ(a.run(12), 12);
  EXPECT_EQ(b.run(12), 12);
  expect_identical(a.history(), b.history());
  expect_same_parameters(a, b);
}

TEST(Trainer, ADifferentSeedGivesADifferentHistory) {
  Trainer a(lrlab::parse_settings(with_seed(5)));
  Trainer b(lrlab::parse_settings(with_seed(6)));
  a.run(3);
  b.run(3);
  EXPECT_FALSE(same_series("train_loss", a.history().train_loss, b.history().train_loss));
  EXPECT_FALSE(same_series("step_loss", a.history().step_loss, b.history().step_loss));
  EXPECT_FALSE(same_bits(a.history().initial_train_loss, b.history().initial_train_loss));
}

TEST(Trainer, ResetReproducesTheFirstRunExactly) {
  Trainer trainer(lrlab::parse_settings(kSpiral));
  const Eigen::VectorXd initial = trainer.parameters();
  trainer.run(5);
  trainer.step();  // stop mid-epoch: reset must forget the partial epoch too
  trainer.step();
  const History first = trainer.history();
  const Eigen::VectorXd after_first = trainer.parameters();

  trainer.reset();
  EXPECT_EQ(trainer.epoch_index(), 0);
  EXPECT_EQ(trainer.updates(), 0);
  EXPECT_EQ(trainer.history().epochs(), 0);
  EXPECT_TRUE(trainer.history().step_loss.empty());
  ASSERT_EQ(trainer.parameters().size(), initial.size());
  for (Eigen::Index i = 0; i < initial.size(); ++i)
    EXPECT_TRUE(same_bits(trainer.parameters()[i], initial[i])) << i;

  trainer.run(5);
  trainer.step();
  trainer.step();
  expect_identical(first, trainer.history());
  for (Eigen::Index i = 0; i < after_first.size(); ++i)
    EXPECT_TRUE(same_bits(trainer.parameters()[i], after_first[i])) << i;
}

TEST(Trainer, StepByStepEpochByEpochAndRunAgree) {
  Trainer by_step(lrlab::parse_settings(kSpiral));
  Trainer by_epoch(lrlab::parse_settings(kSpiral));
  Trainer by_run(lrlab::parse_settings(kSpiral));
  long steps = 0;
  while (by_step.epoch_index() < 12) {
    ASSERT_TRUE(by_step.step());
    ++steps;
  }
  EXPECT_EQ(steps, 12 * kStepsPerEpoch);
  for (int e = 0; e < 12; ++e) ASSERT_TRUE(by_epoch.epoch());
  EXPECT_EQ(by_run.run(12), 12);
  expect_identical(by_step.history(), by_epoch.history());
  expect_identical(by_step.history(), by_run.history());
  expect_same_parameters(by_step, by_epoch);
  expect_same_parameters(by_step, by_run);
}

TEST(Trainer, HistorySizesFollowEpochsAndUpdates) {
  Trainer trainer(lrlab::parse_settings(kSpiral));
  EXPECT_EQ(trainer.problem().train.size(), kTrain);
  trainer.run(4);
  trainer.step();
  trainer.step();  // a partial epoch is not an epoch record, but its steps are step records
  const History& h = trainer.history();
  EXPECT_EQ(trainer.epoch_index(), 4);
  EXPECT_EQ(h.epochs(), 4);
  for (const auto* series : {&h.train_loss, &h.val_loss, &h.accuracy, &h.val_accuracy, &h.epoch_lr})
    EXPECT_EQ(series->size(), 4u);
  const long updates = 4 * kStepsPerEpoch + 2;
  EXPECT_EQ(trainer.updates(), updates);
  EXPECT_EQ(h.step_stride, 1);
  for (const auto* series : {&h.step_index, &h.step_loss, &h.step_lr, &h.step_size_min,
                             &h.step_size_median, &h.step_size_max})
    EXPECT_EQ(series->size(), static_cast<std::size_t>(updates));
  for (long i = 0; i < updates; ++i) EXPECT_EQ(h.step_index[i], i + 1);  // t counts from 1
  // The epoch's train loss is the size-weighted mean of its batch losses (6 of 24, one of 16).
  for (long e = 0; e < 4; ++e) {
    double sum = 0;
    for (long j = 0; j < kStepsPerEpoch; ++j) {
      const double size = j + 1 < kStepsPerEpoch ? 24 : kTrain - 24 * (kStepsPerEpoch - 1);
      sum += size * h.step_loss[e * kStepsPerEpoch + j];
    }
    EXPECT_NEAR(h.train_loss[e], sum / kTrain, 1e-12 * sum) << "epoch " << e;
  }
  EXPECT_TRUE(std::isfinite(h.initial_train_loss));
  EXPECT_GT(h.initial_train_loss, 0);
}

TEST(Trainer, ALongRunKeepsEveryStepStrideThStepRecord) {
  // 8 samples one at a time for 10,000 epochs: 80,000 updates, more than the 65,536 step records
  // a history keeps. It then drops every second record and doubles the stride; what remains must
  // still be every step_stride-th update, evenly spaced, with the latest ones at the end.
  Trainer trainer(lrlab::parse_settings(
      R"({"problem": {"name": "linear", "samples": 8, "val_fraction": 0},
          "model": {"hidden": [], "loss": "mse"},
          "optimizer": {"name": "sgd", "learning_rate": 0.01},
          "batch_size": 1, "epochs": 10000})"));
  ASSERT_EQ(trainer.run(10000), 10000);
  const History& h = trainer.history();
  const long updates = trainer.updates();
  ASSERT_EQ(updates, 80000);
  ASSERT_EQ(h.step_stride, 2);
  ASSERT_LE(h.step_index.size(), History::kMaxStepRecords);
  EXPECT_EQ(h.step_index.size(), static_cast<std::size_t>(updates / 2));
  for (std::size_t i = 0; i < h.step_index.size(); ++i) {
    ASSERT_EQ(h.step_index[i], 2.0 * static_cast<double>(i + 1)) << "record " << i;
  }
  for (const auto* series :
       {&h.step_loss, &h.step_lr, &h.step_size_min, &h.step_size_median, &h.step_size_max})
    EXPECT_EQ(series->size(), h.step_index.size());
}

TEST(Trainer, EpochAndStepRatesAreRecorded) {
  Trainer trainer(lrlab::parse_settings(kSpiral));
  trainer.run(3);
  EXPECT_EQ(trainer.current_learning_rate(), 0.1);
  for (double lr : trainer.history().epoch_lr) EXPECT_EQ(lr, 0.1);
  for (double lr : trainer.history().step_lr) EXPECT_EQ(lr, 0.1);
}

TEST(Trainer, SetLearningRateTakesEffectFromTheNextStepKeepingTheWeights) {
  // Plain SGD so one update is exactly w - lr * g with the gradient the model just computed.
  std::string json = kSpiral;
  json.replace(json.find(", \"momentum\": 0.9"), 17, "");
  Trainer trainer(lrlab::parse_settings(json));
  trainer.run(2);
  trainer.step();
  trainer.step();
  const Eigen::VectorXd before = trainer.parameters();
  const long updates = trainer.updates();

  trainer.set_learning_rate(0.03);
  EXPECT_EQ(trainer.current_learning_rate(), 0.03);
  EXPECT_EQ(trainer.updates(), updates);
  EXPECT_EQ(trainer.epoch_index(), 2);
  for (Eigen::Index i = 0; i < before.size(); ++i)
    EXPECT_TRUE(same_bits(trainer.parameters()[i], before[i])) << "weights must not reset";

  ASSERT_TRUE(trainer.step());
  const History& h = trainer.history();
  EXPECT_EQ(h.step_lr.back(), 0.03);
  EXPECT_EQ(h.step_lr[h.step_lr.size() - 2], 0.1);
  const Eigen::VectorXd& g = trainer.model().gradient();
  for (Eigen::Index i = 0; i < before.size(); ++i)
    EXPECT_NEAR(trainer.parameters()[i], before[i] - 0.03 * g[i], 1e-15 * (1 + std::abs(before[i])))
        << i;

  // The epoch begun at 0.1 keeps its recorded first-step rate; the next epoch is all 0.03.
  trainer.epoch();
  trainer.epoch();
  ASSERT_EQ(h.epochs(), 4);
  EXPECT_EQ(h.epoch_lr[2], 0.1);
  EXPECT_EQ(h.epoch_lr[3], 0.03);
  EXPECT_THROW(trainer.set_learning_rate(-1), lrlab::Error);
  EXPECT_THROW(trainer.set_learning_rate(std::nan("")), lrlab::Error);
  EXPECT_EQ(trainer.current_learning_rate(), 0.03);  // a rejected change changes nothing
}

// Linear regression, full batch, at a rate far above 2/L (L is about 2 here): the loss grows by
// (1 - 40*2)^2 per epoch and passes a million times the first epoch's within a few epochs.
constexpr const char* kDiverging = R"({"seed": 3,
    "problem": {"name": "linear", "samples": 100, "noise": 0.1},
    "model": {"hidden": [], "loss": "mse"},
    "optimizer": {"name": "sgd", "learning_rate": 40},
    "batch_size": 1000, "epochs": 50})";

TEST(Trainer, ADivergedRunStopsWithoutThrowingAndKeepsFiniteParameters) {
  Trainer trainer(lrlab::parse_settings(kDiverging));
  const long done = trainer.run(50);
  const History& h = trainer.history();
  ASSERT_TRUE(h.diverged);
  EXPECT_TRUE(trainer.stopped());
  EXPECT_LT(done, 10);
  EXPECT_EQ(done, h.epochs());
  EXPECT_EQ(h.diverged_epoch, done);
  EXPECT_GE(h.diverged_step, 1);
  EXPECT_TRUE(trainer.parameters().allFinite());
  for (double loss : h.train_loss) EXPECT_TRUE(std::isfinite(loss));
  for (double loss : h.step_loss) EXPECT_TRUE(std::isfinite(loss));
  ASSERT_EQ(h.events.size(), 1u);
  EXPECT_EQ(h.events[0].kind, lrlab::Event::Kind::Diverged);
  EXPECT_FALSE(h.events[0].message.empty());

  // Afterwards every call returns false and changes nothing.
  const Eigen::VectorXd kept = trainer.parameters();
  const long updates = trainer.updates();
  EXPECT_FALSE(trainer.step());
  EXPECT_FALSE(trainer.epoch());
  EXPECT_EQ(trainer.run(5), 0);
  EXPECT_EQ(trainer.updates(), updates);
  EXPECT_EQ(h.epochs(), done);
  EXPECT_EQ(h.events.size(), 1u);
  for (Eigen::Index i = 0; i < kept.size(); ++i)
    EXPECT_TRUE(same_bits(trainer.parameters()[i], kept[i]));

  // reset() brings the run back to life, at the same (diverging) rate.
  trainer.reset();
  EXPECT_FALSE(trainer.stopped());
  EXPECT_FALSE(trainer.history().diverged);
  EXPECT_EQ(trainer.history().diverged_epoch, -1);
  EXPECT_TRUE(trainer.history().events.empty());
  EXPECT_EQ(trainer.run(50), done);
  EXPECT_TRUE(trainer.history().diverged);
}

TEST(Trainer, ASingleHugeStepOnBatchesOfOneIsCaughtToo) {
  // Sample by sample at the largest allowed rate: the first update already throws the weights
  // to ~1e6, the next step's loss is ~1e12 times larger. Stopping must never throw.
  std::string json = kDiverging;
  json.replace(json.find("\"learning_rate\": 40"), 19, "\"learning_rate\": 1e6");
  json.replace(json.find("\"batch_size\": 1000"), 18, "\"batch_size\": 1");
  Trainer trainer(lrlab::parse_settings(json));
  EXPECT_EQ(trainer.run(50), 0);
  EXPECT_TRUE(trainer.history().diverged);
  EXPECT_EQ(trainer.history().diverged_epoch, 0);
  EXPECT_TRUE(trainer.parameters().allFinite());
  EXPECT_EQ(trainer.history().epochs(), 0);
}

TEST(Trainer, AFormulaThatTurnsNonPositiveStopsTheRunNamingTheEpoch) {
  // 0.1 - 0.03*epoch: 0.1, 0.07, 0.04, 0.01 (approximately), then -0.02 at epoch 4.
  std::string json = kSpiral;
  json.replace(json.find("\"batch_size\""), 0,
               R"("schedule": {"name": "formula", "expression": "0.1 - 0.03*epoch"}, )");
  Trainer trainer(lrlab::parse_settings(json));
  int first_bad = -1;
  for (int e = 0; e < 12 && first_bad < 0; ++e)
    if (!(0.1 - 0.03 * e > 0)) first_bad = e;
  ASSERT_EQ(first_bad, 4);

  EXPECT_EQ(trainer.run(12), first_bad);
  const History& h = trainer.history();
  EXPECT_TRUE(trainer.stopped());
  EXPECT_FALSE(h.diverged);
  EXPECT_EQ(h.epochs(), first_bad);
  for (int e = 0; e < first_bad; ++e) EXPECT_NEAR(h.epoch_lr[e], 0.1 - 0.03 * e, 1e-15);
  ASSERT_EQ(h.events.size(), 1u);
  const lrlab::Event& event = h.events[0];
  EXPECT_EQ(event.kind, lrlab::Event::Kind::ScheduleError);
  EXPECT_EQ(event.epoch, first_bad);
  EXPECT_NE(event.message.find("epoch 4"), std::string::npos) << event.message;
  EXPECT_EQ(trainer.updates(), first_bad * kStepsPerEpoch);  // no step ran at the bad rate
  EXPECT_FALSE(trainer.step());
  EXPECT_FALSE(trainer.epoch());
  EXPECT_EQ(h.events.size(), 1u);
}

TEST(Trainer, WithoutAValidationSetValLossIsNaN) {
  std::string json = kSpiral;
  json.replace(json.find("\"val_fraction\": 0.2"), 19, "\"val_fraction\": 0");
  Trainer trainer(lrlab::parse_settings(json));
  EXPECT_EQ(trainer.problem().val.size(), 0);
  EXPECT_EQ(trainer.problem().train.size(), 200);
  EXPECT_EQ(trainer.run(3), 3);
  for (int e = 0; e < 3; ++e) {
    EXPECT_TRUE(std::isnan(trainer.history().val_loss[e]));
    EXPECT_TRUE(std::isnan(trainer.history().val_accuracy[e]));
    EXPECT_TRUE(std::isfinite(trainer.history().train_loss[e]));
  }
  EXPECT_FALSE(trainer.history().diverged);  // a missing validation loss is not a divergence
}

TEST(Trainer, RegressionHasNoAccuracy) {
  Trainer trainer(lrlab::parse_settings(
      R"({"problem": {"name": "sine", "samples": 100}, "model": {"hidden": [8]},
          "batch_size": 16, "epochs": 3})"));
  EXPECT_EQ(trainer.run(3), 3);
  for (int e = 0; e < 3; ++e) {
    EXPECT_TRUE(std::isnan(trainer.history().accuracy[e]));
    EXPECT_TRUE(std::isnan(trainer.history().val_accuracy[e]));
    EXPECT_TRUE(std::isfinite(trainer.history().val_loss[e]));
  }
}

TEST(Trainer, ClassificationAccuracyIsAShare) {
  for (const char* problem : {"spiral", "moons", "blobs"}) {
    SCOPED_TRACE(problem);
    Trainer trainer(lrlab::parse_settings(std::string(R"({"problem": {"name": ")") + problem +
                                          R"(", "samples": 150}, "model": {"hidden": [8]},
                                              "batch_size": 10, "epochs": 4})"));
    EXPECT_EQ(trainer.run(4), 4);
    for (int e = 0; e < 4; ++e) {
      const double acc = trainer.history().accuracy[e], val = trainer.history().val_accuracy[e];
      EXPECT_GE(acc, 0);
      EXPECT_LE(acc, 1);
      EXPECT_GE(val, 0);
      EXPECT_LE(val, 1);
      // A share of 120 training and 30 validation samples.
      EXPECT_NEAR(acc * 120, std::round(acc * 120), 1e-9);
      EXPECT_NEAR(val * 30, std::round(val * 30), 1e-9);
    }
  }
}

}  // namespace
