#include "core/model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/random.h"
#include "tests/support/model_cases.h"

namespace {

using lrlab_test::targets;

using lrlab::Activation;
using lrlab::Init;
using lrlab::LossKind;
using lrlab::Mlp;
using lrlab::ModelSpec;

ModelSpec spec_of(int inputs, int outputs, std::vector<int> hidden, Activation activation,
                  LossKind loss, Init init = Init::Glorot) {
  ModelSpec s;
  s.inputs = inputs;
  s.outputs = outputs;
  s.hidden = std::move(hidden);
  s.activation = activation;
  s.init = init;
  s.loss = loss;
  return s;
}

Eigen::MatrixXd inputs(int rows, int n, lrlab::Rng& rng) {
  Eigen::MatrixXd x(rows, n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < rows; ++i) x(i, j) = rng.normal();
  return x;
}

// Central differences of loss() against loss_and_gradient()'s gradient, over every parameter.
void check_gradient(const ModelSpec& spec, int n, std::uint64_t seed) {
  lrlab::Rng rng(seed);
  Mlp model(spec, n, rng);
  // Non-zero biases, so their effect is exercised too.
  for (int l = 0; l < model.layer_count(); ++l)
    for (Eigen::Index i = 0; i < model.biases(l).size(); ++i)
      model.biases(l)(i) = 0.1 * rng.normal();
  const Eigen::MatrixXd x = inputs(spec.inputs, n, rng);
  const Eigen::MatrixXd y = targets(spec.loss, spec.outputs, n, rng);
  model.loss_and_gradient(x, y);
  const Eigen::VectorXd analytic = model.gradient();
  Eigen::VectorXd numeric(analytic.size());
  const double h = 1e-5;
  for (Eigen::Index k = 0; k < numeric.size(); ++k) {
    double& p = model.parameters()(k);
    const double saved = p;
    p = saved + h;
    const double up = model.loss(x, y);
    p = saved - h;
    const double down = model.loss(x, y);
    p = saved;
    numeric(k) = (up - down) / (2 * h);
  }
  const double relative = (analytic - numeric).norm() / (analytic.norm() + numeric.norm());
  EXPECT_LT(relative, 1e-6);
  for (Eigen::Index k = 0; k < numeric.size(); ++k) {
    EXPECT_NEAR(analytic(k), numeric(k),
                1e-6 * (std::fabs(analytic(k)) + std::fabs(numeric(k))) + 1e-9)
        << "parameter " << k;
  }
}

TEST(MlpGradient, EveryActivationMatchesFiniteDifferences) {
  for (Activation a :
       {Activation::Tanh, Activation::Relu, Activation::Sigmoid, Activation::Linear}) {
    SCOPED_TRACE(lrlab::activation_name(a));
    check_gradient(spec_of(2, 1, {5, 4}, a, LossKind::BinaryCrossEntropy), 7, 11);
  }
}

TEST(MlpGradient, EveryLossMatchesFiniteDifferences) {
  check_gradient(spec_of(3, 2, {6}, Activation::Tanh, LossKind::Mse), 9, 12);
  check_gradient(spec_of(2, 1, {6}, Activation::Tanh, LossKind::BinaryCrossEntropy), 9, 13);
  check_gradient(spec_of(2, 3, {6}, Activation::Tanh, LossKind::BinaryCrossEntropy), 9, 14);
  check_gradient(spec_of(2, 3, {6}, Activation::Tanh, LossKind::SoftmaxCrossEntropy), 9, 15);
  check_gradient(spec_of(1, 1, {}, Activation::Tanh, LossKind::Mse), 5, 16);  // linear model
}

TEST(MlpGradient, DeepNetworkMatchesFiniteDifferences) {
  check_gradient(spec_of(2, 3, {8, 7, 5}, Activation::Tanh, LossKind::SoftmaxCrossEntropy), 10, 17);
  check_gradient(spec_of(2, 1, {6, 6, 6, 6}, Activation::Sigmoid, LossKind::Mse), 6, 18);
  check_gradient(spec_of(2, 1, {8, 8, 8}, Activation::Relu, LossKind::BinaryCrossEntropy, Init::He),
                 10, 19);
}

// A one-layer model with hand-set weights, so every number below can be worked out on paper.
Mlp linear_model(int inputs, int outputs, LossKind loss, int max_batch = 8) {
  lrlab::Rng rng(1);
  return Mlp(spec_of(inputs, outputs, {}, Activation::Linear, loss), max_batch, rng);
}

TEST(MlpLoss, MseByHand) {
  Mlp m = linear_model(1, 1, LossKind::Mse);
  m.weights(0)(0, 0) = 2;
  m.biases(0)(0) = 1;
  Eigen::MatrixXd x(1, 2), y(1, 2);
  x << 1, 2;
  y << 3, 4;
  // z = 2x + 1 = (3, 5); errors (0, 1); mean of squares 0.5.
  EXPECT_DOUBLE_EQ(m.loss_and_gradient(x, y), 0.5);
  // dL/dz = 2 (z - y) / 2 = (0, 1); dL/dw = sum dz * x = 2; dL/db = sum dz = 1.
  EXPECT_DOUBLE_EQ(m.gradient()(0), 2.0);
  EXPECT_DOUBLE_EQ(m.gradient()(1), 1.0);
  EXPECT_DOUBLE_EQ(m.loss(x, y), 0.5);
}

TEST(MlpLoss, MseAveragesOverOutputsToo) {
  Mlp m = linear_model(1, 2, LossKind::Mse);
  m.weights(0).setZero();
  m.biases(0) << 1, -1;
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(1, 1), y(2, 1);
  y << 0, 1;
  // Errors (1, -2): (1 + 4) / 2 elements = 2.5 (Keras: mean over the last axis, then the batch).
  EXPECT_DOUBLE_EQ(m.loss(x, y), 2.5);
}

TEST(MlpLoss, BinaryCrossEntropyByHandAndStableForHugeLogits) {
  Mlp m = linear_model(1, 1, LossKind::BinaryCrossEntropy);
  m.weights(0)(0, 0) = 1;
  m.biases(0)(0) = 0;
  Eigen::MatrixXd x(1, 3), y(1, 3);
  x << 0, 2, -1;
  y << 1, 1, 1;
  // The textbook form -log(sigmoid(z)) for y = 1.
  auto naive = [](double z) { return -std::log(1 / (1 + std::exp(-z))); };
  EXPECT_NEAR(m.loss(x, y), (naive(0) + naive(2) + naive(-1)) / 3, 1e-15);
  EXPECT_NEAR(m.loss(x.leftCols(1), y.leftCols(1)), std::log(2.0), 1e-16);
  // Logits of +-800: the naive form overflows; the loss is |z| when the label is wrong, 0 when
  // right.
  m.weights(0)(0, 0) = 800;
  Eigen::MatrixXd xs(1, 2), ys(1, 2);
  xs << 1, -1;
  ys << 0, 0;
  EXPECT_DOUBLE_EQ(m.loss_and_gradient(xs, ys), 400.0);  // (800 + 0) / 2
  // dL/dz = (sigmoid(z) - y) / 2 = (0.5, 0); dL/dw = 0.5 * 1 = 0.5.
  EXPECT_DOUBLE_EQ(m.gradient()(0), 0.5);
  EXPECT_TRUE(std::isfinite(m.gradient()(1)));
}

TEST(MlpLoss, SoftmaxCrossEntropyByHandAndStableForHugeLogits) {
  Mlp m = linear_model(1, 3, LossKind::SoftmaxCrossEntropy);
  m.weights(0).setZero();
  m.biases(0) << 1, 2, 3;
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(1, 1), y(3, 1);
  y << 0, 0, 1;
  const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
  EXPECT_NEAR(m.loss_and_gradient(x, y), lse - 3, 1e-15);
  // dL/db_i = softmax_i - y_i.
  const double denom = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  EXPECT_NEAR(m.gradient()(3), std::exp(1.0) / denom, 1e-15);
  EXPECT_NEAR(m.gradient()(4), std::exp(2.0) / denom, 1e-15);
  EXPECT_NEAR(m.gradient()(5), std::exp(3.0) / denom - 1, 1e-15);
  m.biases(0) << 1000, 0, -1000;
  y << 1, 0, 0;
  EXPECT_EQ(m.loss(x, y), 0.0);
  y << 0, 1, 0;
  EXPECT_DOUBLE_EQ(m.loss(x, y), 1000.0);
}

TEST(MlpLoss, AccuracyCountsCorrectClasses) {
  Mlp bin = linear_model(1, 1, LossKind::BinaryCrossEntropy);
  bin.weights(0)(0, 0) = 1;
  bin.biases(0)(0) = 0;
  Eigen::MatrixXd x(1, 4), y(1, 4);
  x << -2, -0.5, 0.5, 3;  // predicted class 1 where the logit is > 0
  y << 0, 1, 1, 1;
  EXPECT_DOUBLE_EQ(bin.accuracy(x, y), 0.75);
  Mlp multi = linear_model(1, 3, LossKind::SoftmaxCrossEntropy);
  multi.weights(0) << 1, 0, -1;
  multi.biases(0) << 0, 0.5, 0;
  Eigen::MatrixXd xm(1, 3), ym = Eigen::MatrixXd::Zero(3, 3);
  xm << 2, 0, -2;  // logits (2, .5, -2) -> 0; (0, .5, 0) -> 1; (-2, .5, 2) -> 2
  ym(0, 0) = 1;
  ym(1, 1) = 1;
  ym(0, 2) = 1;
  EXPECT_NEAR(multi.accuracy(xm, ym), 2.0 / 3, 1e-15);
}

TEST(MlpLoss, ChunkedEvaluationMatchesOneBigBatch) {
  lrlab::Rng data(5);
  const Eigen::MatrixXd x = inputs(2, 103, data);
  const Eigen::MatrixXd y = targets(LossKind::BinaryCrossEntropy, 1, 103, data);
  lrlab::Rng r1(9), r2(9);
  const ModelSpec spec = spec_of(2, 1, {8}, Activation::Tanh, LossKind::BinaryCrossEntropy);
  Mlp small(spec, 10, r1), big(spec, 103, r2);
  ASSERT_EQ(small.parameters(), big.parameters());
  EXPECT_NEAR(small.loss(x, y), big.loss(x, y), 1e-14);
  EXPECT_DOUBLE_EQ(small.accuracy(x, y), big.accuracy(x, y));
  Eigen::MatrixXd p1(1, 103), p2(1, 103);
  small.predict(x, p1);
  big.predict(x, p2);
  EXPECT_EQ(p1, p2);
  EXPECT_GT(p1.minCoeff(), 0.0);
  EXPECT_LT(p1.maxCoeff(), 1.0);
  // A batch larger than max_batch is refused without touching the gradient.
  EXPECT_TRUE(std::isnan(small.loss_and_gradient(x, y)));
}

TEST(MlpInit, GlorotIsUniformWithinTheLimit) {
  lrlab::Rng rng(21);
  Mlp m(spec_of(2, 1, {64, 64}, Activation::Tanh, LossKind::BinaryCrossEntropy, Init::Glorot), 4,
        rng);
  const auto w = m.weights(1);  // 64 x 64
  const double limit = std::sqrt(6.0 / (64 + 64));
  EXPECT_LE(w.cwiseAbs().maxCoeff(), limit);
  EXPECT_GT(w.cwiseAbs().maxCoeff(), 0.99 * limit);
  const double mean = w.mean();
  const double var = (w.array() - mean).square().mean();
  EXPECT_NEAR(mean, 0.0, 0.03 * limit);
  EXPECT_NEAR(var, limit * limit / 3, 0.05 * limit * limit / 3);  // variance of U(-a, a)
  const double first_limit = std::sqrt(6.0 / (2 + 64));
  EXPECT_LE(m.weights(0).cwiseAbs().maxCoeff(), first_limit);
  for (int l = 0; l < m.layer_count(); ++l) EXPECT_TRUE(m.biases(l).isZero(0));
}

TEST(MlpInit, HeIsNormalWithTheRightSpread) {
  lrlab::Rng rng(22);
  Mlp m(spec_of(2, 1, {64, 64}, Activation::Relu, LossKind::BinaryCrossEntropy, Init::He), 4, rng);
  const auto w = m.weights(1);  // fan_in 64
  const double sd = std::sqrt(2.0 / 64);
  const double mean = w.mean();
  const double var = (w.array() - mean).square().mean();
  EXPECT_NEAR(mean, 0.0, 0.05 * sd);
  EXPECT_NEAR(std::sqrt(var), sd, 0.04 * sd);
  // Normal, not uniform: some weights beyond 2.5 sd (about 1.2% of 4096, i.e. ~50).
  const long tails = (w.array().abs() > 2.5 * sd).count();
  EXPECT_GT(tails, 20);
  EXPECT_LT(tails, 90);
  EXPECT_NEAR(m.weights(0).array().square().mean(), 2.0 / 2, 0.4);  // fan_in 2: sd 1
}

TEST(MlpInit, SameSeedSameWeightsAndLayoutIsContiguous) {
  const ModelSpec spec = spec_of(2, 3, {5, 4}, Activation::Tanh, LossKind::SoftmaxCrossEntropy);
  lrlab::Rng a(3), b(3), c(4);
  Mlp ma(spec, 8, a), mb(spec, 8, b), mc(spec, 8, c);
  EXPECT_EQ(ma.parameters(), mb.parameters());
  EXPECT_NE(ma.parameters(), mc.parameters());
  // (2*5 + 5) + (5*4 + 4) + (4*3 + 3) parameters, layer after layer, W then b.
  EXPECT_EQ(ma.parameter_count(), 15 + 24 + 15);
  EXPECT_EQ(ma.gradient().size(), ma.parameter_count());
  EXPECT_EQ(ma.weights(0).data(), ma.parameters().data());
  EXPECT_EQ(ma.biases(0).data(), ma.parameters().data() + 10);
  EXPECT_EQ(ma.weights(1).data(), ma.parameters().data() + 15);
  EXPECT_EQ(ma.biases(2).data(), ma.parameters().data() + 15 + 24 + 12);
  // Re-initializing from the same seed restores the same weights.
  lrlab::Rng again(3);
  mc.initialize(again);
  EXPECT_EQ(mc.parameters(), ma.parameters());
}

TEST(MlpTraining, GradientDescentOnTheFlatVectorLowersTheLoss) {
  lrlab::Rng rng(30);
  Mlp m(spec_of(1, 1, {}, Activation::Linear, LossKind::Mse), 64, rng);
  Eigen::MatrixXd x(1, 64), y(1, 64);
  for (int j = 0; j < 64; ++j) {
    x(0, j) = -1 + 2.0 * j / 63;
    y(0, j) = 2 * x(0, j) + 0.5;
  }
  for (int step = 0; step < 500; ++step) {
    m.loss_and_gradient(x, y);
    m.parameters() -= 0.3 * m.gradient();
  }
  EXPECT_NEAR(m.weights(0)(0, 0), 2.0, 1e-6);
  EXPECT_NEAR(m.biases(0)(0), 0.5, 1e-6);
}

std::string error_of(const ModelSpec& spec) {
  try {
    lrlab::Rng rng(1);
    Mlp m(spec, 4, rng);
  } catch (const lrlab::Error& e) {
    return e.what();
  }
  return "";
}

TEST(MlpSpec, ValidationNamesTheField) {
  ModelSpec s = spec_of(2, 1, {16, 0}, Activation::Tanh, LossKind::BinaryCrossEntropy);
  EXPECT_EQ(error_of(s), "model.hidden[1]: 0 is not allowed (must be an integer >= 1 and <= 64)");
  s.hidden = {65};
  EXPECT_EQ(error_of(s), "model.hidden[0]: 65 is not allowed (must be an integer >= 1 and <= 64)");
  s.hidden = {1, 2, 3, 4, 5};
  EXPECT_NE(error_of(s).find("model.hidden: 5 layers is not allowed"), std::string::npos);
  s.hidden = {1, 2, 3, 64};
  EXPECT_EQ(error_of(s), "");
  s.hidden = {};
  EXPECT_EQ(error_of(s), "");
  s.loss = LossKind::SoftmaxCrossEntropy;
  EXPECT_NE(error_of(s).find("model.loss"), std::string::npos);
  s = spec_of(0, 1, {}, Activation::Tanh, LossKind::Mse);
  EXPECT_NE(error_of(s).find("model.inputs: 0"), std::string::npos);
}

TEST(MlpSpec, NamesParseAndRoundTrip) {
  for (const std::string& n : lrlab::activation_names())
    EXPECT_EQ(lrlab::activation_name(lrlab::parse_activation(n)), n);
  for (const std::string& n : lrlab::loss_names())
    EXPECT_EQ(lrlab::loss_name(lrlab::parse_loss(n)), n);
  for (const std::string& n : lrlab::init_names())
    EXPECT_EQ(lrlab::init_name(lrlab::parse_init(n)), n);
  try {
    lrlab::parse_activation("softplus");
    FAIL();
  } catch (const lrlab::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "model.activation: \"softplus\" is not allowed (must be one of: tanh relu sigmoid "
              "linear)");
  }
  EXPECT_THROW(lrlab::parse_loss("hinge"), lrlab::Error);
  EXPECT_THROW(lrlab::parse_init("lecun"), lrlab::Error);
}

TEST(MlpSpec, AutoPicksInitAndLossFromActivationAndTask) {
  const auto blobs = lrlab::problem_shape("blobs");
  const ModelSpec a = lrlab::make_model_spec({8}, "relu", "auto", "auto", blobs);
  EXPECT_EQ(a.init, Init::He);
  EXPECT_EQ(a.loss, LossKind::SoftmaxCrossEntropy);
  EXPECT_EQ(a.inputs, 2);
  EXPECT_EQ(a.outputs, 3);
  const ModelSpec b =
      lrlab::make_model_spec({}, "tanh", "auto", "auto", lrlab::problem_shape("sine"));
  EXPECT_EQ(b.init, Init::Glorot);
  EXPECT_EQ(b.loss, LossKind::Mse);
  EXPECT_EQ(lrlab::make_model_spec({4}, "tanh", "he", "mse", lrlab::problem_shape("xor")).init,
            Init::He);
  EXPECT_THROW(
      lrlab::make_model_spec({4}, "tanh", "auto", "softmax_ce", lrlab::problem_shape("xor")),
      lrlab::Error);
  EXPECT_THROW(lrlab::make_model_spec({4}, "tanh", "zeros", "auto", lrlab::problem_shape("xor")),
               lrlab::Error);
}

}  // namespace
