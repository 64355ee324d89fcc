#pragma once
// Exact Hessian-vector products of an Mlp's mean training loss, H v, where H is the Hessian with
// respect to every weight and bias (the layout of Mlp::parameters()).
//
// Why by hand: the sharpness (core/curvature/sharpness.h) is the top eigenvalue of H, found from
// a few dozen products per measurement; finite differences of gradients would lose half the digits
// and depend on a step size. This is Pearlmutter's R-operator, forward-over-reverse: one forward
// pass of directional derivatives R(z) = d z / d w . v through the network, then the backward
// pass of the gradient differentiated along v (docs/spec-core.md#sharpness). Every sum runs in a
// fixed order through core/kernels.h, so the bits are the same natively and in wasm.
//
// prepare() runs the forward and backward passes once at the given weights and keeps what does
// not depend on v (activations, deltas); each apply() then costs about two gradient evaluations.
// Buffers are sized in the constructor for all the samples at once; nothing is allocated after.
#include <Eigen/Core>
#include <vector>

#include "core/model.h"

namespace lrlab {

class HessianProduct {
 public:
  // The samples (x: inputs x n, y: outputs x n, n >= 1) whose mean loss the Hessian is of.
  HessianProduct(const ModelSpec& spec, Eigen::MatrixXd x, Eigen::MatrixXd y);

  // Forward and backward passes at `parameters`: returns the mean loss and fills gradient().
  // Must precede apply() and be called again whenever the weights change.
  double prepare(const Eigen::Ref<const Eigen::VectorXd>& parameters) noexcept;

  // out = H v at the prepared weights (v and out of parameter_count(); out must not alias v).
  void apply(const Eigen::Ref<const Eigen::VectorXd>& v, Eigen::Ref<Eigen::VectorXd> out) noexcept;

  const Eigen::VectorXd& gradient() const { return gradient_; }
  Eigen::Index parameter_count() const { return gradient_.size(); }
  Eigen::Index samples() const { return x_.cols(); }

 private:
  struct Layer {
    Eigen::Index in, out;
    Eigen::Index offset;  // of W in the flat vector; b follows at offset + in*out (as in Mlp)
  };
  // The layer's input: x for the first layer, the activations below otherwise.
  const double* below(int l) const { return l == 0 ? x_.data() : act_[l - 1].data(); }

  ModelSpec spec_;
  Eigen::MatrixXd x_, y_;
  std::vector<Layer> layers_;
  Eigen::VectorXd parameters_;  // the prepared weights
  Eigen::VectorXd gradient_;
  std::vector<Eigen::MatrixXd> act_;     // per layer, units x n: f(z), z for the output layer
  std::vector<Eigen::MatrixXd> delta_;   // dL/dz
  std::vector<Eigen::MatrixXd> back_;    // hidden layers: W_above^T delta_above (before f')
  std::vector<Eigen::MatrixXd> rz_;      // R(z)
  std::vector<Eigen::MatrixXd> ra_;      // hidden layers: R(f(z)) = f'(z) R(z)
  std::vector<Eigen::MatrixXd> rdelta_;  // R(dL/dz)
  Eigen::MatrixXd scratch_;              // largest units x n
  Eigen::VectorXd transposed_;           // W^T or V^T of one layer
  Eigen::VectorXd block_;                // one layer's weight-shaped product
};

}  // namespace lrlab
