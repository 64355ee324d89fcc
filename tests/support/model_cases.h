#pragma once
// Networks and targets the model tests build their cases from (model, Hessian-vector products,
// sharpness): a ModelSpec from its shape, and targets that suit each loss.
#include <Eigen/Dense>
#include <utility>
#include <vector>

#include "core/model.h"
#include "core/random.h"

namespace lrlab_test {

// He initialisation for relu, Glorot otherwise.
inline lrlab::ModelSpec spec_of(int inputs, int outputs, std::vector<int> hidden,
                                lrlab::Activation activation, lrlab::LossKind loss) {
  lrlab::ModelSpec s;
  s.inputs = inputs;
  s.outputs = outputs;
  s.hidden = std::move(hidden);
  s.activation = activation;
  s.init = activation == lrlab::Activation::Relu ? lrlab::Init::He : lrlab::Init::Glorot;
  s.loss = loss;
  return s;
}

// Values for mse, 0/1 for bce, one-hot for softmax_ce.
inline Eigen::MatrixXd targets(lrlab::LossKind loss, int outputs, int n, lrlab::Rng& rng) {
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(outputs, n);
  for (int j = 0; j < n; ++j) {
    if (loss == lrlab::LossKind::SoftmaxCrossEntropy) {
      y(static_cast<int>(rng.below(outputs)), j) = 1;
    } else {
      for (int i = 0; i < outputs; ++i)
        y(i, j) = loss == lrlab::LossKind::Mse ? rng.normal() : static_cast<double>(rng.below(2));
    }
  }
  return y;
}

}  // namespace lrlab_test
