// Centered RMSprop clamps its variance estimate v - mg^2 at 0 before adding eps (core/optim/
// rmsprop.cpp); Keras 3 computes sqrt(v - mg^2 + eps) as it comes. This pins where the two part:
// exactly at the updates where rounding leaves v - mg^2 below zero (a gradient almost constant
// over time), and by no more than that rounding error relative to eps. The Keras values are
// computed here by hand from Keras' formula, in the same double arithmetic.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "core/optim/make_optimizer.h"
#include "core/optim/optimizer.h"

namespace {

TEST(CenteredRmsprop, DepartsFromKerasOnlyWhereRoundingMakesTheVarianceNegative) {
  lrlab::ParamValues values;
  values.numbers = {{"centered", 1}};
  auto optimizer = lrlab::make_optimizer("rmsprop", values);
  optimizer->reset(1);
  const double rho = 0.9, eps = 1e-7, lr = 1;  // Keras' defaults, rate 1
  double v = 0, mg = 0;
  Eigen::VectorXd w = Eigen::VectorXd::Zero(1), g(1);
  int differ = 0, negative = 0;
  double worst = 0;
  for (int t = 0; t < 2000; ++t) {
    g[0] = 100 + 1e-10 * t;  // nearly constant: the variance is ~0 and v - mg^2 cancels
    v = rho * v + (1 - rho) * (g[0] * g[0]);
    mg = rho * mg + (1 - rho) * g[0];
    const double variance = v - mg * mg;
    // The step size lr / sqrt(den) (no momentum: the update is this times g).
    const double keras = lr / std::sqrt(variance + eps);
    optimizer->update(w, g, lr);
    const double ours = optimizer->effective_step_size()[0];
    if (variance < 0) ++negative;
    if (ours != keras) {
      ++differ;
      // Only where the variance rounded below zero, and by the rounding error over eps.
      if (!(variance < 0)) {
        ADD_FAILURE() << "update " << t << " differs with variance " << variance;
        break;
      }
      EXPECT_TRUE(std::isfinite(ours)) << t;
      if (std::isfinite(keras)) worst = std::max(worst, std::fabs(ours - keras) / std::fabs(keras));
    }
  }
  std::printf(
      "centered RMSprop vs Keras: %d of 2000 updates differ (variance < 0 at %d), "
      "worst relative difference %.3g\n",
      differ, negative, worst);
  // The old comment claimed "wherever Keras' value is finite the result is the same": false.
  EXPECT_GT(differ, 0);
  EXPECT_EQ(differ, negative);  // every negative variance: Keras' sqrt sees it, ours sees 0
  EXPECT_LT(worst, 1e-3);
}

}  // namespace
