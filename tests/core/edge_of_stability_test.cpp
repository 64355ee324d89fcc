// The edge of stability (Cohen et al. 2021, "Gradient Descent on Neural Networks Typically Occurs
// at the Edge of Stability", Fig. 1): under full-batch gradient descent the sharpness first rises
// (progressive sharpening) until it reaches 2/lr, then hovers around 2/lr while the loss keeps
// falling, unevenly. Shown on settings found robust across seeds (two spirals, 2-32-32-1 tanh, MSE,
// full batch, rate 0.15, the sharpness every 50 epochs): over seeds 1 to 5 the sharpness starts at
// 0.66 to 0.86 of 2/lr, reaches 95% of it between epochs 700 and 1500 of 3000, and from there to
// the end stays between 0.83 and 1.15 of it. The test states a band of 0.75 to 1.25 of 2/lr (2/lr
// computed here), held from the first time it is reached, within the run's first half, to its end.
// (With cross-entropy the sharpness falls again late in training as the margins grow; MSE, as in
// the paper's figure 1, keeps it at the edge.)
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/settings.h"
#include "core/trainer.h"

namespace {

constexpr double kRate = 0.15;
constexpr long kEpochs = 3000;
// The stated band: from the first measurement at 95% of 2/lr to the end of the run, every
// measurement lies within these shares of 2/lr.
constexpr double kBandLow = 0.75, kBandHigh = 1.25;

lrlab::Settings spiral(int seed) {
  return lrlab::parse_settings(R"({"seed": )" + std::to_string(seed) +
                               R"(, "problem": {"name": "spiral"},
          "model": {"hidden": [32, 32], "activation": "tanh", "loss": "mse"},
          "optimizer": {"name": "sgd", "learning_rate": 0.15}, "batch_size": 1000,
          "epochs": 3000, "sharpness": {"enabled": true, "every": 50, "iterations": 30,
          "tolerance": 1e-4}})");
}

TEST(EdgeOfStability, SharpnessRisesToTwoOverTheRateThenHoversThere) {
  const double edge = 2 / kRate;
  for (int seed : {1, 2, 3}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    lrlab::Trainer trainer(spiral(seed));
    trainer.run(kEpochs);
    const lrlab::History& h = trainer.history();
    ASSERT_FALSE(h.diverged);
    ASSERT_EQ(h.sharpness.size(), static_cast<std::size_t>(kEpochs / 50 + 1));
    for (double threshold : h.sharpness_threshold) EXPECT_DOUBLE_EQ(threshold, edge);
    // It starts well below the edge...
    EXPECT_LT(h.sharpness[0], 0.9 * edge);
    // ...rises to it within the first half of the run...
    std::size_t reached = h.sharpness.size();
    for (std::size_t i = 0; i < h.sharpness.size() && reached == h.sharpness.size(); ++i)
      if (h.sharpness[i] >= 0.95 * edge) reached = i;
    ASSERT_LT(reached, h.sharpness.size());
    EXPECT_LE(h.sharpness_epoch[reached], kEpochs / 2);
    // ...and from then on stays within the band around it, for the rest of the run.
    for (std::size_t i = reached; i < h.sharpness.size(); ++i) {
      EXPECT_GE(h.sharpness[i], kBandLow * edge) << "epoch " << h.sharpness_epoch[i];
      EXPECT_LE(h.sharpness[i], kBandHigh * edge) << "epoch " << h.sharpness_epoch[i];
    }
    // Meanwhile the loss still falls, though not at every step.
    const auto at = [&](double epoch) { return h.train_loss[static_cast<std::size_t>(epoch)]; };
    EXPECT_LT(h.train_loss.back(), at(h.sharpness_epoch[reached]));
    long rises = 0;
    for (std::size_t e = static_cast<std::size_t>(h.sharpness_epoch[reached]) + 1;
         e < h.train_loss.size(); ++e)
      rises += h.train_loss[e] > h.train_loss[e - 1];
    EXPECT_GT(rises, 0) << "the loss fell at every step: no sign of the edge";
  }
}

}  // namespace
