// Every optimizer of the registry, plugged into the training loop: each learns the spiral at its
// own default rate; SGD at a rate a hundred times past the stability bound diverges and is
// reported so; swapping the optimizer mid-run keeps the weights and starts the new state fresh.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "core/error.h"
#include "core/history.h"
#include "core/optim/optimizer.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

using lrlab::Trainer;

std::string spiral_json(const std::string& optimizer_name, double learning_rate) {
  char json[1024];
  std::snprintf(json, sizeof json,
                R"({"seed": 2,
                    "problem": {"name": "spiral", "samples": 200, "noise": 0.1},
                    "model": {"hidden": [16, 16], "activation": "tanh"},
                    "optimizer": {"name": "%s", "learning_rate": %.17g},
                    "batch_size": 32, "epochs": 50})",
                optimizer_name.c_str(), learning_rate);
  return json;
}

TEST(TrainerOptimizers, EveryOptimizerAtItsDefaultRateReducesTheSpiralLoss) {
  for (const lrlab::OptimizerInfo& info : lrlab::optimizer_registry()) {
    SCOPED_TRACE(info.name);
    // No learning_rate key: the JSON door fills in the registry's default.
    const lrlab::Settings settings = lrlab::parse_settings(
        R"({"seed": 2, "problem": {"name": "spiral", "samples": 200, "noise": 0.1},
            "model": {"hidden": [16, 16], "activation": "tanh"},
            "optimizer": {"name": ")" +
        info.name + R"("}, "batch_size": 32, "epochs": 50})");
    ASSERT_EQ(settings.optimizer.learning_rate, info.default_learning_rate);
    Trainer trainer(settings);
    ASSERT_EQ(trainer.run(50), 50);
    const lrlab::History& h = trainer.history();
    EXPECT_FALSE(h.diverged);
    const double first = h.train_loss.front(), last = h.train_loss.back();
    EXPECT_TRUE(last < first || last < h.initial_train_loss)
        << "initial " << h.initial_train_loss << ", first epoch " << first << ", last " << last;
    // And the loss actually measured after training is below where it started.
    EXPECT_LT(trainer.history().train_loss.back(), h.initial_train_loss);
    EXPECT_TRUE(trainer.parameters().allFinite());
  }
}

// The linear (w, b) problem with mse: the Hessian is 2 [[mean x^2, mean x], [mean x, 1]], whose
// largest eigenvalue L bounds the stable full-batch rate at 2 / L (computed here from the data).
double stable_bound(const lrlab::Dataset& train) {
  const double n = static_cast<double>(train.size());
  double mx = 0, mxx = 0;
  for (Eigen::Index i = 0; i < train.size(); ++i) {
    mx += train.x(0, i) / n;
    mxx += train.x(0, i) * train.x(0, i) / n;
  }
  const double half_trace = mxx + 1, det = 4 * (mxx - mx * mx);
  const double l_max = half_trace + std::sqrt(half_trace * half_trace - det);
  return 2 / l_max;
}

TEST(TrainerOptimizers, SgdAHundredTimesPastTheStableRateDivergesOnRegression) {
  const char* base = R"({"seed": 4, "problem": {"name": "linear", "samples": 300, "noise": 0.1},
                         "model": {"hidden": [], "loss": "mse"},
                         "optimizer": {"name": "sgd", "learning_rate": %.17g},
                         "batch_size": 1000, "epochs": 50})";
  char json[1024];
  std::snprintf(json, sizeof json, base, 0.1);
  const double bound = stable_bound(Trainer(lrlab::parse_settings(json)).problem().train);

  std::snprintf(json, sizeof json, base, 100 * bound);
  Trainer trainer(lrlab::parse_settings(json));
  const long done = trainer.run(50);
  const lrlab::History& h = trainer.history();
  EXPECT_TRUE(h.diverged);
  EXPECT_TRUE(trainer.stopped());
  EXPECT_LT(done, 50);
  EXPECT_EQ(h.diverged_epoch, done);
  ASSERT_FALSE(h.events.empty());
  EXPECT_EQ(h.events.back().kind, lrlab::Event::Kind::Diverged);
  EXPECT_NE(h.events.back().message.find("diverged"), std::string::npos);
  EXPECT_TRUE(trainer.parameters().allFinite());

  // The same problem at half the bound converges: the rate, not the setup, is what broke.
  std::snprintf(json, sizeof json, base, 0.5 * bound);
  Trainer calm(lrlab::parse_settings(json));
  EXPECT_EQ(calm.run(50), 50);
  EXPECT_FALSE(calm.history().diverged);
  EXPECT_LT(calm.history().train_loss.back(), 0.1 * calm.history().train_loss.front());
}

TEST(TrainerOptimizers, SgdAtAHundredTimesItsDefaultRateDivergesOnTheSine) {
  // The noisy sine with a tanh network and mse: 100 x 0.01 is fine, but the hidden layer's
  // outputs are in [-1, 1] and the output layer alone is a linear regression on 16 features,
  // so a rate of 100 x 0.1 = 10 throws it far past its bound.
  Trainer trainer(lrlab::parse_settings(
      R"({"seed": 4, "problem": {"name": "sine", "samples": 200},
          "model": {"hidden": [16], "activation": "tanh"},
          "optimizer": {"name": "sgd", "learning_rate": 10},
          "batch_size": 200, "epochs": 50})"));
  trainer.run(50);
  EXPECT_TRUE(trainer.history().diverged);
  EXPECT_TRUE(trainer.parameters().allFinite());
  ASSERT_FALSE(trainer.history().events.empty());
  EXPECT_EQ(trainer.history().events.back().kind, lrlab::Event::Kind::Diverged);
}

lrlab::OptimizerSettings optimizer(const std::string& name, double learning_rate,
                                   double momentum = -1) {
  lrlab::OptimizerSettings settings;
  settings.name = name;
  settings.learning_rate = learning_rate;
  if (momentum >= 0) settings.params.numbers["momentum"] = momentum;
  return settings;
}

TEST(TrainerOptimizers, SwappingTheOptimizerKeepsWeightsAndStartsStateFresh) {
  // Spiral at lr 0.05 with heavy momentum: after a few epochs the velocity is far from zero.
  Trainer trainer(lrlab::parse_settings(spiral_json("sgd", 0.05)));
  trainer.set_optimizer(optimizer("sgd", 0.05, 0.9));
  trainer.run(3);
  trainer.step();

  // 1. A fresh SGD with momentum: m starts at 0, so the first update is exactly -lr * g.
  Eigen::VectorXd before = trainer.parameters();
  trainer.set_optimizer(optimizer("sgd", 0.05, 0.9));
  for (Eigen::Index i = 0; i < before.size(); ++i)
    EXPECT_EQ(trainer.parameters()[i], before[i]) << "weights kept";
  ASSERT_TRUE(trainer.step());
  Eigen::VectorXd g = trainer.model().gradient();
  for (Eigen::Index i = 0; i < before.size(); ++i)
    EXPECT_NEAR(trainer.parameters()[i] - before[i], -0.05 * g[i], 1e-15) << i;

  // 2. Switch to Adam: t = 1, m = v = 0, so (Keras rule, docs/spec-optimizers.md)
  //    alpha = lr sqrt(1 - b2) / (1 - b1), m = (1 - b1) g, v = (1 - b2) g^2,
  //    delta = -alpha m / (sqrt(v) + eps).
  before = trainer.parameters();
  const double lr = 0.002, b1 = 0.9, b2 = 0.999, eps = 1e-7;
  trainer.set_optimizer(optimizer("adam", lr));
  EXPECT_EQ(trainer.current_learning_rate(), lr);
  EXPECT_EQ(trainer.settings().optimizer.name, "adam");
  for (Eigen::Index i = 0; i < before.size(); ++i) EXPECT_EQ(trainer.parameters()[i], before[i]);
  const long updates = trainer.updates();
  ASSERT_TRUE(trainer.step());
  EXPECT_EQ(trainer.updates(), updates + 1);  // the trainer's count goes on; Adam's t restarts
  g = trainer.model().gradient();
  const double alpha = lr * std::sqrt(1 - b2) / (1 - b1);
  int moved = 0;
  for (Eigen::Index i = 0; i < before.size(); ++i) {
    const double m = (1 - b1) * g[i], v = (1 - b2) * g[i] * g[i];
    const double expected = -alpha * m / (std::sqrt(v) + eps);
    EXPECT_NEAR(trainer.parameters()[i] - before[i], expected, 1e-12 * lr) << i;
    moved += std::abs(expected) > 0.5 * lr;
  }
  EXPECT_GT(moved, before.size() / 2);  // Adam's first step is about lr per parameter

  // 3. Adam again, from fresh: the second Adam's first step is again the t = 1 step.
  before = trainer.parameters();
  trainer.set_optimizer(optimizer("adam", lr));
  ASSERT_TRUE(trainer.step());
  g = trainer.model().gradient();
  for (Eigen::Index i = 0; i < before.size(); ++i) {
    const double m = (1 - b1) * g[i], v = (1 - b2) * g[i] * g[i];
    EXPECT_NEAR(trainer.parameters()[i] - before[i], -alpha * m / (std::sqrt(v) + eps), 1e-12 * lr)
        << i;
  }
  EXPECT_TRUE(trainer.run(3) == 3);
  EXPECT_FALSE(trainer.history().diverged);
}

TEST(TrainerOptimizers, ABadOptimizerChangeIsRejectedBeforeTouchingTheRun) {
  Trainer trainer(lrlab::parse_settings(spiral_json("adam", 0.01)));
  trainer.run(2);
  const Eigen::VectorXd before = trainer.parameters();
  EXPECT_THROW(trainer.set_optimizer(optimizer("nope", 0.01)), lrlab::Error);
  EXPECT_THROW(trainer.set_optimizer(optimizer("sgd", -1)), lrlab::Error);
  lrlab::OptimizerSettings bad = optimizer("adam", 0.01);
  bad.params.numbers["beta_1"] = 1.5;
  EXPECT_THROW(trainer.set_optimizer(bad), lrlab::Error);
  EXPECT_EQ(trainer.settings().optimizer.name, "adam");
  EXPECT_EQ(trainer.current_learning_rate(), 0.01);
  for (Eigen::Index i = 0; i < before.size(); ++i) EXPECT_EQ(trainer.parameters()[i], before[i]);
  EXPECT_TRUE(trainer.epoch());
}

}  // namespace
