// The trainer's sharpness records (settings "sharpness", docs/spec-core.md#sharpness): one at the
// initial weights and one after every `every`-th epoch, each with the threshold of the optimizer
// at the rate then in force. Expected values come from the problem's data in closed form and from
// Adam replayed by hand here, never from lrlab's own output.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <string>

#include "core/settings.h"
#include "core/trainer.h"

namespace {

// The linear problem (y = w x + b + noise), a linear model with MSE, full batch (one step per
// epoch): its Hessian is 2 [[mean x^2, mean x], [mean x, 1]] at any weights.
std::string linear(const std::string& optimizer, const std::string& extra = "") {
  return R"({"seed": 3, "problem": {"name": "linear", "samples": 120, "noise": 0.2},
             "model": {"hidden": [], "activation": "linear", "loss": "mse"},
             "optimizer": )" +
         optimizer + R"(, "batch_size": 1000, "epochs": 6,
             "sharpness": {"enabled": true, "every": 2, "tolerance": 1e-12})" +
         extra + "}";
}

Eigen::Matrix2d linear_hessian(const lrlab::Dataset& train) {
  double mean_x = 0, mean_xx = 0;
  for (Eigen::Index j = 0; j < train.size(); ++j) {
    mean_x += train.x(0, j);
    mean_xx += train.x(0, j) * train.x(0, j);
  }
  mean_x /= static_cast<double>(train.size());
  mean_xx /= static_cast<double>(train.size());
  Eigen::Matrix2d h;
  h << 2 * mean_xx, 2 * mean_x, 2 * mean_x, 2;
  return h;
}

double top_eigenvalue(const Eigen::Matrix2d& h) {
  return (h(0, 0) + h(1, 1)) / 2 +
         std::sqrt((h(0, 0) - h(1, 1)) * (h(0, 0) - h(1, 1)) / 4 + h(0, 1) * h(0, 1));
}

TEST(TrainerSharpness, PlainSgdRecordsLAndTwoOverTheRate) {
  lrlab::Trainer trainer(lrlab::parse_settings(linear(R"({"name": "sgd", "learning_rate": 0.3})")));
  trainer.run(6);
  const lrlab::History& h = trainer.history();
  const double l = top_eigenvalue(linear_hessian(trainer.problem().train));
  ASSERT_EQ(h.sharpness.size(), 4u);  // epochs 0, 2, 4, 6
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(h.sharpness_epoch[i], 2.0 * static_cast<double>(i));
    EXPECT_EQ(h.sharpness_step[i], 2.0 * static_cast<double>(i));  // full batch: a step an epoch
    EXPECT_NEAR(h.sharpness[i], l, 1e-12 * l);
    EXPECT_TRUE(std::isnan(h.sharpness_preconditioned[i]));
    EXPECT_DOUBLE_EQ(h.sharpness_threshold[i], 2 / 0.3);
    EXPECT_GE(h.sharpness_iterations[i], 1);
  }
}

TEST(TrainerSharpness, MeasuringChangesNothingElse) {
  lrlab::Trainer measured(lrlab::parse_settings(
      R"({"problem": {"name": "moons", "samples": 200}, "batch_size": 16, "epochs": 4,
          "sharpness": {"enabled": true, "every": 1}})"));
  lrlab::Trainer plain(
      lrlab::parse_settings(R"({"problem": {"name": "moons", "samples": 200}, "batch_size": 16,
                              "epochs": 4})"));
  measured.run(4);
  plain.run(4);
  EXPECT_EQ(measured.history().sharpness.size(), 5u);
  EXPECT_TRUE(plain.history().sharpness.empty());
  EXPECT_EQ(measured.history().train_loss, plain.history().train_loss);
  EXPECT_EQ(measured.history().step_loss, plain.history().step_loss);
  EXPECT_EQ(measured.parameters(), plain.parameters());
}

TEST(TrainerSharpness, ResetMeasuresTheSameAgain) {
  lrlab::Trainer trainer(lrlab::parse_settings(
      R"({"problem": {"name": "moons", "samples": 200}, "batch_size": 1000, "epochs": 6,
          "optimizer": {"name": "sgd", "learning_rate": 0.5},
          "sharpness": {"enabled": true, "every": 3, "iterations": 8}})"));
  trainer.run(6);
  const std::vector<double> first = trainer.history().sharpness;
  trainer.reset();
  trainer.run(6);
  EXPECT_EQ(trainer.history().sharpness, first);
}

TEST(TrainerSharpness, MomentumThresholds) {
  lrlab::Trainer heavy(
      lrlab::parse_settings(linear(R"({"name": "sgd", "learning_rate": 0.2, "momentum": 0.9})")));
  EXPECT_DOUBLE_EQ(heavy.history().sharpness_threshold.at(0), (2 + 2 * 0.9) / 0.2);
  lrlab::Trainer nesterov(lrlab::parse_settings(
      linear(R"({"name": "sgd", "learning_rate": 0.2, "momentum": 0.5, "nesterov": true})")));
  EXPECT_DOUBLE_EQ(nesterov.history().sharpness_threshold.at(0),
                   (2 + 2 * 0.5) / (1 + 2 * 0.5) / 0.2);
}

// A schedule that lowers the rate raises the threshold: each record uses the rate of the latest
// update.
TEST(TrainerSharpness, TheThresholdFollowsTheSchedule) {
  lrlab::Trainer trainer(lrlab::parse_settings(
      linear(R"({"name": "sgd", "learning_rate": 0.4})",
             R"(, "schedule": {"name": "step", "step_size": 1, "gamma": 0.5})")));
  trainer.run(6);
  const lrlab::History& h = trainer.history();
  EXPECT_DOUBLE_EQ(h.sharpness_threshold[0], 2 / 0.4);  // before any update: the base rate
  for (std::size_t i = 1; i < h.sharpness.size(); ++i) {
    const double rate = 0.4 * std::pow(0.5, h.sharpness_epoch[i] - 1);  // the last epoch's
    EXPECT_DOUBLE_EQ(h.sharpness_threshold[i], 2 / rate) << "epoch " << h.sharpness_epoch[i];
  }
}

// Adam (Keras' rule, replayed here on the quadratic): the preconditioned sharpness is the top
// eigenvalue of P^-1 H with P^-1 = sqrt(1 - b2^t) / ((1 - b1^t) (sqrt(v) + eps)), from Eigen's
// general eigensolver; the threshold is (2 + 2 b1) / ((1 - b1) lr).
TEST(TrainerSharpness, AdamRecordsThePreconditionedSharpness) {
  const double lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-7;
  lrlab::Trainer trainer(lrlab::parse_settings(linear(
      R"({"name": "adam", "learning_rate": 0.05, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7})")));
  const lrlab::Dataset& train = trainer.problem().train;
  const Eigen::Matrix2d hessian = linear_hessian(train);
  EXPECT_TRUE(std::isnan(trainer.history().sharpness_preconditioned.at(0)));  // no P yet
  Eigen::Vector2d w = trainer.parameters();
  trainer.run(6);
  Eigen::Vector2d m = Eigen::Vector2d::Zero(), v = Eigen::Vector2d::Zero();
  std::size_t record = 1;
  for (int t = 1; t <= 6; ++t) {
    Eigen::Vector2d g = Eigen::Vector2d::Zero();
    for (Eigen::Index j = 0; j < train.size(); ++j) {
      const double e = w(0) * train.x(0, j) + w(1) - train.y(0, j);
      g += 2 * e * Eigen::Vector2d(train.x(0, j), 1) / static_cast<double>(train.size());
    }
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g.cwiseProduct(g);
    const double scale = std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
    const Eigen::Vector2d inverse_p = scale * (v.cwiseSqrt().array() + eps).inverse().matrix();
    w -= lr * inverse_p.cwiseProduct(m);
    if (t % 2 != 0) continue;
    const Eigen::Matrix2d ph = inverse_p.asDiagonal() * hessian;
    const double expected = Eigen::EigenSolver<Eigen::Matrix2d>(ph).eigenvalues().real().maxCoeff();
    const lrlab::History& h = trainer.history();
    ASSERT_LT(record, h.sharpness.size());
    EXPECT_EQ(h.sharpness_epoch[record], t);
    EXPECT_NEAR(h.sharpness_preconditioned[record], expected, 1e-8 * expected) << "t = " << t;
    EXPECT_NEAR(h.sharpness[record], top_eigenvalue(hessian), 1e-12 * top_eigenvalue(hessian));
    EXPECT_DOUBLE_EQ(h.sharpness_threshold[record], (2 + 2 * b1) / ((1 - b1) * lr));
    ++record;
  }
  EXPECT_LT((trainer.parameters() - w).norm(), 1e-12);  // the replay followed the run
}

// Turned on mid-run: the next record is at the next multiple of `every`.
TEST(TrainerSharpness, TurnedOnMidRun) {
  lrlab::Settings settings = lrlab::parse_settings(
      R"({"problem": {"name": "moons", "samples": 100}, "batch_size": 1000, "epochs": 9})");
  lrlab::Trainer trainer(settings);
  trainer.run(4);
  EXPECT_TRUE(trainer.history().sharpness.empty());
  settings = lrlab::replace_section(settings, "sharpness", R"({"enabled": true, "every": 3})");
  trainer.set_sharpness(settings.sharpness);
  trainer.run(5);
  EXPECT_EQ(trainer.history().sharpness_epoch, (std::vector<double>{6, 9}));
}

}  // namespace
