// The sharpness at an experiment's initial weights (core/curvature/initial_sharpness.h), which the
// sweep marks as 2 / lambda_0: on the linear problem with a linear model and MSE it is the
// Hessian's top eigenvalue L in closed form (tests/support/linear_quadratic.h); on a network it is
// the top eigenvalue, from Eigen's symmetric eigensolver, of the dense Hessian assembled from exact
// Hessian-vector products at the weights a Trainer of the same settings starts from.
#include "core/curvature/initial_sharpness.h"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>

#include "core/curvature/hessian_product.h"
#include "core/trainer.h"
#include "tests/support/linear_quadratic.h"

namespace {

double relative(double a, double b) {
  return std::fabs(a - b) / std::fabs(b);
}

TEST(InitialSharpness, OnTheLinearProblemItIsL) {
  const lrlab::Settings settings = lrlab::parse_settings(
      R"({"seed": 4, "problem": {"name": "linear", "samples": 150, "noise": 0.2},
          "model": {"hidden": [], "activation": "linear", "loss": "mse"}})");
  const lrlab::test::LinearQuadratic q =
      lrlab::test::analyse_linear(lrlab::Trainer(settings).problem().train);
  EXPECT_LT(relative(lrlab::initial_sharpness(settings), q.l_max), 1e-10);
}

TEST(InitialSharpness, OnANetworkItIsTheDenseHessiansTopEigenvalueAtTheStartingWeights) {
  const lrlab::Settings settings = lrlab::parse_settings(
      R"({"seed": 11, "problem": {"name": "moons", "samples": 120},
          "model": {"hidden": [5], "activation": "tanh"},
          "optimizer": {"name": "adam", "learning_rate": 0.3}})");
  const lrlab::Trainer start(settings);
  const lrlab::Dataset& train = start.problem().train;
  lrlab::HessianProduct hvp(start.model().spec(), train.x, train.y);
  const Eigen::VectorXd& w = start.parameters();
  hvp.prepare(w);
  Eigen::MatrixXd h(w.size(), w.size());
  Eigen::VectorXd e = Eigen::VectorXd::Zero(w.size()), column(w.size());
  for (Eigen::Index k = 0; k < w.size(); ++k) {
    e(k) = 1;
    hvp.apply(e, column);
    h.col(k) = column;
    e(k) = 0;
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver((h + h.transpose()) / 2);
  EXPECT_LT(relative(lrlab::initial_sharpness(settings), solver.eigenvalues().maxCoeff()), 1e-8);
}

}  // namespace
