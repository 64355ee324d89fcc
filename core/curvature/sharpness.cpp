#include "core/curvature/sharpness.h"

#include <algorithm>
#include <cmath>

namespace lrlab {

namespace {

Eigen::Index subset_size(const Dataset& train) {
  return std::min(train.size(), kMaxSharpnessSamples);
}

}  // namespace

SharpnessMeter::SharpnessMeter(const ModelSpec& spec, const Dataset& train, int max_iterations,
                               double tolerance)
    : hvp_(spec, train.x.leftCols(subset_size(train)), train.y.leftCols(subset_size(train))),
      lanczos_(hvp_.parameter_count(), max_iterations),
      tolerance_(tolerance),
      vector_(Eigen::VectorXd::Zero(hvp_.parameter_count())),
      preconditioned_vector_(Eigen::VectorXd::Zero(hvp_.parameter_count())),
      root_(Eigen::VectorXd::Zero(hvp_.parameter_count())),
      scaled_(Eigen::VectorXd::Zero(hvp_.parameter_count())) {}

void SharpnessMeter::forget() noexcept {
  vector_.setZero();
  preconditioned_vector_.setZero();
}

Lanczos::Result SharpnessMeter::measure(
    const Eigen::Ref<const Eigen::VectorXd>& parameters) noexcept {
  hvp_.prepare(parameters);
  return lanczos_.top([this](const Eigen::Ref<const Eigen::VectorXd>& v,
                             Eigen::Ref<Eigen::VectorXd> out) { hvp_.apply(v, out); },
                      vector_, tolerance_);
}

Lanczos::Result SharpnessMeter::measure_preconditioned(
    const Eigen::Ref<const Eigen::VectorXd>& inverse_preconditioner) noexcept {
  for (Eigen::Index k = 0; k < root_.size(); ++k) root_[k] = std::sqrt(inverse_preconditioner[k]);
  return lanczos_.top(
      [this](const Eigen::Ref<const Eigen::VectorXd>& v, Eigen::Ref<Eigen::VectorXd> out) {
        for (Eigen::Index k = 0; k < v.size(); ++k) scaled_[k] = root_[k] * v[k];
        hvp_.apply(scaled_, out);
        for (Eigen::Index k = 0; k < v.size(); ++k) out[k] = root_[k] * out[k];
      },
      preconditioned_vector_, tolerance_);
}

}  // namespace lrlab
