// Sharpness (core/curvature/sharpness.h): the top eigenvalue Lanczos finds from exact
// Hessian-vector products equals the top eigenvalue of the dense Hessian (assembled from the
// products on the basis vectors) from Eigen's symmetric eigensolver, to 1e-8 relative, for every
// activation and loss; the preconditioned one equals the top eigenvalue of P^-1 H from Eigen's
// general eigensolver; on the linear problem with a linear model and MSE it is L, so 2 / lambda is
// the landscape's (and the sweep's) 2/L.
#include "core/curvature/sharpness.h"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <string>

#include "core/curvature/lanczos.h"
#include "core/experiments/landscape.h"
#include "core/model.h"
#include "core/random.h"
#include "tests/support/model_cases.h"

namespace {

using lrlab_test::spec_of;

using lrlab::Activation;
using lrlab::Dataset;
using lrlab::LossKind;
using lrlab::ModelSpec;

Dataset random_data(const ModelSpec& spec, int n, lrlab::Rng& rng) {
  Dataset d;
  d.x.resize(spec.inputs, n);
  d.y = Eigen::MatrixXd::Zero(spec.outputs, n);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < spec.inputs; ++i) d.x(i, j) = rng.normal();
    if (spec.loss == LossKind::SoftmaxCrossEntropy) {
      d.y(static_cast<int>(rng.below(spec.outputs)), j) = 1;
    } else {
      for (int i = 0; i < spec.outputs; ++i)
        d.y(i, j) = spec.loss == LossKind::Mse ? rng.normal() : static_cast<double>(rng.below(2));
    }
  }
  return d;
}

Eigen::MatrixXd dense_hessian(const ModelSpec& spec, const Dataset& d, const Eigen::VectorXd& w) {
  lrlab::HessianProduct hvp(spec, d.x, d.y);
  hvp.prepare(w);
  const Eigen::Index p = w.size();
  Eigen::MatrixXd h(p, p);
  Eigen::VectorXd e = Eigen::VectorXd::Zero(p), column(p);
  for (Eigen::Index k = 0; k < p; ++k) {
    e(k) = 1;
    hvp.apply(e, column);
    h.col(k) = column;
    e(k) = 0;
  }
  return (h + h.transpose()) / 2;  // symmetric to rounding (hessian_product_test)
}

double relative(double a, double b) {
  return std::fabs(a - b) / std::fabs(b);
}

void check_top(const ModelSpec& spec, int n, std::uint64_t seed) {
  lrlab::Rng rng(seed);
  lrlab::Mlp model(spec, n, rng);
  const Dataset d = random_data(spec, n, rng);
  const Eigen::VectorXd w = model.parameters();
  const Eigen::MatrixXd h = dense_hessian(spec, d, w);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(h, Eigen::EigenvaluesOnly);
  const double expected = solver.eigenvalues().maxCoeff();
  const int p = static_cast<int>(w.size());
  SCOPED_TRACE(std::to_string(p) + " parameters, smallest eigenvalue " +
               std::to_string(solver.eigenvalues().minCoeff()) + ", largest " +
               std::to_string(expected));

  lrlab::SharpnessMeter meter(spec, d, p, 1e-10);
  const lrlab::Lanczos::Result found = meter.measure(w);
  EXPECT_TRUE(found.converged);
  EXPECT_LT(relative(found.value, expected), 1e-8);

  // Warm-started from its own vector at the same weights it is done almost at once.
  const lrlab::Lanczos::Result again = meter.measure(w);
  EXPECT_LE(again.iterations, 3);
  EXPECT_LT(relative(again.value, expected), 1e-8);

  // Preconditioned: P^-1 H with a positive diagonal P^-1 spanning two orders of magnitude, as
  // Adam's does; Eigen's general (non-symmetric) solver on P^-1 H itself is the reference.
  Eigen::VectorXd inverse(p);
  for (int k = 0; k < p; ++k) inverse(k) = std::pow(10.0, rng.uniform(-1, 1));
  const Eigen::MatrixXd ph = inverse.asDiagonal() * h;
  Eigen::EigenSolver<Eigen::MatrixXd> general(ph, false);
  const double expected_pre = general.eigenvalues().real().maxCoeff();
  const lrlab::Lanczos::Result pre = meter.measure_preconditioned(inverse);
  EXPECT_TRUE(pre.converged);
  EXPECT_LT(relative(pre.value, expected_pre), 1e-8);
}

TEST(Sharpness, EqualsTheDenseHessiansTopEigenvalueForEveryActivation) {
  for (Activation a :
       {Activation::Tanh, Activation::Relu, Activation::Sigmoid, Activation::Linear}) {
    SCOPED_TRACE(lrlab::activation_name(a));
    check_top(spec_of(2, 1, {10, 8}, a, LossKind::BinaryCrossEntropy), 40, 41);
  }
}

TEST(Sharpness, EqualsTheDenseHessiansTopEigenvalueForEveryLoss) {
  check_top(spec_of(3, 2, {12, 8}, Activation::Tanh, LossKind::Mse), 50, 42);
  check_top(spec_of(2, 3, {12, 8}, Activation::Sigmoid, LossKind::BinaryCrossEntropy), 50, 43);
  check_top(spec_of(3, 3, {12, 12}, Activation::Tanh, LossKind::SoftmaxCrossEntropy), 60, 44);
  check_top(spec_of(2, 4, {9, 9, 9, 9}, Activation::Relu, LossKind::SoftmaxCrossEntropy), 60, 45);
}

// Lanczos finds the most positive eigenvalue even where a negative one is larger in size (power
// iteration would return -10 here).
TEST(Lanczos, FindsTheMostPositiveEigenvalueNotTheLargestInSize) {
  Eigen::VectorXd diagonal(6);
  diagonal << -10, 1, 2, 3, 0.5, -4;
  Eigen::MatrixXd q = Eigen::MatrixXd::Identity(6, 6);
  lrlab::Rng rng(3);
  Eigen::MatrixXd m(6, 6);
  for (int i = 0; i < 36; ++i) m.data()[i] = rng.normal();
  q = Eigen::HouseholderQR<Eigen::MatrixXd>(m).householderQ();
  const Eigen::MatrixXd a = q * diagonal.asDiagonal() * q.transpose();
  lrlab::Lanczos lanczos(6, 6);
  Eigen::VectorXd v;
  const lrlab::Lanczos::Result r =
      lanczos.top([&](const Eigen::Ref<const Eigen::VectorXd>& x,
                      Eigen::Ref<Eigen::VectorXd> out) { out = a * x; },
                  v, 1e-12);
  EXPECT_NEAR(r.value, 3, 1e-12);
  EXPECT_NEAR(std::fabs(v.dot(q.col(3))), 1, 1e-10);
}

// The linear problem, a linear model, MSE: H = 2 [[mean x^2, mean x], [mean x, 1]] (Keras' mean
// squared error), whose top eigenvalue is L in closed form; 2 / L is what the landscape reports as
// the stability bound and the sweep draws.
TEST(Sharpness, LinearModelWithMseIsLSoTwoOverLambdaIsTheSweepsBound) {
  lrlab::ProblemConfig config;
  config.name = "linear";
  config.samples = 200;
  config.noise = 0.3;
  config.val_fraction = 0.2;
  const std::uint64_t seed = 7;
  const lrlab::Problem problem = lrlab::make_problem(config, seed);
  const Dataset& train = problem.train;
  double mean_x = 0, mean_xx = 0;
  for (Eigen::Index j = 0; j < train.size(); ++j) {
    mean_x += train.x(0, j);
    mean_xx += train.x(0, j) * train.x(0, j);
  }
  mean_x /= static_cast<double>(train.size());
  mean_xx /= static_cast<double>(train.size());
  const double a = 2 * mean_xx, b = 2 * mean_x, c = 2;
  const double l = (a + c) / 2 + std::sqrt((a - c) * (a - c) / 4 + b * b);

  lrlab::SharpnessMeter meter(spec_of(1, 1, {}, Activation::Linear, LossKind::Mse), train, 10,
                              1e-12);
  Eigen::VectorXd w(2);
  w << 0.4, -1.2;  // any weights: the loss is a quadratic
  const lrlab::Lanczos::Result found = meter.measure(w);
  EXPECT_LT(relative(found.value, l), 1e-12);

  const lrlab::LandscapeView view = lrlab::compute_landscape(
      R"({"surface": "linear", "seed": 7, "grid": 2, "steps": 0,
          "problem": {"samples": 200, "noise": 0.3, "val_fraction": 0.2}})");
  EXPECT_LT(relative(2 / found.value, view.stability_bound), 1e-12);
}

// Larger than the subset: the first kMaxSharpnessSamples training samples are used.
TEST(Sharpness, LargeTrainingSetsUseTheirFirstSamples) {
  const ModelSpec spec = spec_of(2, 1, {4}, Activation::Tanh, LossKind::BinaryCrossEntropy);
  lrlab::Rng rng(9);
  lrlab::Mlp model(spec, 8, rng);
  const Dataset whole = random_data(spec, static_cast<int>(lrlab::kMaxSharpnessSamples) + 300, rng);
  Dataset first = whole;
  first.x = whole.x.leftCols(lrlab::kMaxSharpnessSamples);
  first.y = whole.y.leftCols(lrlab::kMaxSharpnessSamples);
  lrlab::SharpnessMeter big(spec, whole, 40, 1e-12), small(spec, first, 40, 1e-12);
  EXPECT_EQ(big.samples(), lrlab::kMaxSharpnessSamples);
  EXPECT_EQ(big.measure(model.parameters()).value, small.measure(model.parameters()).value);
}

}  // namespace
