// The newer chapters' claims (lessons/10- to 12-*.json) hold on the runs those chapters make, for
// seeds 1 to 3, not only the page's seed: the lesson states nothing its run may fail to show.
// Each claim's numbers come from its source, not from lrlab's output:
// - the edge of stability (Cohen et al. 2021): the sharpness starts below 2/lr, reaches it, then
//   stays near it (the band of tests/core/edge_of_stability_test.cpp, 0.75 to 1.25 of 2/lr, from
//   the first measurement at 95% of it) while the loss still falls; the run at a third of the rate
//   never gets near its own, three times higher, limit;
// - why warmup works (Kalra and Barkeshli 2024): a target rate that diverges from the first step
//   trains when reached by a linear warmup, and the sharpness falls during the warmup (here: to
//   under half of where it started).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/trainer.h"
#include "tests/support/lesson_files.h"

namespace {

using lrlab::test::chapter_by_id;
using lrlab::test::chapter_run;

constexpr int kSeeds[] = {1, 2, 3};

lrlab::History train(const rapidjson::Value& chapter, int run, int seed) {
  const lrlab::Settings settings = chapter_run(chapter, run, seed);
  lrlab::Trainer trainer(settings);
  trainer.run(settings.epochs);
  return trainer.history();
}

// The index of the first measurement at 95% of its threshold, or the count when none is.
std::size_t reached(const lrlab::History& h) {
  for (std::size_t i = 0; i < h.sharpness.size(); ++i)
    if (h.sharpness[i] >= 0.95 * h.sharpness_threshold[i]) return i;
  return h.sharpness.size();
}

TEST(LessonClaims, EdgeOfStabilityTheSharpnessClimbsTo2OverLrAndHovers) {
  const auto chapter = chapter_by_id("edge-of-stability");
  ASSERT_TRUE(chapter.IsObject()) << "the chapter is listed in lessons/index.json";
  for (int seed : kSeeds) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const lrlab::History edge = train(chapter, 2, seed);
    ASSERT_FALSE(edge.diverged);
    EXPECT_LT(edge.sharpness[0], 0.95 * edge.sharpness_threshold[0]) << "it starts below its limit";
    const std::size_t at = reached(edge);
    ASSERT_LT(at, edge.sharpness.size()) << "the sharpness reaches 2/lr";
    for (std::size_t i = at; i < edge.sharpness.size(); ++i) {
      EXPECT_GE(edge.sharpness[i], 0.75 * edge.sharpness_threshold[i])
          << "epoch " << edge.sharpness_epoch[i];
      EXPECT_LE(edge.sharpness[i], 1.25 * edge.sharpness_threshold[i])
          << "epoch " << edge.sharpness_epoch[i];
    }
    EXPECT_LT(edge.train_loss.back(),
              edge.train_loss[static_cast<std::size_t>(edge.sharpness_epoch[at])])
        << "the loss still falls at the edge";

    const lrlab::History slow = train(chapter, 1, seed);
    EXPECT_EQ(reached(slow), slow.sharpness.size())
        << "the smaller rate's sharpness stays below its limit";
  }
}

TEST(LessonClaims, ARateThatDivergesFromTheStartTrainsAfterAWarmupThatLowersTheSharpness) {
  const auto cold = chapter_by_id("too-high-to-start");
  const auto warm = chapter_by_id("why-warmup-works");
  ASSERT_TRUE(cold.IsObject() && warm.IsObject())
      << "both chapters are listed in lessons/index.json";
  // The same target rate in both, the warmup the only difference in what trains.
  ASSERT_EQ(cold["rates"][1].GetDouble(), warm["rates"][0].GetDouble());
  const double warmup = warm["settings"]["schedule"]["total_iters"].GetDouble();
  for (int seed : kSeeds) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const lrlab::History without = train(cold, 2, seed);
    EXPECT_TRUE(without.diverged) << "the target rate from the first step blows up";
    EXPECT_LT(without.diverged_epoch, 20) << "in its first epochs";
    const lrlab::History slower = train(cold, 1, seed);
    EXPECT_FALSE(slower.diverged);
    EXPECT_LT(slower.train_loss.back(), 0.25 * slower.initial_train_loss)
        << "the chapter's smaller rate trains";

    const lrlab::History with = train(warm, 1, seed);
    ASSERT_FALSE(with.diverged) << "with the warmup it trains";
    EXPECT_LT(with.train_loss.back(), 0.25 * with.initial_train_loss);
    const auto end = std::find(with.sharpness_epoch.begin(), with.sharpness_epoch.end(), warmup);
    ASSERT_NE(end, with.sharpness_epoch.end()) << "a measurement where the warmup ends";
    const double after =
        with.sharpness[static_cast<std::size_t>(end - with.sharpness_epoch.begin())];
    EXPECT_LT(after, 0.5 * with.sharpness[0]) << "the sharpness fell during the warmup";
  }
}

}  // namespace
