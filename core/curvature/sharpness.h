#pragma once
// Sharpness: the largest eigenvalue of the Hessian of the mean training loss
// (docs/spec-core.md#sharpness). Gradient descent at rate lr is stable along a direction of
// curvature lambda only while lr * lambda < 2, so a run overshoots where the sharpness exceeds 2 /
// lr (Cohen et al. 2021, "Gradient Descent on Neural Networks Typically Occurs at the Edge of
// Stability"). For an adaptive optimizer stepping w -= lr P^-1 m the quantity that matters is the
// preconditioned sharpness, the largest eigenvalue of P^-1 H (Cohen et al. 2022, "Adaptive Gradient
// Methods at the Edge of Stability").
//
// Measured on the training set, or on its first kMaxSharpnessSamples samples where it is larger
// (the split has already shuffled them, so this is a fixed random subset chosen by the seed), by
// Lanczos (core/curvature/lanczos.h) on exact Hessian-vector products
// (core/curvature/hessian_product.h), each measurement warm-started from the previous one's vector.
#include <Eigen/Core>

#include "core/curvature/hessian_product.h"
#include "core/curvature/lanczos.h"
#include "core/data.h"
#include "core/model.h"

namespace lrlab {

constexpr Eigen::Index kMaxSharpnessSamples = 1024;

class SharpnessMeter {
 public:
  // max_iterations: Hessian-vector products per measurement at most; tolerance: stop once the
  // Ritz residual |H x - lambda x| is at most tolerance * |lambda|.
  SharpnessMeter(const ModelSpec& spec, const Dataset& train, int max_iterations, double tolerance);

  // The top eigenvalue of H at `parameters`.
  Lanczos::Result measure(const Eigen::Ref<const Eigen::VectorXd>& parameters) noexcept;

  // The top eigenvalue of P^-1 H for the diagonal P^-1 = `inverse_preconditioner` (all > 0), at
  // the weights of the last measure(): computed as that of the symmetric D H D, D = sqrt(P^-1),
  // which has the same eigenvalues.
  Lanczos::Result measure_preconditioned(
      const Eigen::Ref<const Eigen::VectorXd>& inverse_preconditioner) noexcept;

  Eigen::Index samples() const { return hvp_.samples(); }
  Eigen::Index parameter_count() const { return hvp_.parameter_count(); }
  // Forgets the warm starts (a reset run starts from the fixed start again).
  void forget() noexcept;

 private:
  HessianProduct hvp_;
  Lanczos lanczos_;
  double tolerance_;
  Eigen::VectorXd vector_;                 // H's top eigenvector so far: the warm start
  Eigen::VectorXd preconditioned_vector_;  // D H D's
  Eigen::VectorXd root_, scaled_;          // D, and D v
};

}  // namespace lrlab
