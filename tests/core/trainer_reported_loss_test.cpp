// A schedule-free run records its losses at the weights it reports (x, the average Keras
// evaluates) beside those at y, where its gradients are taken (issue 29): history
// reported_train_loss and reported_val_loss. The expected x comes from Defazio et al.'s rule
// replayed here by hand on the linear problem's quadratic (tests/support/linear_quadratic.h),
// never from lrlab's optimizer.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/settings.h"
#include "core/trainer.h"
#include "tests/support/linear_quadratic.h"

namespace {

// Full batch (one update an epoch) on y = w x + b with a linear model and MSE.
std::string linear(const std::string& optimizer) {
  return R"({"seed": 9, "problem": {"name": "linear", "samples": 80, "noise": 0.3},
             "model": {"hidden": [], "activation": "linear", "loss": "mse"},
             "batch_size": 1000, "epochs": 60, "optimizer": )" +
         optimizer + "}";
}

TEST(TrainerReportedLoss, ScheduleFreeSgdRecordsTheLossAtTheAverageX) {
  lrlab::Trainer trainer(lrlab::parse_settings(
      linear(R"({"name": "schedule_free_sgd", "learning_rate": 0.2, "beta_1": 0.9})")));
  const lrlab::test::LinearQuadratic q = lrlab::test::analyse_linear(trainer.problem().train);
  // z, x and y start at the initial weights (W, then b).
  double zw = trainer.parameters()[0], zb = trainer.parameters()[1];
  double xw = zw, xb = zb, yw = zw, yb = zb;
  trainer.run(60);
  const lrlab::History& h = trainer.history();
  ASSERT_EQ(h.reported_train_loss.size(), 60u);
  ASSERT_EQ(h.reported_val_loss.size(), 60u);
  for (int t = 1; t <= 60; ++t) {
    // The loss of the epoch's one step is taken at y before it.
    EXPECT_NEAR(h.train_loss[t - 1], q.loss(yw, yb), 1e-12 * q.loss(yw, yb)) << "epoch " << t;
    const double ew = yw - q.w_star, eb = yb - q.b_star;
    const double gw = q.h11 * ew + q.h12 * eb, gb = q.h12 * ew + q.h22 * eb;
    zw -= 0.2 * gw;
    zb -= 0.2 * gb;
    const double c = 1.0 / t;  // a constant rate: lr^2 / (t lr^2)
    xw = (1 - c) * xw + c * zw;
    xb = (1 - c) * xb + c * zb;
    yw = 0.1 * zw + 0.9 * xw;
    yb = 0.1 * zb + 0.9 * xb;
    const double at_x = q.loss(xw, xb);
    EXPECT_NEAR(h.reported_train_loss[t - 1], at_x, 1e-10 * at_x) << "epoch " << t;
    EXPECT_TRUE(std::isfinite(h.reported_val_loss[t - 1]));
  }
  // The losses at x were taken without moving y: training went on from y.
  EXPECT_NEAR(trainer.parameters()[0], yw, 1e-10 * std::fabs(yw));
  EXPECT_NEAR(trainer.parameters()[1], yb, 1e-10 * std::fabs(yb) + 1e-12);
}

TEST(TrainerReportedLoss, ARuleWithoutReportedWeightsRecordsNone) {
  lrlab::Trainer trainer(lrlab::parse_settings(linear(R"({"name": "adam"})")));
  trainer.run(5);
  ASSERT_EQ(trainer.history().reported_train_loss.size(), 5u);
  for (int e = 0; e < 5; ++e) {
    EXPECT_TRUE(std::isnan(trainer.history().reported_train_loss[e]));
    EXPECT_TRUE(std::isnan(trainer.history().reported_val_loss[e]));
  }
}

// ScheduleFreeAdamW reports x too; its losses there are finite and, with the rule's averaging,
// differ from those at y.
TEST(TrainerReportedLoss, ScheduleFreeAdamWRecordsBoth) {
  lrlab::Trainer trainer(lrlab::parse_settings(
      R"({"seed": 2, "problem": {"name": "moons", "samples": 200}, "model": {"hidden": [8]},
          "batch_size": 32, "epochs": 8,
          "optimizer": {"name": "schedule_free_adamw", "learning_rate": 0.01}})"));
  trainer.run(8);
  const lrlab::History& h = trainer.history();
  for (int e = 0; e < 8; ++e) {
    EXPECT_TRUE(std::isfinite(h.reported_train_loss[e]));
    EXPECT_TRUE(std::isfinite(h.reported_val_loss[e]));
  }
  EXPECT_NE(h.reported_val_loss.back(), h.val_loss.back());
}

}  // namespace
