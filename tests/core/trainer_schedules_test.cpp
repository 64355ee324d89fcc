// Learning-rate control inside the training loop: every schedule of the registry records exactly
// the rates its preview promised (per epoch and per step), a few also against their closed forms
// written here; ReduceLROnPlateau cuts the rate as Keras 3 would (checked by an independent
// re-implementation of its rule run on the recorded monitor values), respects min_lr, and combines
// with a per-epoch schedule by scaling the schedule's base rate.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/history.h"
#include "core/schedule/schedule.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

using lrlab::Granularity;
using lrlab::History;
using lrlab::Trainer;

// 100 spiral samples, 80 for training in batches of 16: 5 steps per epoch.
constexpr long kStepsPerEpoch = 5;
constexpr int kEpochs = 12;
constexpr double kLr0 = 0.05;

std::string settings_json(const std::string& schedule_json, const std::string& plateau_json = "",
                          double lr0 = kLr0, int epochs = kEpochs) {
  char head[512];
  std::snprintf(head, sizeof head,
                R"({"seed": 9, "problem": {"name": "spiral", "samples": 100},
                    "model": {"hidden": [4]},
                    "optimizer": {"name": "sgd", "learning_rate": %.17g},
                    "batch_size": 16, "epochs": %d, "schedule": )",
                lr0, epochs);
  std::string json = head + schedule_json;
  if (!plateau_json.empty()) json += ", \"plateau\": " + plateau_json;
  return json + "}";
}

std::vector<double> preview_of(const lrlab::Settings& settings, long count) {
  const lrlab::ScheduleInfo& info = lrlab::find_schedule(settings.schedule.name);
  return lrlab::preview_schedule(*info.make(settings.schedule.params),
                                 settings.schedule.granularity, settings.optimizer.learning_rate,
                                 count, kStepsPerEpoch);
}

TEST(TrainerSchedules, EveryScheduleRecordsExactlyItsPreviewPerEpochAndPerStep) {
  for (const lrlab::ScheduleInfo& info : lrlab::schedule_registry()) {
    for (const char* granularity : {"epoch", "step"}) {
      SCOPED_TRACE(info.name + " per " + granularity);
      Trainer trainer(lrlab::parse_settings(settings_json(
          R"({"name": ")" + info.name + R"(", "granularity": ")" + granularity + R"("})")));
      ASSERT_EQ(trainer.run(kEpochs), kEpochs) << trainer.history().events.size();
      const History& h = trainer.history();
      ASSERT_EQ(trainer.updates(), kEpochs * kStepsPerEpoch);
      ASSERT_EQ(h.step_lr.size(), static_cast<std::size_t>(kEpochs * kStepsPerEpoch));
      if (trainer.settings().schedule.granularity == Granularity::Epoch) {
        const std::vector<double> preview = preview_of(trainer.settings(), kEpochs);
        for (int e = 0; e < kEpochs; ++e) {
          EXPECT_EQ(h.epoch_lr[e], preview[e]) << "epoch " << e;
          for (long j = 0; j < kStepsPerEpoch; ++j)  // the epoch's rate holds for all its steps
            EXPECT_EQ(h.step_lr[e * kStepsPerEpoch + j], preview[e]) << "epoch " << e;
        }
      } else {
        const std::vector<double> preview =
            preview_of(trainer.settings(), kEpochs * kStepsPerEpoch);
        for (long s = 0; s < kEpochs * kStepsPerEpoch; ++s)
          EXPECT_EQ(h.step_lr[s], preview[s]) << "step " << s;
        for (int e = 0; e < kEpochs; ++e)  // an epoch's rate is its first step's
          EXPECT_EQ(h.epoch_lr[e], preview[e * kStepsPerEpoch]) << "epoch " << e;
      }
    }
  }
}

void expect_relative(double actual, double expected, const std::string& where) {
  EXPECT_NEAR(actual, expected, 1e-14 * std::abs(expected)) << where;
}

TEST(TrainerSchedules, RecordedRatesMatchClosedFormsWrittenHere) {
  const double pi = std::acos(-1.0);
  {  // The tutorial's function, per epoch: 0.01 for e < 5, then 0.01 exp(0.1 (10 - e)).
    Trainer trainer(lrlab::parse_settings(settings_json(R"({"name": "tutorial"})")));
    trainer.run(kEpochs);
    for (int e = 0; e < kEpochs; ++e)
      expect_relative(trainer.history().epoch_lr[e], e < 5 ? 0.01 : 0.01 * std::exp(0.1 * (10 - e)),
                      "tutorial epoch " + std::to_string(e));
    EXPECT_GT(trainer.history().epoch_lr[5], trainer.history().epoch_lr[4]);  // the jump up
  }
  {  // Step decay per step, step_size 7, gamma 0.5: lr0 0.5^floor(s / 7), s = updates before.
    Trainer trainer(lrlab::parse_settings(
        settings_json(R"({"name": "step", "granularity": "step", "step_size": 7, "gamma": 0.5})")));
    trainer.run(kEpochs);
    for (long s = 0; s < kEpochs * kStepsPerEpoch; ++s)
      expect_relative(trainer.history().step_lr[s], kLr0 * std::pow(0.5, std::floor(s / 7.0)),
                      "step decay at step " + std::to_string(s));
  }
  {  // Exponential per epoch, decay_steps 3, rate 0.8: lr0 0.8^(e / 3).
    Trainer trainer(lrlab::parse_settings(settings_json(
        R"({"name": "exponential", "granularity": "epoch", "decay_steps": 3,
            "decay_rate": 0.8})")));
    trainer.run(kEpochs);
    for (int e = 0; e < kEpochs; ++e)
      expect_relative(trainer.history().epoch_lr[e], kLr0 * std::pow(0.8, e / 3.0),
                      "exponential epoch " + std::to_string(e));
  }
  {  // Cosine per step over N = 40 steps, alpha 0.1, no warmup; flat at alpha lr0 after N.
    Trainer trainer(lrlab::parse_settings(settings_json(
        R"({"name": "cosine", "granularity": "step", "decay_steps": 40, "alpha": 0.1})")));
    trainer.run(kEpochs);
    for (long s = 0; s < kEpochs * kStepsPerEpoch; ++s) {
      const double c = 0.5 * (1 + std::cos(pi * std::min<double>(s, 40) / 40));
      expect_relative(trainer.history().step_lr[s], kLr0 * ((1 - 0.1) * c + 0.1),
                      "cosine at step " + std::to_string(s));
    }
  }
}

TEST(TrainerSchedules, AFormulaOfLrCompoundsEpochByEpochAsKerasDoes) {
  // Keras' LearningRateScheduler calls schedule(epoch, lr) with the rate currently in force, so
  // "lr * 0.5" halves the rate before every epoch, the first one included
  // (docs/spec-schedules.md#per-epoch-schedules).
  Trainer trainer(lrlab::parse_settings(
      settings_json(R"({"name": "formula", "expression": "lr * 0.5"})", "", 0.1, 5)));
  ASSERT_EQ(trainer.run(5), 5);
  for (int e = 0; e < 5; ++e)
    expect_relative(trainer.history().epoch_lr[e], 0.1 * std::pow(0.5, e + 1),
                    "epoch " + std::to_string(e));
}

// Keras 3's ReduceLROnPlateau (docs/spec-schedules.md#reducelronplateau), min mode, written again
// here.
struct KerasPlateau {
  double factor, min_delta, min_lr;
  int patience, cooldown;
  double best = std::numeric_limits<double>::infinity();
  int wait = 0, cooldown_counter = 0;

  // Returns the rate for the next epoch.
  double on_epoch_end(double v, double lr, bool* reduced) {
    *reduced = false;
    if (cooldown_counter > 0) {
      --cooldown_counter;
      wait = 0;
    }
    if (v < best - min_delta) {
      best = v;
      wait = 0;
    } else if (cooldown_counter <= 0) {
      ++wait;
      if (wait >= patience && lr > min_lr) {
        lr = std::max(lr * factor, min_lr);
        cooldown_counter = cooldown;
        wait = 0;
        *reduced = true;
      }
    }
    return lr;
  }
};

TEST(TrainerSchedules, PlateauCutsTheRateAsKerasWouldAndStopsAtMinLr) {
  // At lr 1e-6 the validation loss moves by far less than min_delta 1e-4: a plateau from epoch 1.
  const double lr0 = 1e-6, factor = 0.1, min_lr = 2e-8;
  char plateau[256];
  std::snprintf(plateau, sizeof plateau,
                R"({"enabled": true, "patience": 2, "factor": %.17g, "min_lr": %.17g})", factor,
                min_lr);
  Trainer trainer(
      lrlab::parse_settings(settings_json(R"({"name": "constant"})", plateau, lr0, 14)));
  ASSERT_EQ(trainer.run(14), 14);
  const History& h = trainer.history();

  KerasPlateau keras{factor, 1e-4, min_lr, 2, 0};
  double lr = lr0;
  std::vector<long> cut_epochs;
  std::size_t event = 0;
  for (int e = 0; e < 14; ++e) {
    EXPECT_EQ(h.epoch_lr[e], lr) << "epoch " << e;
    EXPECT_GE(h.epoch_lr[e], min_lr);
    bool reduced = false;
    const double next = keras.on_epoch_end(h.val_loss[e], lr, &reduced);
    if (reduced) {
      cut_epochs.push_back(e);
      ASSERT_LT(event, h.events.size()) << "missing the cut after epoch " << e;
      const lrlab::Event& ev = h.events[event++];
      EXPECT_EQ(ev.kind, lrlab::Event::Kind::PlateauReduction);
      EXPECT_EQ(ev.epoch, e);
      EXPECT_EQ(ev.old_lr, lr);
      EXPECT_EQ(ev.new_lr, next);
      EXPECT_EQ(ev.monitored, h.val_loss[e]);
      EXPECT_FALSE(ev.message.empty());
    }
    lr = next;
  }
  EXPECT_EQ(event, h.events.size()) << "extra events";
  // What that amounts to here: cuts after epochs 2 and 4 (patience 2, wait restarts after a cut),
  // the second one floored at min_lr, then nothing more however long the plateau lasts.
  ASSERT_EQ(cut_epochs, (std::vector<long>{2, 4}));
  EXPECT_EQ(h.epoch_lr[3], lr0 * factor);
  EXPECT_EQ(h.epoch_lr[5], min_lr);  // 1e-7 * 0.1 = 1e-8 is below the floor
  EXPECT_EQ(h.epoch_lr[13], min_lr);
  EXPECT_EQ(trainer.current_learning_rate(), min_lr);
}

TEST(TrainerSchedules, PlateauWithAPerEpochScheduleScalesTheScheduleBase) {
  // Exponential per epoch, lr0 0.9^e, with cuts of 0.5: after each cut the schedule continues
  // its own decay from a base lr0 multiplied by new / old (plateau.h).
  const double lr0 = 1e-6, factor = 0.5;
  Trainer trainer(lrlab::parse_settings(settings_json(
      R"({"name": "exponential", "granularity": "epoch", "decay_steps": 1, "decay_rate": 0.9})",
      R"({"enabled": true, "patience": 2, "factor": 0.5})", lr0, 12)));
  ASSERT_EQ(trainer.run(12), 12);
  const History& h = trainer.history();

  KerasPlateau keras{factor, 1e-4, 0, 2, 0};
  double base = lr0;
  int cuts = 0;
  for (int e = 0; e < 12; ++e) {
    const double expected = base * std::pow(0.9, e);
    EXPECT_NEAR(h.epoch_lr[e], expected, 1e-13 * expected) << "epoch " << e;
    bool reduced = false;
    const double used = h.epoch_lr[e];
    const double next = keras.on_epoch_end(h.val_loss[e], used, &reduced);
    if (reduced) {
      ++cuts;
      base *= next / used;
      // The next epoch is not simply old * factor: the schedule's decay goes on as well.
      EXPECT_NEAR(h.epoch_lr[e + 1], used * factor * 0.9, 1e-13 * used) << "after epoch " << e;
    }
  }
  EXPECT_EQ(cuts, 5);  // after epochs 2, 4, 6, 8, 10
  EXPECT_EQ(static_cast<int>(h.events.size()), cuts);
}

TEST(TrainerSchedules, ScheduleAndPlateauChangesTakeEffectFromTheNextEpoch) {
  Trainer trainer(lrlab::parse_settings(settings_json(R"({"name": "constant"})")));
  trainer.run(3);
  const Eigen::VectorXd before = trainer.parameters();

  lrlab::ScheduleSettings schedule;
  schedule.name = "exponential";
  schedule.granularity = Granularity::Epoch;
  schedule.params.numbers["decay_steps"] = 1;
  schedule.params.numbers["decay_rate"] = 0.5;
  trainer.set_schedule(schedule);
  EXPECT_EQ(trainer.epoch_index(), 3);
  for (Eigen::Index i = 0; i < before.size(); ++i) EXPECT_EQ(trainer.parameters()[i], before[i]);
  trainer.run(2);
  const History& h = trainer.history();
  ASSERT_EQ(h.epochs(), 5);
  for (int e = 0; e < 3; ++e) EXPECT_EQ(h.epoch_lr[e], kLr0);
  expect_relative(h.epoch_lr[3], kLr0 * std::pow(0.5, 3), "epoch 3");  // position = epoch index
  expect_relative(h.epoch_lr[4], kLr0 * std::pow(0.5, 4), "epoch 4");

  // A plateau switched on mid-run with patience 0 cuts after the very next epoch.
  lrlab::PlateauSettings plateau;
  plateau.enabled = true;
  plateau.params.numbers["patience"] = 0;
  plateau.params.numbers["factor"] = 0.5;
  trainer.set_plateau(plateau);
  // The trainer's settings stay complete (defaults filled in) and serialisable: the bindings
  // rebuild the next change from them.
  EXPECT_EQ(trainer.settings().plateau.params.text("monitor"), "val_loss");
  EXPECT_EQ(trainer.settings().schedule.params.number("staircase"), 0);
  EXPECT_NO_THROW(lrlab::parse_settings(lrlab::settings_to_json(trainer.settings())));
  trainer.run(2);
  ASSERT_EQ(h.epochs(), 7);
  EXPECT_FALSE(h.events.empty());

  lrlab::ScheduleSettings bad;
  bad.name = "no-such-schedule";
  EXPECT_THROW(trainer.set_schedule(bad), lrlab::Error);
  EXPECT_EQ(trainer.settings().schedule.name, "exponential");
  EXPECT_TRUE(trainer.epoch());
}

TEST(TrainerSchedules, AScheduleErrorStopsTheRunAndAWorkingScheduleResumesItWithItsHistory) {
  // Per epoch: the formula fails from epoch 3 on (1/0), so the run stops as epoch 3 begins.
  Trainer trainer(lrlab::parse_settings(
      settings_json(R"({"name": "formula", "expression": "epoch < 3 ? lr0 : 1/0"})")));
  EXPECT_EQ(trainer.run(10), 3);
  ASSERT_TRUE(trainer.stopped());
  const History& h = trainer.history();
  ASSERT_EQ(h.epochs(), 3);
  ASSERT_EQ(h.events.size(), 1u);
  EXPECT_EQ(h.events[0].kind, lrlab::Event::Kind::ScheduleError);
  EXPECT_EQ(h.events[0].epoch, 3);
  const std::vector<double> kept(h.train_loss.begin(), h.train_loss.end());
  const long updates = trainer.updates();

  // Still failing: resume() stops it again at the same place, with another event.
  EXPECT_FALSE(trainer.resume());
  EXPECT_EQ(h.events.size(), 2u);
  EXPECT_EQ(trainer.updates(), updates);

  // A schedule that works: the run goes on from epoch 3 at the new rate, history kept.
  lrlab::ScheduleSettings halved;
  halved.name = "formula";
  halved.granularity = Granularity::Epoch;
  halved.params.texts["expression"] = "lr0 / 2";
  trainer.set_schedule(halved);
  EXPECT_TRUE(trainer.resume());
  EXPECT_FALSE(trainer.stopped());
  EXPECT_EQ(trainer.run(2), 2);
  ASSERT_EQ(h.epochs(), 5);
  for (std::size_t e = 0; e < kept.size(); ++e) EXPECT_EQ(h.train_loss[e], kept[e]);
  EXPECT_EQ(h.epoch_lr[2], kLr0);
  EXPECT_EQ(h.epoch_lr[3], kLr0 / 2);
  EXPECT_EQ(h.epoch_lr[4], kLr0 / 2);
  EXPECT_EQ(trainer.updates(), updates + 2 * kStepsPerEpoch);
}

TEST(TrainerSchedules, ADivergedRunCannotBeResumed) {
  // Noisy sine, squared error, rate 100: the loss explodes within a few epochs.
  Trainer trainer(lrlab::parse_settings(
      R"({"problem": {"name": "sine"}, "optimizer": {"name": "sgd", "learning_rate": 100},
          "epochs": 20})"));
  trainer.run(20);
  ASSERT_TRUE(trainer.history().diverged);
  const long updates = trainer.updates();
  EXPECT_FALSE(trainer.resume());
  EXPECT_TRUE(trainer.stopped());
  EXPECT_FALSE(trainer.step());
  EXPECT_EQ(trainer.updates(), updates);
}

}  // namespace
