// Trainer::step() allocates nothing over a whole run of settings.epochs epochs: the mini-batch
// buffers, the model's and the optimizer's state exist from construction, and the History
// reserves its per-epoch and per-step series for the planned epochs. This binary counts every
// operator new and, on glibc, every malloc (Eigen allocates with malloc, not new), through
// tests/support/allocation_counter.h.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/settings.h"
#include "core/trainer.h"
#include "tests/support/allocation_counter.h"

namespace {

using Counts = lrlab::testing::AllocationCounts;
using lrlab::testing::count_allocations;
using lrlab::testing::kCountsMalloc;

TEST(TrainerAllocations, TheCounterSeesBothKinds) {
  const Counts counts = count_allocations([] {
    std::vector<double> v(10);
    Eigen::VectorXd e = Eigen::VectorXd::Zero(10);
    v[3] = e[3] + 1;
    EXPECT_EQ(v[3], 1);
  });
  EXPECT_GE(counts.news, 1);
  if (kCountsMalloc) {
    EXPECT_GE(counts.mallocs, 1);
  }
}

// Spiral with a 2-layer tanh net, a partial last batch (160 = 6 x 24 + 16) and a validation set,
// so every branch of a step runs: shuffle at an epoch's start, gather, forward/backward, update,
// step record, and at the epoch's end validation loss and accuracy and the epoch record.
std::string settings_json(const std::string& optimizer, const std::string& schedule,
                          const std::string& plateau) {
  return R"({"seed": 3, "problem": {"name": "spiral", "samples": 200},
             "model": {"hidden": [16, 16], "activation": "tanh"},
             "optimizer": )" +
         optimizer + R"(, "schedule": )" + schedule + R"(, "plateau": )" + plateau +
         R"(, "batch_size": 24, "epochs": 20})";
}

void expect_no_allocation_in_steps(const std::string& json) {
  SCOPED_TRACE(json);
  lrlab::Trainer trainer(lrlab::parse_settings(json));
  const long epochs = trainer.settings().epochs;
  long steps = 0;
  const Counts counts = count_allocations([&] {
    while (trainer.epoch_index() < epochs && trainer.step()) ++steps;
  });
  EXPECT_EQ(counts.news, 0);
  EXPECT_EQ(counts.mallocs, 0);
  EXPECT_EQ(trainer.history().epochs(), epochs);
  EXPECT_EQ(steps, epochs * 7);
  EXPECT_FALSE(trainer.history().diverged);
  EXPECT_TRUE(trainer.history().events.empty());

  // The same holds after reset(): the history is reserved again for the planned epochs.
  trainer.reset();
  const Counts again = count_allocations([&] {
    while (trainer.epoch_index() < epochs && trainer.step()) {
    }
  });
  EXPECT_EQ(again.news, 0);
  EXPECT_EQ(again.mallocs, 0);
}

constexpr const char* kNoPlateau = R"({"enabled": false})";
// Enabled but never triggered (a reduction event carries a message, which allocates): the
// callback itself runs every epoch without allocating.
constexpr const char* kQuietPlateau = R"({"enabled": true, "patience": 1000})";

TEST(TrainerAllocations, SgdStepsAllocateNothing) {
  expect_no_allocation_in_steps(settings_json(R"({"name": "sgd", "learning_rate": 0.1})",
                                              R"({"name": "constant"})", kNoPlateau));
  expect_no_allocation_in_steps(
      settings_json(R"({"name": "sgd", "learning_rate": 0.05, "momentum": 0.9, "nesterov": true})",
                    R"({"name": "constant"})", kQuietPlateau));
}

TEST(TrainerAllocations, AdamStepsAllocateNothing) {
  expect_no_allocation_in_steps(settings_json(R"({"name": "adam", "learning_rate": 0.01})",
                                              R"({"name": "constant"})", kNoPlateau));
  expect_no_allocation_in_steps(settings_json(
      R"({"name": "adam", "learning_rate": 0.01, "amsgrad": true})",
      R"({"name": "exponential", "granularity": "epoch", "decay_steps": 5})", kQuietPlateau));
}

TEST(TrainerAllocations, PerStepSchedulesAllocateNothing) {
  for (const char* schedule :
       {R"({"name": "cosine", "granularity": "step", "decay_steps": 100, "warmup_steps": 10})",
        R"({"name": "cyclic", "granularity": "step", "step_size": 20, "mode": "triangular2"})",
        R"({"name": "one_cycle", "granularity": "step", "total_steps": 140})",
        R"({"name": "piecewise", "granularity": "step", "boundaries": [30, 60],
            "values": [0.1, 0.05, 0.01]})"}) {
    expect_no_allocation_in_steps(
        settings_json(R"({"name": "sgd", "learning_rate": 0.1})", schedule, kNoPlateau));
    expect_no_allocation_in_steps(
        settings_json(R"({"name": "adam", "learning_rate": 0.01})", schedule, kQuietPlateau));
  }
}

// Both callbacks on, neither triggered (a stop records an event, which allocates): keeping the
// best weights at each improvement copies into a buffer sized when the run began.
TEST(TrainerAllocations, EarlyStoppingKeepingTheBestWeightsAllocatesNothing) {
  for (const char* monitor : {"val_loss", "loss", "val_accuracy"}) {
    const std::string early_stopping = std::string(R"({"enabled": true, "monitor": ")") + monitor +
                                       R"(", "patience": 1000, "restore_best_weights": true})";
    expect_no_allocation_in_steps(
        settings_json(R"({"name": "sgd", "learning_rate": 0.1})", R"({"name": "constant"})",
                      std::string(kQuietPlateau) + R"(, "early_stopping": )" + early_stopping));
  }
}

TEST(TrainerAllocations, TheCounterSeesTheHistoryGrowPastThePlannedEpochs) {
  // The control experiment: past settings.epochs the reserved series must grow, and the counter
  // notices. (The page may continue a run past its planned length; amortised growth is fine there.)
  lrlab::Trainer trainer(lrlab::parse_settings(settings_json(
      R"({"name": "sgd", "learning_rate": 0.1})", R"({"name": "constant"})", kNoPlateau)));
  trainer.run(trainer.settings().epochs);
  const Counts counts = count_allocations([&] { trainer.run(2); });
  EXPECT_GT(counts.news + counts.mallocs, 0);
  EXPECT_EQ(trainer.history().epochs(), trainer.settings().epochs + 2);
}

TEST(TrainerAllocations, FormulaSchedulesAllocateNothing) {
  // The custom formula is evaluated before every epoch (or step): its evaluator must not
  // allocate either.
  for (
      const char* schedule :
      {R"json({"name": "formula", "expression": "epoch < 5 ? 0.01 : 0.01 * exp(0.1 * (10 - epoch))"})json",
       R"json({"name": "formula", "granularity": "step",
                "expression": "lr0 * max(0.1, cos(step / 200))"})json"})
    expect_no_allocation_in_steps(
        settings_json(R"({"name": "sgd", "learning_rate": 0.1})", schedule, kNoPlateau));
}

}  // namespace
