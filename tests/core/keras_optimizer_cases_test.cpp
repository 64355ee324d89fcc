// The numeric cases of Keras 3's own optimizer tests (keras/src/optimizers/<name>_test.py:
// test_single_step, test_correctness_with_golden, test_weight_decay), for the optimizers added
// from Keras 3, each checked with the test's own tolerance. Keras computes in float32; lrlab's
// float64 results must fall inside. The inputs are the tests' inputs: gradients [1, 6, 7, 2] on
// weights [1, 2, 3, 4]; ten weights at 1 given one gradient of 0.01 each, then the gradients
// 0.1, 0.2, ..., 1.0 on every later step; a scalar weight 2 given a zero gradient at rate 1 with
// weight_decay 0.004, by three fresh optimizers in a row.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/optim/make_optimizer.h"
#include "core/optim/optimizer.h"

namespace {

using lrlab::ParamValues;

ParamValues with(std::vector<std::pair<std::string, double>> numbers) {
  ParamValues values;
  for (const auto& [key, value] : numbers) values.numbers[key] = value;
  return values;
}

Eigen::VectorXd vec(std::vector<double> values) {
  return Eigen::Map<Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

// numpy's assert_allclose: |actual - expected| <= atol + rtol * |expected|, element by element.
void expect_all_close(const Eigen::VectorXd& actual, const Eigen::VectorXd& expected, double rtol,
                      double atol, const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (Eigen::Index i = 0; i < actual.size(); ++i) {
    EXPECT_LE(std::fabs(actual[i] - expected[i]), atol + rtol * std::fabs(expected[i]))
        << what << ", element " << i << ": " << actual[i] << " vs " << expected[i];
  }
}

// test_single_step: one update at rate `lr` on one variable of four.
Eigen::VectorXd single_step(const std::string& name, const ParamValues& values, double lr) {
  auto optimizer = lrlab::make_optimizer(name, values);
  optimizer->reset(4);
  Eigen::VectorXd w = vec({1, 2, 3, 4});
  optimizer->update(w, vec({1, 6, 7, 2}), lr);
  return w;
}

// test_correctness_with_golden: after the first update (g = 0.01) and after each of the next
// four (g = 0.1 ... 1.0), the weights must match golden[k] (rtol = atol = 5e-4 in every such test).
void expect_golden(const std::string& name, const ParamValues& values, double lr,
                   const std::vector<std::vector<double>>& golden) {
  auto optimizer = lrlab::make_optimizer(name, values);
  optimizer->reset(10);
  Eigen::VectorXd w = Eigen::VectorXd::Ones(10);
  Eigen::VectorXd grads(10);
  for (int i = 0; i < 10; ++i) grads[i] = 0.1 * (i + 1);
  optimizer->update(w, Eigen::VectorXd::Constant(10, 0.01), lr);
  for (std::size_t k = 0; k < golden.size(); ++k) {
    const Eigen::VectorXd expected =
        golden[k].size() == 1 ? Eigen::VectorXd::Constant(10, golden[k][0]) : vec(golden[k]);
    expect_all_close(w, expected, 5e-4, 5e-4, name + " golden row " + std::to_string(k));
    optimizer->update(w, grads, lr);
  }
}

// test_weight_decay: the variable that no exclusion applies to is decayed by three optimizers,
// each taking one step of zero gradient at rate 1 (Keras' exclusions by name or by variable have
// no counterpart here: lrlab decays every weight, docs/semantics.md#optimizers).
void expect_weight_decay(const std::string& name) {
  Eigen::VectorXd w = vec({2});
  for (int k = 0; k < 3; ++k) {
    auto optimizer = lrlab::make_optimizer(name, with({{"weight_decay", 0.004}}));
    optimizer->reset(1);
    optimizer->update(w, vec({0}), 1.0);
  }
  // assertAlmostEqual(..., decimal=6): round(actual - expected, 6) == 0.
  EXPECT_LT(std::fabs(w[0] - 1.9760959), 5e-7) << name << ": " << w[0];
}

TEST(KerasCases, Lion) {
  expect_all_close(single_step("lion", {}, 0.5), vec({0.5, 1.5, 2.5, 3.5}), 1e-4, 1e-4,
                   "lion single step");
  expect_golden("lion", {}, 0.001, {{0.999}, {0.998}, {0.997}, {0.996}, {0.995}});
  expect_weight_decay("lion");
}

TEST(KerasCases, Ftrl) {
  expect_all_close(single_step("ftrl", {}, 0.5), vec({0.2218, 1.3954, 2.3651, 2.8814}), 1e-4, 1e-4,
                   "ftrl single step");
  expect_golden(
      "ftrl",
      with({{"learning_rate_power", -0.2},
            {"initial_accumulator_value", 0.4},
            {"l1_regularization_strength", 0.05},
            {"l2_regularization_strength", 0.15},
            {"l2_shrinkage_regularization_strength", 0.01},
            {"beta", 0.3}}),
      0.05,
      {{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
       {-0.0034, -0.0077, -0.0118, -0.0157, -0.0194, -0.023, -0.0263, -0.0294, -0.0325, -0.0354},
       {-0.0078, -0.0162, -0.0242, -0.0317, -0.0387, -0.0454, -0.0516, -0.0575, -0.0631, -0.0685},
       {-0.0121, -0.0246, -0.0363, -0.0472, -0.0573, -0.0668, -0.0757, -0.0842, -0.0922, -0.0999},
       {-0.0164, -0.0328, -0.0481, -0.0623, -0.0753, -0.0875, -0.099, -0.1098, -0.1201, -0.1299}});
}

TEST(KerasCases, Lamb) {
  expect_all_close(single_step("lamb", {}, 0.5), vec({-0.3693, 0.6306, 1.6306, 2.6306}), 1e-4, 1e-4,
                   "lamb single step");
  expect_golden("lamb", {}, 0.001, {{0.999}, {0.9982}, {0.9974}, {0.9965}, {0.9955}});
  expect_weight_decay("lamb");
}

TEST(KerasCases, Adafactor) {
  expect_all_close(single_step("adafactor", {}, 0.5), vec({-0.3693, 0.6307, 1.6307, 2.6307}), 1e-4,
                   1e-4, "adafactor single step, a vector");
  // test_single_step_2d: Keras' variable [[1, 2], [3, 4]] (rows are a kernel's inputs) is lrlab's
  // W with W(j, k) = variable[k][j]: the same four numbers in the same order, column-major.
  auto optimizer = lrlab::make_optimizer("adafactor");
  optimizer->reset(lrlab::ParamLayout{lrlab::ParamBlock{0, 2, 2, true}});
  Eigen::VectorXd w = vec({1, 2, 3, 4});
  optimizer->update(w, vec({1, 6, 7, 2}), 0.5);
  expect_all_close(w, vec({0.7007, -0.0081, 1.2492, 3.4407}), 1e-4, 1e-4,
                   "adafactor single step, a matrix");
  // Keras' golden case also passes relative_step=False, which changes nothing in Keras 3
  // (docs/semantics.md#optimizers): lrlab has no such parameter.
  expect_golden("adafactor",
                with({{"beta_2_decay", -0.65},
                      {"epsilon_1", 1e-15},
                      {"epsilon_2", 1e-4},
                      {"clip_threshold", 0.9}}),
                0.5,
                {{0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55},
                 {0.3031, 0.3026, 0.3025, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024},
                 {0.1671, 0.1665, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663},
                 {0.0923, 0.0916, 0.0915, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914},
                 {0.0554, 0.0548, 0.0546, 0.0546, 0.0546, 0.0546, 0.0546, 0.0545, 0.0545, 0.0545}});
  expect_weight_decay("adafactor");
}

// Muon's cases act on one 2 x 2 kernel (a hidden layer's: it takes the Muon step) or on a vector
// (Adam's step). Keras' kernel [[a, b], [c, d]] is the flat [a, b, c, d] of lrlab's W.
Eigen::VectorXd muon_matrix_step(const ParamValues& values, Eigen::VectorXd w,
                                 const Eigen::VectorXd& g, double lr) {
  auto muon = lrlab::make_optimizer("muon", values);
  muon->reset(lrlab::ParamLayout{lrlab::ParamBlock{0, 2, 2, true, false}});
  muon->update(w, g, lr);
  return w;
}

TEST(KerasCases, Muon) {
  // test_Newton_Schulz, through one step from w = 0 at a rate that makes the step the iteration's
  // output itself: lr * sqrt(2) * rms_rate = 1 (the momentum's scale is normalised away).
  expect_all_close(muon_matrix_step(with({{"weight_decay", 0}, {"rms_rate", 1 / std::sqrt(2.0)}}),
                                    vec({0, 0, 0, 0}), vec({0.2499, 0.9105, 0.2655, 0.8824}), 1.0),
                   vec({0.4422, -0.6457, -0.7285, -0.2968}), 1e-3, 1e-3, "muon Newton-Schulz");
  // test_muon_single_step (weight_decay 0, rate 0.5).
  expect_all_close(
      muon_matrix_step(with({{"weight_decay", 0}}), vec({1, 2, 3, 4}), vec({1, 6, 7, 2}), 0.5),
      vec({0.988775, 1.887053, 2.873428, 3.97035}), 1e-2, 1e-2, "muon single step");
  // test_adamw_single_step: Keras calls the Adam step alone, without the decay.
  expect_all_close(single_step("muon", with({{"adam_weight_decay", 0}}), 0.5),
                   vec({0.5, 1.5, 2.5, 3.5}), 1e-4, 1e-4, "muon's Adam single step");
  // test_muon_weight_decay: a matrix decays by weight_decay * lr (a zero gradient adds no step).
  expect_all_close(
      muon_matrix_step(with({{"weight_decay", 0.01}}), vec({1, 2, 3, 4}), vec({0, 0, 0, 0}), 1.0),
      vec({0.99, 1.98, 2.97, 3.96}), 1e-4, 1e-4, "muon weight decay");
  // test_adamw_weight_decay: a scalar (Adam's variable) decays by adam_weight_decay * lr.
  auto muon = lrlab::make_optimizer("muon", with({{"adam_weight_decay", 0.01}}));
  muon->reset(1);
  Eigen::VectorXd w = vec({2});
  muon->update(w, vec({0}), 1.0);
  expect_all_close(w, vec({1.98}), 1e-4, 1e-4, "muon's Adam weight decay");
  // test_lr_adjust_2d: a 4 x 2 kernel's step is scaled by 0.2 * sqrt(4); lrlab's W is 2 x 4.
  auto wide = lrlab::make_optimizer("muon", with({{"weight_decay", 0}, {"ns_steps", 0}}));
  wide->reset(lrlab::ParamLayout{lrlab::ParamBlock{0, 2, 4, true, false}});
  Eigen::VectorXd w8 = Eigen::VectorXd::Zero(8);
  wide->update(w8, Eigen::VectorXd::Ones(8), 1.0);
  // With no iteration X is the normalised direction itself: with Nesterov momentum (default)
  // d = g + 0.95 * m = 1.95 everywhere, so X = 1.95 / (1.95 sqrt(8) + 1e-7).
  for (int i = 0; i < 8; ++i)
    EXPECT_NEAR(w8[i], -0.2 * 2 * 1.95 / (1.95 * std::sqrt(8.0) + 1e-7), 1e-15);
  EXPECT_EQ(wide->effective_step_size()[0], 0.2 * 2);
}

// The schedule-free tests of Keras (schedule_free_adamw_test.py, and schedule_free_sgd_test.py of
// pull request #23353) assert no numbers of the rule, only its behaviour: one step moves every
// weight; with warmup_steps 10 the first step is smaller; ten steps of a positive gradient lower
// every weight; after five steps the evaluated weights x differ from the trained y. Keras' weight
// decay case only checks that an excluded variable is left alone (no exclusions here).
void expect_schedule_free_behaviour(const std::string& name) {
  SCOPED_TRACE(name);
  const Eigen::VectorXd moved = single_step(name, {}, 0.5);
  EXPECT_GT((moved - vec({1, 2, 3, 4})).cwiseAbs().minCoeff(), 1e-4);

  auto plain = lrlab::make_optimizer(name);
  auto warm = lrlab::make_optimizer(name, with({{"warmup_steps", 10}}));
  plain->reset(3);
  warm->reset(3);
  Eigen::VectorXd w1 = vec({1, 2, 3}), w2 = w1;
  plain->update(w1, vec({1, 1, 1}), 0.5);
  warm->update(w2, vec({1, 1, 1}), 0.5);
  for (int i = 0; i < 3; ++i) EXPECT_LT(std::fabs(w2[i] - (i + 1)), std::fabs(w1[i] - (i + 1)));

  auto ten = lrlab::make_optimizer(name);
  ten->reset(3);
  Eigen::VectorXd w = vec({1, 2, 3});
  for (int k = 0; k < 10; ++k) ten->update(w, vec({0.1, 0.1, 0.1}), 0.01);
  for (int i = 0; i < 3; ++i) EXPECT_LT(w[i], i + 1);

  auto five = lrlab::make_optimizer(name, with({{"beta_1", 0.9}}));
  five->reset(3);
  Eigen::VectorXd y = vec({1, 2, 3}), x(3);
  for (int k = 0; k < 5; ++k) five->update(y, vec({0.1, 0.2, 0.3}), 0.1);
  ASSERT_TRUE(five->reported_weights(y, x));
  EXPECT_GT((x - y).cwiseAbs().minCoeff(), 1e-6);
}

TEST(KerasCases, ScheduleFree) {
  expect_schedule_free_behaviour("schedule_free_adamw");
  expect_schedule_free_behaviour("schedule_free_sgd");
}

TEST(KerasCases, ScheduleFreeReportsTheAverage) {
  // x after five steps of Keras' train/eval case, written from the rules: z_t = z_(t-1) - lr_t *
  // g_t * (AdamW: / (sqrt(v_hat) + eps)), x_t = uniform (AdamW) or lr^2-weighted (SGD, the same at
  // a constant rate) average of z_1 .. z_t. With g constant, AdamW's v_hat = g^2 exactly.
  const double g[3] = {0.1, 0.2, 0.3}, w0[3] = {1, 2, 3};
  for (const std::string name : {"schedule_free_adamw", "schedule_free_sgd"}) {
    auto optimizer = lrlab::make_optimizer(name);
    optimizer->reset(3);
    Eigen::VectorXd y = vec({1, 2, 3}), x(3);
    ASSERT_TRUE(optimizer->reported_weights(y, x));
    EXPECT_EQ(x, y) << name << ": before any step x is the initial weights";
    for (int k = 0; k < 5; ++k) optimizer->update(y, vec({0.1, 0.2, 0.3}), 0.1);
    ASSERT_TRUE(optimizer->reported_weights(y, x));
    for (int i = 0; i < 3; ++i) {
      const double step = name == "schedule_free_sgd" ? 0.1 * g[i] : 0.1 * g[i] / (g[i] + 1e-8);
      // z_t = w0 - t * step; the mean of z_1 .. z_5 is w0 - 3 * step.
      EXPECT_NEAR(x[i], w0[i] - 3 * step, 1e-12) << name << ", weight " << i;
      // y = 0.1 z_5 + 0.9 x.
      EXPECT_NEAR(y[i], 0.1 * (w0[i] - 5 * step) + 0.9 * x[i], 1e-12) << name << ", weight " << i;
    }
  }
  auto adam = lrlab::make_optimizer("adam");
  adam->reset(1);
  Eigen::VectorXd w = vec({1}), out = vec({7});
  EXPECT_FALSE(adam->reported_weights(w, out));
  EXPECT_EQ(out[0], 7);
}

}  // namespace
