// Adadelta (Keras 3 rules, docs/spec-optimizers.md#the-update-rules).
//   Eg = rho * Eg + (1 - rho) * g^2
//   d  = -sqrt(Ed + eps) * g / sqrt(Eg + eps)
//   Ed = rho * Ed + (1 - rho) * d^2
//   w += lr * d
// The ratio of the two running root-mean-squares gives each parameter a step with the units of
// w; Keras still multiplies it by lr (default 0.001, so Adadelta starts very slowly there).
//
// Effective step size: lr * sqrt(Ed_old + eps) / sqrt(Eg + eps), Ed_old being Ed before this
// update (equal to |delta w| / |g|, and defined where g == 0 too).
#include <cmath>
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"

namespace lrlab {
namespace {

class Adadelta final : public Optimizer {
 public:
  Adadelta(double rho, double epsilon) : rho_(rho), epsilon_(epsilon) {}

  void reset_state(Eigen::Index n) override {
    eg_ = Eigen::VectorXd::Zero(n);
    ed_ = Eigen::VectorXd::Zero(n);
    d_ = Eigen::VectorXd::Zero(n);
    effective_ = Eigen::VectorXd::Zero(n);
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    const double one_minus_rho = 1 - rho_;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      eg_[i] = rho_ * eg_[i] + one_minus_rho * (g[i] * g[i]);
      const double rms_delta = std::sqrt(ed_[i] + epsilon_);
      const double rms_grad = std::sqrt(eg_[i] + epsilon_);
      const double d = -(rms_delta * g[i] / rms_grad);
      d_[i] = d;
      ed_[i] = rho_ * ed_[i] + one_minus_rho * (d * d);
      w[i] += lr * d;
      effective_[i] = lr * rms_delta / rms_grad;
    }
  }

  std::vector<StateQuantity> state() const override {
    return {per_parameter("Eg", eg_, "running mean of g^2"),
            per_parameter("Ed", ed_, "running mean of the squared steps d^2"),
            of_last_update(per_parameter("d", d_, "this update's step before lr"))};
  }

 private:
  double rho_;
  double epsilon_;
  Eigen::VectorXd eg_;  // running mean of g^2
  Eigen::VectorXd ed_;  // running mean of d^2
  Eigen::VectorXd d_;   // the last update's d (the rule's second line), for a look at it
};

std::unique_ptr<Optimizer> make_adadelta(const ParamValues& values) {
  return std::make_unique<Adadelta>(values.number("rho"), values.number("epsilon"));
}

}  // namespace

OptimizerInfo adadelta_optimizer_info() {
  return {
      "adadelta",
      "Adadelta",
      "Scales each parameter's step by the ratio of the running root-mean-square of its past "
      "steps to that of its gradients, times the learning rate.",
      {fraction_param("rho", 0.95, "decay of the running averages (closer to 1 = longer memory)"),
       epsilon_param()},
      0.001,
      &make_adadelta,
      {"keras.optimizers.Adadelta",
       {{"learning_rate", "{lr0}"}, {"rho", "{rho}"}, {"epsilon", "{epsilon}"}}},
      {"torch.optim.Adadelta",
       {{"", "model.parameters()"}, {"lr", "{lr0}"}, {"rho", "{rho}"}, {"eps", "{epsilon}"}},
       {{"Same rule as Keras; PyTorch's default lr is 1.0 (Keras' 0.001), so lr is given "
         "explicitly."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> adadelta_rule() {
  return {"Eg = rho * Eg + (1 - rho) * g^2", "d = -sqrt(Ed + epsilon) * g / sqrt(Eg + epsilon)",
          "Ed = rho * Ed + (1 - rho) * d^2", "w = w + lr * d"};
}

}  // namespace lrlab
