// FTRL-Proximal, "follow the regularized leader" (McMahan et al. 2013; Keras 3 rules,
// docs/spec-optimizers.md#the-update-rules). With p = -learning_rate_power (0.5 by default):
//   l2   = l2_regularization_strength + beta / (2 * lr)
//   n'   = n + g^2                          (n starts at initial_accumulator_value)
//   z   += g + 2 * l2_shrinkage * w - (n'^p - n^p) / lr * w
//   q    = n'^p / lr + 2 * l2
//   w    = (clip(z, -l1, l1) - z) / q       (0 while |z| <= l1: L1 makes weights exactly 0)
//   n    = n'
// The new weight is computed from the accumulated z, not stepped from the old one. Without
// regularisation that is w -= g / q (Adagrad's step with its accumulator starting at
// initial_accumulator_value) from the second update on; the first also pulls the initial weights
// toward 0, by the factor sqrt(n_0 / n_1): FTRL was made for models that start at w = 0.
//
// Effective step size: 1 / q, the rate FTRL applies to the gradient where L1 does not clip (lr /
// sqrt(n) without l2 and beta).
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "core/detmath.h"
#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"
#include "core/schedule/params.h"

namespace lrlab {
namespace {

class Ftrl final : public Optimizer {
 public:
  Ftrl(double power, double initial, double l1, double l2, double shrinkage, double beta)
      : power_(power), initial_(initial), l1_(l1), l2_(l2), shrinkage_(shrinkage), beta_(beta) {}

  void reset_state(Eigen::Index n) override {
    n_ = Eigen::VectorXd::Constant(n, initial_);
    z_ = Eigen::VectorXd::Zero(n);
    effective_ = Eigen::VectorXd::Zero(n);
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    const double l2 = l2_ + beta_ / (2 * lr);
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      const double n_new = n_[i] + g[i] * g[i];
      const double root_new = root(n_new);
      z_[i] += g[i] + 2 * shrinkage_ * w[i] - (root_new - root(n_[i])) / lr * w[i];
      const double q = root_new / lr + 2 * l2;
      w[i] = (std::clamp(z_[i], -l1_, l1_) - z_[i]) / q;
      n_[i] = n_new;
      effective_[i] = 1 / q;
    }
  }

  std::vector<StateQuantity> state() const override {
    return {per_parameter("n", n_, "sum of g^2 plus the initial value"),
            per_parameter("z", z_, "the linear accumulator")};
  }

 private:
  // x^p; the default p = 0.5 as the exactly rounded sqrt, p = 0 as 1 (also for x = 0).
  double root(double x) const noexcept {
    if (power_ == 0.5) return std::sqrt(x);
    if (power_ == 0) return 1;
    return dm::pow(x, power_);
  }

  double power_;  // -learning_rate_power, >= 0
  double initial_;
  double l1_;
  double l2_;
  double shrinkage_;
  double beta_;
  Eigen::VectorXd n_;  // sum of g^2 plus the initial value
  Eigen::VectorXd z_;  // the "linear" accumulator
};

std::unique_ptr<Optimizer> make_ftrl(const ParamValues& values) {
  return std::make_unique<Ftrl>(
      -values.number("learning_rate_power"), values.number("initial_accumulator_value"),
      values.number("l1_regularization_strength"), values.number("l2_regularization_strength"),
      values.number("l2_shrinkage_regularization_strength"), values.number("beta"));
}

}  // namespace

OptimizerInfo ftrl_optimizer_info() {
  ParamSpec initial =
      non_negative_param("initial_accumulator_value", 0.1,
                         "starting value of each parameter's sum of squared gradients (above 0)");
  // Keras allows 0; then a parameter whose gradient has been 0 from the start gets w = 0 / 0.
  initial.min_inclusive = false;
  return {
      "ftrl",
      "FTRL",
      "Follow the regularized leader: each weight is solved afresh from the sum of all its "
      "gradients so far, with per-parameter rates like Adagrad's and optional L1 that sets "
      "weights to exactly zero.",
      {params::number("learning_rate_power", -0.5, -std::numeric_limits<double>::infinity(), 0,
                      "how fast the rate falls with the summed squared gradients (0: not at "
                      "all)",
                      false, true),
       initial,
       non_negative_param("l1_regularization_strength", 0,
                          "L1 strength: weights whose accumulated pull stays below it are 0"),
       non_negative_param("l2_regularization_strength", 0,
                          "L2 strength of the stabilising penalty in the solve"),
       non_negative_param("l2_shrinkage_regularization_strength", 0,
                          "L2 penalty on the weights' size, added to the gradient"),
       non_negative_param("beta", 0, "beta of the paper: adds beta / (2 lr) to the L2 strength")},
      0.001,
      &make_ftrl,
      {"keras.optimizers.Ftrl",
       {{"learning_rate", "{lr0}"},
        {"learning_rate_power", "{learning_rate_power}"},
        {"initial_accumulator_value", "{initial_accumulator_value}"},
        {"l1_regularization_strength", "{l1_regularization_strength}"},
        {"l2_regularization_strength", "{l2_regularization_strength}"},
        {"l2_shrinkage_regularization_strength", "{l2_shrinkage_regularization_strength}"},
        {"beta", "{beta}"}}},
      {"torch.optim.Adagrad",
       {{"", "model.parameters()"},
        {"lr", "{lr0}"},
        {"initial_accumulator_value", "{initial_accumulator_value}"},
        {"eps", "0.0"}},
       {{"torch.optim has no FTRL. The nearest class is Adagrad with FTRL's starting accumulator"},
        {"and eps 0: at a constant rate, learning_rate_power -0.5 and no regularisation it takes"},
        {"FTRL's steps from the second update on. FTRL's first update also pulls the initial"},
        {"weights toward 0 (by sqrt(a0 / (a0 + g^2))); Adagrad's does not."},
        {"Adagrad has no L1, L2, shrinkage or beta terms, nor another learning_rate_power."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> ftrl_rule() {
  return {"p = -learning_rate_power;  l2 = l2_regularization_strength + beta / (2 * lr)",
          "n' = n + g^2",
          "z = z + g + 2 * l2_shrinkage * w - (n'^p - n^p) / lr * w",
          "q = n'^p / lr + 2 * l2",
          "w = (clip(z, -l1, l1) - z) / q",
          "n = n'"};
}

}  // namespace lrlab
