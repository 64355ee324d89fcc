// A lecture can leave the page training for an hour: 1,000,000 updates must keep memory flat.
// The per-step series are decimated past History::kMaxStepRecords (every second record dropped,
// stride doubled), so they stay bounded however long the run; the per-epoch series grow by one
// entry per epoch, which is the documented cost (core/history.h). Checked on sizes and on vector
// capacities, since capacity is what the heap actually holds.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/history.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

using lrlab::History;

constexpr long kUpdates = 1000000;

TEST(LongRun, AMillionStepsKeepTheHistoryBounded) {
  // 1,000 training samples in batches of 1: 1,000 updates per epoch, 1,000 epochs. A linear model
  // on the line problem at a small rate: it trains without diverging, so every update counts.
  lrlab::Trainer trainer(lrlab::parse_settings(
      R"({"seed": 5, "problem": {"name": "linear", "samples": 1000, "val_fraction": 0},
          "model": {"hidden": []}, "optimizer": {"name": "sgd", "learning_rate": 0.001},
          "batch_size": 1, "epochs": 1000})"));
  const History& h = trainer.history();
  const auto start = std::chrono::steady_clock::now();
  std::size_t peak_capacity = 0;
  long epochs = 0;
  while (trainer.updates() < kUpdates) {
    ASSERT_TRUE(trainer.epoch()) << "stopped at update " << trainer.updates();
    ++epochs;
    // Between two checks the series cannot have outgrown the bound and come back: a decimation
    // only shrinks sizes and never releases capacity.
    ASSERT_LE(h.step_loss.size(), History::kMaxStepRecords);
    if (h.step_loss.capacity() > peak_capacity) peak_capacity = h.step_loss.capacity();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("long run: %ld updates, %ld epochs, %zu step records (stride %ld) in %.1f s\n",
              trainer.updates(), epochs, h.step_loss.size(), h.step_stride, seconds);

  EXPECT_EQ(trainer.updates(), kUpdates);
  EXPECT_FALSE(h.diverged);
  // Per epoch: one entry each, nothing else.
  EXPECT_EQ(h.train_loss.size(), static_cast<std::size_t>(epochs));
  EXPECT_EQ(h.epoch_lr.size(), static_cast<std::size_t>(epochs));
  // Per step: bounded and still spanning the whole run. 1e6 updates need a stride of 16 to fit
  // 65,536 records (2^16 * 16 > 1e6 > 2^16 * 8), leaving between a half-full and a full buffer.
  EXPECT_EQ(h.step_stride, 16);
  EXPECT_LE(h.step_loss.size(), History::kMaxStepRecords);
  EXPECT_GE(h.step_loss.size(), History::kMaxStepRecords / 2);
  EXPECT_LE(peak_capacity, History::kMaxStepRecords);
  for (const auto* series : {&h.step_index, &h.step_loss, &h.step_lr, &h.step_size_min,
                             &h.step_size_median, &h.step_size_max}) {
    EXPECT_EQ(series->size(), h.step_loss.size());
    EXPECT_LE(series->capacity(), History::kMaxStepRecords);
  }
  // Records are evenly strided and reach the end of the run.
  for (std::size_t i = 0; i < h.step_index.size(); ++i)
    ASSERT_EQ(h.step_index[i], static_cast<double>((i + 1) * h.step_stride));
  EXPECT_GT(h.step_index.back(), static_cast<double>(kUpdates - h.step_stride));
  EXPECT_TRUE(std::isfinite(h.train_loss.back()));
  EXPECT_LT(h.train_loss.back(), h.train_loss.front());
}

}  // namespace
