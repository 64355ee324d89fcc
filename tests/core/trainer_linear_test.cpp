// The overshoot lesson as a test. A linear model y = w*x + b with mean-squared error, trained by
// plain full-batch gradient descent on the "linear" problem, is a quadratic in (w, b):
//   L(w, b) = mean((w*x + b - y)^2),   H = 2 * [[mean x^2, mean x], [mean x, 1]],
// so each update is e <- (I - lr*H) e for e = (w, b) - (w*, b*). Along an eigen-direction of H
// with eigenvalue lambda the error is multiplied by (1 - lr*lambda) each epoch: it shrinks
// monotonically for lr < 1/lambda, shrinks while flipping sign for 1/lambda < lr < 2/lambda, and
// grows while flipping sign for lr > 2/lambda. Everything expected below is computed here from the
// trainer's own training data (least squares in closed form, H, its eigenvalues, the trajectory),
// never copied from the trainer's output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "core/history.h"
#include "core/settings.h"
#include "core/trainer.h"
#include "tests/support/linear_quadratic.h"

namespace {

using lrlab::Trainer;

constexpr int kSamples = 200;
constexpr double kValFraction = 0.2;

lrlab::Settings linear_settings(double learning_rate, int epochs, unsigned seed = 11) {
  char json[1024];
  std::snprintf(json, sizeof json,
                R"({"seed": %u,
                    "problem": {"name": "linear", "samples": %d, "noise": 0.1,
                                "val_fraction": %.17g},
                    "model": {"hidden": [], "loss": "mse"},
                    "optimizer": {"name": "sgd", "learning_rate": %.17g},
                    "schedule": {"name": "constant"},
                    "batch_size": 100000, "epochs": %d})",
                seed, kSamples, kValFraction, learning_rate, epochs);
  return lrlab::parse_settings(json);
}

using lrlab::test::analyse_linear;
using lrlab::test::LinearQuadratic;

double w_of(const Trainer& t) {
  return t.parameters()[0];
}
double b_of(const Trainer& t) {
  return t.parameters()[1];
}

TEST(TrainerLinear, TheModelIsExactlyWTimesXPlusB) {
  Trainer trainer(linear_settings(0.1, 5));
  ASSERT_EQ(trainer.parameters().size(), 2);  // layout: W (1x1), then b
  EXPECT_EQ(b_of(trainer), 0.0);              // biases start at 0
  EXPECT_EQ(trainer.problem().train.size(), kSamples - static_cast<int>(kSamples * kValFraction));
  const LinearQuadratic q = analyse_linear(trainer.problem().train);
  // Before any update the recorded initial loss is the quadratic's value at the initial weights.
  EXPECT_NEAR(trainer.history().initial_train_loss, q.loss(w_of(trainer), b_of(trainer)), 1e-12);
  // Sanity of the data: the line behind it is y = 2x + 0.5 with noise 0.1.
  EXPECT_NEAR(q.w_star, lrlab::kLinearWeight, 0.1);
  EXPECT_NEAR(q.b_star, lrlab::kLinearBias, 0.1);
  EXPECT_GT(q.l_max, q.l_min);
  EXPECT_GT(q.l_min, 0);
}

TEST(TrainerLinear, PlainGradientDescentConvergesToLeastSquares) {
  Trainer probe(linear_settings(0.1, 1));
  const LinearQuadratic q = analyse_linear(probe.problem().train);
  const double lr = 1 / q.l_max;  // no overshoot in any direction
  Trainer trainer(linear_settings(lr, 300));
  const double used_lr = trainer.settings().optimizer.learning_rate;
  EXPECT_NEAR(used_lr, lr, 1e-15 * lr);

  // The whole trajectory follows the closed-form iteration.
  double w = w_of(trainer), b = b_of(trainer);
  for (int e = 0; e < 300; ++e) {
    ASSERT_TRUE(trainer.epoch()) << "epoch " << e;
    EXPECT_NEAR(trainer.history().train_loss[e], q.loss(w, b), 1e-12) << "epoch " << e;
    q.step(used_lr, w, b);
    EXPECT_NEAR(w_of(trainer), w, 1e-10) << "epoch " << e;
    EXPECT_NEAR(b_of(trainer), b, 1e-10) << "epoch " << e;
  }
  EXPECT_NEAR(w_of(trainer), q.w_star, 1e-10);
  EXPECT_NEAR(b_of(trainer), q.b_star, 1e-10);
  EXPECT_FALSE(trainer.history().diverged);
  EXPECT_NEAR(trainer.history().train_loss.back(), q.loss_star, 1e-12);
}

TEST(TrainerLinear, AboveTwoOverLItDiverges) {
  Trainer probe(linear_settings(0.1, 1));
  const LinearQuadratic q = analyse_linear(probe.problem().train);
  const int max_epochs = 2000;
  Trainer trainer(linear_settings(1.05 * 2 / q.l_max, max_epochs));
  const double lr = trainer.settings().optimizer.learning_rate;

  // Predict the epoch at which the loss first exceeds a million times the first epoch's
  // (docs/spec-core.md#divergence), by iterating the closed form.
  double w = w_of(trainer), b = b_of(trainer);
  const double first_loss = q.loss(w, b);
  long predicted = -1;
  double w_at = 0, b_at = 0;
  for (long k = 0; k < max_epochs; ++k) {
    if (k > 0 && q.loss(w, b) > 1e6 * first_loss) {
      predicted = k;
      w_at = w;
      b_at = b;
      break;
    }
    q.step(lr, w, b);
  }
  ASSERT_GT(predicted, 0) << "the closed form should explode within " << max_epochs;

  const long completed = trainer.run(max_epochs);
  const lrlab::History& h = trainer.history();
  EXPECT_TRUE(trainer.stopped());
  EXPECT_TRUE(h.diverged);
  EXPECT_EQ(completed, predicted);
  EXPECT_EQ(h.diverged_epoch, predicted);
  EXPECT_EQ(h.epochs(), predicted);           // the diverging epoch is not recorded as finished
  EXPECT_EQ(h.diverged_step, predicted + 1);  // full batch: one update per epoch
  // The loss grew by about (1 - lr*L)^2 = 1.21 per epoch along the steep direction.
  EXPECT_GT(h.train_loss.back(), h.train_loss.front());

  ASSERT_FALSE(h.events.empty());
  const lrlab::Event& event = h.events.back();
  EXPECT_EQ(event.kind, lrlab::Event::Kind::Diverged);
  EXPECT_EQ(event.epoch, predicted);
  EXPECT_NE(event.message.find("diverged at epoch " + std::to_string(predicted)), std::string::npos)
      << event.message;

  // The model keeps the last finite parameters: those at the start of the diverging epoch.
  ASSERT_TRUE(trainer.parameters().allFinite());
  EXPECT_NEAR(w_of(trainer), w_at, 1e-8 * std::abs(w_at));
  EXPECT_NEAR(b_of(trainer), b_at, 1e-8 * std::abs(b_at));
}

TEST(TrainerLinear, JustBelowTwoOverLItConvergesWhileOscillating) {
  Trainer probe(linear_settings(0.1, 1));
  const LinearQuadratic q = analyse_linear(probe.problem().train);
  const int epochs = 400;
  Trainer trainer(linear_settings(0.95 * 2 / q.l_max, epochs));
  const double lr = trainer.settings().optimizer.learning_rate;
  const double flip = 1 - lr * q.l_max;  // about -0.9
  ASSERT_LT(flip, -0.85);

  double previous = q.steep_component(w_of(trainer), b_of(trainer));
  int alternations = 0;
  for (int e = 0; e < 100; ++e) {
    ASSERT_TRUE(trainer.epoch()) << "epoch " << e;
    const double now = q.steep_component(w_of(trainer), b_of(trainer));
    // Along the steep direction the error flips sign every epoch and shrinks by |flip|.
    EXPECT_LT(now * previous, 0) << "epoch " << e << ": " << previous << " -> " << now;
    EXPECT_NEAR(now / previous, flip, 1e-6) << "epoch " << e;
    alternations += now * previous < 0;
    previous = now;
  }
  EXPECT_EQ(alternations, 100);
  // b is almost all steep direction (mean x is near 0, mean x^2 near 1/3 < 1): it overshoots
  // b* every epoch too, once the gentle direction (factor 1 - lr*l_min, about 0.37) has died out.
  EXPECT_GT(std::abs(q.v2), 0.99);

  trainer.run(epochs - 100);
  EXPECT_FALSE(trainer.history().diverged);
  EXPECT_EQ(trainer.history().epochs(), epochs);
  EXPECT_NEAR(w_of(trainer), q.w_star, 1e-9);
  EXPECT_NEAR(b_of(trainer), q.b_star, 1e-9);
}

TEST(TrainerLinear, AtATinyRateItStalls) {
  Trainer probe(linear_settings(0.1, 1));
  const LinearQuadratic q = analyse_linear(probe.problem().train);
  Trainer trainer(linear_settings(1e-4, 50));
  const double lr = trainer.settings().optimizer.learning_rate;
  double w = w_of(trainer), b = b_of(trainer);
  const double start = q.loss(w, b);
  ASSERT_EQ(trainer.run(50), 50);
  for (int e = 0; e < 50; ++e) q.step(lr, w, b);
  const double end = q.loss(w, b);
  const lrlab::History& h = trainer.history();
  const double trained_end = q.loss(w_of(trainer), b_of(trainer));
  EXPECT_NEAR(trained_end, end, 1e-12);
  EXPECT_NEAR(h.train_loss.front(), start, 1e-12);
  // Each epoch removes at most 1 - (1 - lr*l_max)^2 (about 4e-4) of the excess loss.
  EXPECT_LT((start - trained_end) / start, 0.01) << start << " -> " << trained_end;
  EXPECT_GT(start - trained_end, 0);  // it does move, just barely
  EXPECT_GT(trained_end - q.loss_star, 0.9 * (start - q.loss_star));
  EXPECT_FALSE(h.diverged);
}

}  // namespace
