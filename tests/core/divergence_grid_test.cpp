// Every optimizer x a set of schedules x learning rates from 1e-6 to 1e3 x every problem, a few
// epochs each on small data: a student can drag any control to its extreme, so every corner of
// that space must end in one of three recorded outcomes and never in a crash or a NaN on a chart:
//   - trained: every recorded number is finite;
//   - diverged: marked with its epoch and step and a Diverged event, everything recorded before
//     the divergence finite (the page draws the run up to its last finite point);
//   - stopped by the schedule: a formula gave an unusable rate, with a ScheduleError event.
// In every case the parameters stay finite (the trainer keeps the last finite ones), and step()
// and epoch() return normally (they are noexcept: an escaping exception would terminate the test).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/data.h"
#include "core/history.h"
#include "core/optim/optimizer.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

using lrlab::Event;
using lrlab::History;

// 40 samples, 30 for training in batches of 10: 3 steps per epoch, 4 epochs. Small on purpose:
// the grid has thousands of runs and must stay fast under the sanitizers too.
constexpr int kEpochs = 4;
constexpr int kRates = 10;  // 1e-6, 1e-5, ..., 1e3

struct ScheduleCase {
  const char* label;
  const char* json;
};

// The schedules the page offers most, one per family, plus two formulas: one that compounds the
// rate (lr * 3 per epoch) and one that divides by zero at epoch 2 (the "stopped by the schedule"
// outcome). "cyclic" runs per step, the others per epoch (their defaults).
const ScheduleCase kSchedules[] = {
    {"constant", R"({"name": "constant"})"},
    {"step", R"({"name": "step", "step_size": 1, "gamma": 0.5})"},
    {"exponential", R"({"name": "exponential", "decay_rate": 0.5, "decay_steps": 1})"},
    {"cosine", R"({"name": "cosine"})"},
    {"cyclic", R"({"name": "cyclic", "granularity": "step"})"},
    {"one_cycle", R"({"name": "one_cycle"})"},
    {"tutorial", R"({"name": "tutorial"})"},
    {"formula", R"({"name": "formula", "expression": "epoch == 0 ? lr0 : lr * 3"})"},
    {"formula_fault", R"j({"name": "formula", "expression": "lr0 / (2 - epoch)"})j"},
};

std::string settings_json(const std::string& problem, const std::string& optimizer, double rate,
                          const char* schedule) {
  char text[768];
  std::snprintf(text, sizeof text,
                R"({"seed": 3, "problem": {"name": "%s", "samples": 40, "val_fraction": 0.25},
                    "model": {"hidden": [4]},
                    "optimizer": {"name": "%s", "learning_rate": %.17g},
                    "schedule": %s, "batch_size": 10, "epochs": %d})",
                problem.c_str(), optimizer.c_str(), rate, schedule, kEpochs);
  return text;
}

bool all_finite(const std::vector<double>& series, std::size_t count) {
  for (std::size_t i = 0; i < count && i < series.size(); ++i)
    if (!std::isfinite(series[i])) return false;
  return true;
}

bool has_event(const History& h, Event::Kind kind) {
  for (const Event& e : h.events)
    if (e.kind == kind && !e.message.empty()) return true;
  return false;
}

TEST(DivergenceGrid, EveryRunEndsTrainedDivergedOrStoppedWithFiniteRecords) {
  std::vector<std::string> optimizers;
  for (const lrlab::OptimizerInfo& info : lrlab::optimizer_registry())
    optimizers.push_back(info.name);
  const std::vector<std::string>& problems = lrlab::problem_names();

  int runs = 0, trained = 0, diverged = 0, stopped = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& problem : problems) {
    const bool classification = problem != "sine" && problem != "linear";
    for (const std::string& optimizer : optimizers) {
      for (const ScheduleCase& schedule : kSchedules) {
        for (int r = 0; r < kRates; ++r) {
          const double rate = std::pow(10.0, -6 + r);
          const std::string json = settings_json(problem, optimizer, rate, schedule.json);
          SCOPED_TRACE(json);
          lrlab::Trainer trainer(lrlab::parse_settings(json));
          // Step by step through the first epoch, then whole epochs: both doors of the loop.
          for (int i = 0; i < 3; ++i) trainer.step();
          trainer.run(kEpochs);
          ++runs;

          const History& h = trainer.history();
          ASSERT_TRUE(trainer.parameters().allFinite()) << "parameters not finite";
          ASSERT_TRUE(std::isfinite(h.initial_train_loss));
          // Epoch records that must be finite: all of them, except that the epoch in which the
          // run diverged may carry the non-finite validation loss that revealed it.
          const std::size_t epochs = h.train_loss.size();
          std::size_t finite_epochs = epochs;
          if (h.diverged) {
            ++diverged;
            ASSERT_TRUE(trainer.stopped());
            ASSERT_GE(h.diverged_epoch, 0);
            ASSERT_LE(h.diverged_epoch, static_cast<long>(epochs));
            ASSERT_GE(h.diverged_step, 1);
            ASSERT_TRUE(has_event(h, Event::Kind::Diverged));
            finite_epochs = static_cast<std::size_t>(h.diverged_epoch);
          } else if (trainer.stopped()) {
            ++stopped;
            ASSERT_TRUE(has_event(h, Event::Kind::ScheduleError)) << "stopped without a reason";
          } else {
            ++trained;
            ASSERT_EQ(trainer.epoch_index(), kEpochs + 1) << "a healthy run did every epoch";
          }
          ASSERT_TRUE(all_finite(h.train_loss, epochs)) << "train_loss";
          ASSERT_TRUE(all_finite(h.val_loss, finite_epochs)) << "val_loss";
          ASSERT_TRUE(all_finite(h.epoch_lr, epochs)) << "epoch_lr";
          if (classification) {
            ASSERT_TRUE(all_finite(h.accuracy, epochs)) << "accuracy";
            ASSERT_TRUE(all_finite(h.val_accuracy, finite_epochs)) << "val_accuracy";
          }
          for (double lr : h.epoch_lr) ASSERT_GT(lr, 0);
          const std::size_t steps = h.step_loss.size();
          ASSERT_TRUE(all_finite(h.step_index, steps));
          ASSERT_TRUE(all_finite(h.step_loss, steps)) << "step_loss";
          ASSERT_TRUE(all_finite(h.step_lr, steps)) << "step_lr";
          ASSERT_TRUE(all_finite(h.step_size_min, steps)) << "step_size_min";
          ASSERT_TRUE(all_finite(h.step_size_median, steps)) << "step_size_median";
          ASSERT_TRUE(all_finite(h.step_size_max, steps)) << "step_size_max";
          // A stopped run stays stopped and untouched.
          if (trainer.stopped()) {
            const long updates = trainer.updates();
            ASSERT_FALSE(trainer.step());
            ASSERT_FALSE(trainer.epoch());
            ASSERT_EQ(trainer.updates(), updates);
          }
        }
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "divergence grid: %zu problems x %zu optimizers x %zu schedules x %d rates = %d runs"
      " (%d trained, %d diverged, %d stopped by the schedule) in %.1f s\n",
      problems.size(), optimizers.size(), sizeof kSchedules / sizeof kSchedules[0], kRates, runs,
      trained, diverged, stopped, seconds);
  EXPECT_EQ(runs, static_cast<int>(problems.size() * optimizers.size() *
                                   (sizeof kSchedules / sizeof kSchedules[0])) *
                      kRates);
  // The grid spans the interesting cases: some runs of each kind.
  EXPECT_GT(trained, 0);
  EXPECT_GT(diverged, 0);
  EXPECT_GT(stopped, 0);
}

}  // namespace
