// A run's changes as data (Settings::changes): a trainer given the changes in its settings trains
// bit for bit as one changed by hand through its setters at the same points, which is how the page
// changes a run live (web/worker/run-pool.js applyLive: between epochs, or within an epoch when
// the run stood there). Also the JSON form (partial sections, round trip) and its errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/settings.h"
#include "core/trainer.h"
#include "tests/support/error_of.h"
#include "tests/support/same_bits.h"

namespace {

using lrlab::Trainer;
using lrlab_test::error_of;

// 200 spiral samples, 160 for training; batch 24 gives 7 updates per epoch.
constexpr const char* kStart = R"("seed": 3,
    "problem": {"name": "spiral", "samples": 200, "noise": 0.1, "val_fraction": 0.2},
    "model": {"hidden": [8], "activation": "tanh"},
    "optimizer": {"name": "sgd", "learning_rate": 0.1, "momentum": 0.9},
    "batch_size": 24, "epochs": 12)";
constexpr long kEpochs = 12;

std::string settings_with(const std::string& changes) {
  return std::string("{") + kStart + (changes.empty() ? "" : ", \"changes\": " + changes) + "}";
}

using lrlab_test::same_bits;
using lrlab_test::same_series;

void expect_same_run(const Trainer& a, const Trainer& b) {
  const lrlab::History& x = a.history();
  const lrlab::History& y = b.history();
  EXPECT_TRUE(same_series("train_loss", x.train_loss, y.train_loss));
  EXPECT_TRUE(same_series("val_loss", x.val_loss, y.val_loss));
  EXPECT_TRUE(same_series("accuracy", x.accuracy, y.accuracy));
  EXPECT_TRUE(same_series("epoch_lr", x.epoch_lr, y.epoch_lr));
  EXPECT_TRUE(same_series("step_lr", x.step_lr, y.step_lr));
  EXPECT_TRUE(same_series("step_size_median", x.step_size_median, y.step_size_median));
  EXPECT_EQ(x.events.size(), y.events.size());
  ASSERT_EQ(a.parameters().size(), b.parameters().size());
  for (Eigen::Index i = 0; i < a.parameters().size(); ++i)
    EXPECT_TRUE(same_bits(a.parameters()[i], b.parameters()[i])) << "parameter " << i;
}

// What the page does: train, and at (epoch, step) call a setter on the running trainer.
struct LiveChange {
  long epoch, step;
  std::function<void(Trainer&)> apply;
};

void train_live(Trainer& trainer, const std::vector<LiveChange>& changes) {
  std::size_t next = 0;
  while (trainer.epoch_index() < kEpochs && !trainer.stopped()) {
    const long in_epoch = trainer.updates() - trainer.epoch_index() * trainer.steps_per_epoch();
    while (next < changes.size() && changes[next].epoch == trainer.epoch_index() &&
           changes[next].step == in_epoch)
      changes[next++].apply(trainer);
    trainer.step();
  }
  ASSERT_EQ(next, changes.size()) << "every live change was made";
}

lrlab::OptimizerSettings optimizer(const std::string& section) {
  return lrlab::replace_section(lrlab::parse_settings(settings_with("")), "optimizer", section)
      .optimizer;
}
lrlab::ScheduleSettings schedule(const std::string& section) {
  return lrlab::replace_section(lrlab::parse_settings(settings_with("")), "schedule", section)
      .schedule;
}
lrlab::PlateauSettings plateau(const std::string& section) {
  return lrlab::replace_section(lrlab::parse_settings(settings_with("")), "plateau", section)
      .plateau;
}

void expect_replay(const std::string& changes, const std::vector<LiveChange>& live) {
  Trainer by_hand(lrlab::parse_settings(settings_with("")));
  train_live(by_hand, live);
  Trainer replayed(lrlab::parse_settings(settings_with(changes)));
  replayed.run(kEpochs);
  EXPECT_EQ(replayed.changes_applied(), live.size());
  expect_same_run(by_hand, replayed);
  // reset() starts again from the sections the run began with and replays the changes.
  replayed.reset();
  replayed.run(kEpochs);
  expect_same_run(by_hand, replayed);
}

TEST(SettingsChanges, OneRateChangeReplaysTheLiveChange) {
  expect_replay(R"([{"epoch": 4, "optimizer": {"learning_rate": 0.02}}])",
                {{4, 0, [](Trainer& t) { t.set_learning_rate(0.02); }}});
}

TEST(SettingsChanges, TheRateInForceIsTheChangedOneFromItsEpochOn) {
  Trainer trainer(lrlab::parse_settings(
      settings_with(R"([{"epoch": 4, "optimizer": {"learning_rate": 0.02}}])")));
  trainer.run(kEpochs);
  const std::vector<double>& rates = trainer.history().epoch_lr;
  ASSERT_EQ(rates.size(), static_cast<std::size_t>(kEpochs));
  for (long e = 0; e < kEpochs; ++e) EXPECT_EQ(rates[e], e < 4 ? 0.1 : 0.02) << "epoch " << e;
  // The optimizer kept its momentum: a rate change is not a new optimizer.
  EXPECT_EQ(trainer.settings().optimizer.params.number("momentum"), 0.9);
}

TEST(SettingsChanges, TwoChangesRateThenOptimizer) {
  expect_replay(R"([{"epoch": 3, "optimizer": {"learning_rate": 0.3}},
                    {"epoch": 6, "optimizer": {"name": "adam", "learning_rate": 0.01}}])",
                {{3, 0, [](Trainer& t) { t.set_learning_rate(0.3); }},
                 {6, 0, [](Trainer& t) {
                    t.set_optimizer(optimizer(R"({"name": "adam", "learning_rate": 0.01})"));
                  }}});
}

TEST(SettingsChanges, FiveChangesOfEverySectionOneWithinAnEpoch) {
  expect_replay(
      R"([{"epoch": 1, "optimizer": {"learning_rate": 0.05}},
          {"epoch": 2, "schedule": {"name": "exponential", "decay_rate": 0.5, "decay_steps": 3}},
          {"epoch": 4, "step": 3, "optimizer": {"momentum": 0.5}},
          {"epoch": 4, "step": 3, "plateau": {"enabled": true, "patience": 1, "factor": 0.5}},
          {"epoch": 9, "optimizer": {"name": "rmsprop", "learning_rate": 0.002},
                       "schedule": {"name": "constant"}}])",
      {{1, 0, [](Trainer& t) { t.set_learning_rate(0.05); }},
       {2, 0,
        [](Trainer& t) {
          t.set_schedule(
              schedule(R"({"name": "exponential", "decay_rate": 0.5, "decay_steps": 3})"));
        }},
       {4, 3,
        [](Trainer& t) {
          t.set_optimizer(optimizer(R"({"name": "sgd", "learning_rate": 0.05, "momentum": 0.5})"));
        }},
       {4, 3,
        [](Trainer& t) {
          t.set_plateau(plateau(R"({"enabled": true, "patience": 1, "factor": 0.5})"));
        }},
       {9, 0, [](Trainer& t) {
          t.set_optimizer(optimizer(R"({"name": "rmsprop", "learning_rate": 0.002})"));
          t.set_schedule(schedule(R"({"name": "constant"})"));
        }}});
}

TEST(SettingsChanges, PartialSectionsKeepTheValuesInForceAndANewNameItsDefaults) {
  const lrlab::Settings s =
      lrlab::parse_settings(settings_with(R"([{"epoch": 2, "optimizer": {"learning_rate": 0.5}},
                        {"epoch": 5, "optimizer": {"name": "adam"}}])"));
  ASSERT_EQ(s.changes.size(), 2u);
  EXPECT_TRUE(s.changes[0].has_optimizer);
  EXPECT_FALSE(s.changes[0].has_schedule);
  EXPECT_EQ(s.changes[0].optimizer.learning_rate, 0.5);
  EXPECT_EQ(s.changes[0].optimizer.params.number("momentum"), 0.9);  // kept from the start
  EXPECT_EQ(s.changes[1].optimizer.name, "adam");
  EXPECT_EQ(s.changes[1].optimizer.learning_rate, 0.001);  // Adam's Keras default
  EXPECT_EQ(s.changes[1].optimizer.params.number("beta_1"), 0.9);
  // The sections themselves are what the run started with.
  EXPECT_EQ(s.optimizer.learning_rate, 0.1);
}

TEST(SettingsChanges, CanonicalJsonRoundTripsAndOmitsAnEmptyList) {
  const std::string json = lrlab::settings_to_json(lrlab::parse_settings(
      settings_with(R"([{"epoch": 4, "step": 2, "optimizer": {"learning_rate": 0.02}}])")));
  EXPECT_NE(json.find(R"("changes":[{"epoch":4,"step":2,"optimizer":{"name":"sgd")"),
            std::string::npos)
      << json;
  EXPECT_EQ(lrlab::settings_to_json(lrlab::parse_settings(json)), json);
  EXPECT_EQ(lrlab::settings_to_json(lrlab::parse_settings(settings_with(""))).find("changes"),
            std::string::npos);
}

TEST(SettingsChanges, ErrorsNameTheChangeTheFieldTheValueAndTheRange) {
  const auto parse = [](const std::string& changes) {
    return error_of([&] { lrlab::parse_settings(settings_with(changes)); });
  };
  EXPECT_EQ(parse(R"([{"epoch": 1, "optimizer": {"learning_rate": 0.2}},
                      {"epoch": 2, "optimizer": {"learning_rate": -1}}])"),
            "changes[1].optimizer.learning_rate: -1 is not allowed (must be a finite number > 0 "
            "and <= 1e6)");
  EXPECT_EQ(parse(R"([{"epoch": -3, "optimizer": {"learning_rate": 0.2}}])")
                .rfind("changes[0].epoch: -3 is not allowed", 0),
            0u);
  EXPECT_EQ(parse(R"([{"optimizer": {"learning_rate": 0.2}}])"),
            "changes[0].epoch: missing (this field is required)");
  EXPECT_EQ(parse(R"([{"epoch": 2}])"),
            "changes[0]: changes nothing (give at least one of optimizer, schedule, plateau)");
  EXPECT_EQ(parse(R"([{"epoch": 5, "plateau": {"enabled": true}},
                      {"epoch": 4, "plateau": {"enabled": false}}])"),
            "changes[1].epoch: 4 step 0 is not allowed (must not come before the change above it "
            "(epoch 5 step 0): list changes in the order they happened)");
  EXPECT_EQ(parse(R"([{"epoch": 2, "rate": 3}])").rfind("changes[0].rate: unknown field", 0), 0u);
  EXPECT_EQ(parse(R"([{"epoch": 2, "plateau": {"factor": 1.5}}])")
                .rfind("changes[0].plateau.factor: 1.5 is not allowed", 0),
            0u);
  // A step the epoch does not have: 160 training samples at batch 24 make 7 updates.
  EXPECT_EQ(error_of([] {
              Trainer t(lrlab::parse_settings(settings_with(
                  R"([{"epoch": 2, "step": 7, "optimizer": {"learning_rate": 1}}])")));
            }),
            "changes[0].step: 7 is not allowed (must be below 7, the updates in one epoch at this "
            "batch size)");
}

}  // namespace
