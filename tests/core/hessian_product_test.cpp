// Exact Hessian-vector products (core/curvature/hessian_product.h): the Hessian assembled from
// products with the basis vectors is symmetric to rounding and equals central differences of the
// model's own exact gradients (Mlp::loss_and_gradient, an independent code path) for every
// activation and every loss, on networks of up to about 300 parameters; on a linear model with MSE
// it is the closed form 2 [[mean x^2, mean x], [mean x, 1]].
#include "core/curvature/hessian_product.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/model.h"
#include "core/random.h"
#include "tests/support/model_cases.h"

namespace {

using lrlab_test::spec_of;
using lrlab_test::targets;

using lrlab::Activation;
using lrlab::HessianProduct;
using lrlab::LossKind;
using lrlab::Mlp;
using lrlab::ModelSpec;

struct Case {
  Mlp model;
  Eigen::MatrixXd x, y;
};

Case make_case(const ModelSpec& spec, int n, std::uint64_t seed) {
  lrlab::Rng rng(seed);
  Mlp model(spec, n, rng);
  // Non-zero biases, so their curvature is exercised too.
  for (int l = 0; l < model.layer_count(); ++l)
    for (Eigen::Index i = 0; i < model.biases(l).size(); ++i)
      model.biases(l)(i) = 0.1 * rng.normal();
  Eigen::MatrixXd x(spec.inputs, n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < spec.inputs; ++i) x(i, j) = rng.normal();
  Eigen::MatrixXd y = targets(spec.loss, spec.outputs, n, rng);
  return {std::move(model), std::move(x), std::move(y)};
}

Eigen::MatrixXd assembled_hessian(HessianProduct& hvp) {
  const Eigen::Index p = hvp.parameter_count();
  Eigen::MatrixXd h(p, p);
  Eigen::VectorXd e = Eigen::VectorXd::Zero(p), column(p);
  for (Eigen::Index k = 0; k < p; ++k) {
    e(k) = 1;
    hvp.apply(e, column);
    h.col(k) = column;
    e(k) = 0;
  }
  return h;
}

// Column k: (g(w + h e_k) - g(w - h e_k)) / 2h from the model's exact gradient.
Eigen::MatrixXd differenced_hessian(Mlp& model, const Eigen::MatrixXd& x,
                                    const Eigen::MatrixXd& y) {
  const Eigen::Index p = model.parameter_count();
  const double step = 1e-5;
  Eigen::MatrixXd h(p, p);
  for (Eigen::Index k = 0; k < p; ++k) {
    double& w = model.parameters()(k);
    const double saved = w;
    w = saved + step;
    model.loss_and_gradient(x, y);
    const Eigen::VectorXd up = model.gradient();
    w = saved - step;
    model.loss_and_gradient(x, y);
    h.col(k) = (up - model.gradient()) / (2 * step);
    w = saved;
  }
  return h;
}

void check_hessian(const ModelSpec& spec, int n, std::uint64_t seed) {
  Case c = make_case(spec, n, seed);
  SCOPED_TRACE(std::to_string(c.model.parameter_count()) + " parameters");
  HessianProduct hvp(spec, c.x, c.y);
  const double loss = hvp.prepare(c.model.parameters());
  const double model_loss = c.model.loss_and_gradient(c.x, c.y);
  EXPECT_NEAR(loss, model_loss, 1e-14 * std::fabs(model_loss));
  EXPECT_LE((hvp.gradient() - c.model.gradient()).lpNorm<Eigen::Infinity>(),
            1e-14 * c.model.gradient().lpNorm<Eigen::Infinity>());

  const Eigen::MatrixXd exact = assembled_hessian(hvp);
  const double scale = exact.lpNorm<Eigen::Infinity>();
  ASSERT_GT(scale, 0);
  EXPECT_LE((exact - exact.transpose()).lpNorm<Eigen::Infinity>(), 1e-13 * scale)
      << "not symmetric to rounding";
  const Eigen::MatrixXd numeric = differenced_hessian(c.model, c.x, c.y);
  EXPECT_LE((exact - numeric).lpNorm<Eigen::Infinity>(), 1e-6 * scale)
      << "differs from central differences of the exact gradient";
}

TEST(HessianProduct, EveryActivationMatchesDifferencedGradients) {
  for (Activation a :
       {Activation::Tanh, Activation::Relu, Activation::Sigmoid, Activation::Linear}) {
    SCOPED_TRACE(lrlab::activation_name(a));
    check_hessian(spec_of(2, 1, {8, 6}, a, LossKind::BinaryCrossEntropy), 12, 21);
  }
}

TEST(HessianProduct, EveryLossMatchesDifferencedGradients) {
  for (Activation a :
       {Activation::Tanh, Activation::Relu, Activation::Sigmoid, Activation::Linear}) {
    SCOPED_TRACE(lrlab::activation_name(a));
    check_hessian(spec_of(3, 2, {7}, a, LossKind::Mse), 11, 22);
    check_hessian(spec_of(2, 3, {6}, a, LossKind::BinaryCrossEntropy), 9, 23);
    check_hessian(spec_of(2, 3, {6}, a, LossKind::SoftmaxCrossEntropy), 9, 24);
  }
  check_hessian(spec_of(1, 1, {}, Activation::Tanh, LossKind::Mse), 5, 25);  // linear model
  check_hessian(spec_of(2, 1, {}, Activation::Tanh, LossKind::BinaryCrossEntropy), 5, 26);
}

// Networks of about 300 parameters, deep and wide.
TEST(HessianProduct, LargerNetworksMatchDifferencedGradients) {
  // 3*12+12 + 12*12+12 + 12*3+3 = 243 parameters.
  check_hessian(spec_of(3, 3, {12, 12}, Activation::Tanh, LossKind::SoftmaxCrossEntropy), 20, 27);
  // 2*9+9 + 3*(9*9+9) + 9+1 = 307 parameters.
  check_hessian(spec_of(2, 1, {9, 9, 9, 9}, Activation::Sigmoid, LossKind::Mse), 16, 28);
  // 2*10+10 + 10*10+10 + 10*10+10 + 10+1 = 261 parameters.
  check_hessian(spec_of(2, 1, {10, 10, 10}, Activation::Relu, LossKind::BinaryCrossEntropy), 16,
                29);
}

// y = w x + b with MSE: H = 2 [[mean x^2, mean x], [mean x, 1]] whatever the weights.
TEST(HessianProduct, LinearModelWithMseIsTheClosedForm) {
  lrlab::Rng rng(5);
  const int n = 13;
  Eigen::MatrixXd x(1, n), y(1, n);
  double sum_x = 0, sum_xx = 0;
  for (int j = 0; j < n; ++j) {
    x(0, j) = 1.5 + rng.normal();
    y(0, j) = rng.normal();
    sum_x += x(0, j);
    sum_xx += x(0, j) * x(0, j);
  }
  HessianProduct hvp(spec_of(1, 1, {}, Activation::Linear, LossKind::Mse), x, y);
  Eigen::VectorXd w(2);
  w << 0.3, -0.7;
  hvp.prepare(w);
  const Eigen::MatrixXd h = assembled_hessian(hvp);
  EXPECT_NEAR(h(0, 0), 2 * sum_xx / n, 1e-14);
  EXPECT_NEAR(h(0, 1), 2 * sum_x / n, 1e-14);
  EXPECT_NEAR(h(1, 0), 2 * sum_x / n, 1e-14);
  EXPECT_NEAR(h(1, 1), 2.0, 1e-14);
}

// The same product twice gives the same bits (nothing carried over between calls).
TEST(HessianProduct, RepeatableToTheBit) {
  Case c =
      make_case(spec_of(2, 3, {8, 8}, Activation::Tanh, LossKind::SoftmaxCrossEntropy), 10, 30);
  HessianProduct hvp(c.model.spec(), c.x, c.y);
  hvp.prepare(c.model.parameters());
  lrlab::Rng rng(31);
  Eigen::VectorXd v(hvp.parameter_count()), first(v.size()), second(v.size()), other(v.size());
  for (Eigen::Index k = 0; k < v.size(); ++k) v(k) = rng.normal();
  hvp.apply(v, first);
  hvp.apply(-v, other);
  hvp.apply(v, second);
  for (Eigen::Index k = 0; k < v.size(); ++k) {
    ASSERT_EQ(first(k), second(k)) << k;
    ASSERT_EQ(other(k), -first(k)) << k;  // linear in v, exactly so for a sign flip
  }
}

}  // namespace
