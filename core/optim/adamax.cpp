// Adamax: Adam with the infinity norm in place of the root mean square (Keras 3 rules,
// docs/spec-optimizers.md#the-update-rules).
//   m += (g - m) * (1 - beta_1)
//   u  = max(beta_2 * u, |g|)
//   w -= lr * m / ((1 - beta_1^t) * (u + eps))
// beta_1^t is a running product, so no pow. u needs no bias correction: a max is not pulled
// toward its zero start the way an average is.
//
// Effective step size: lr / ((1 - beta_1^t) * (u + eps)): the rate applied to the momentum m,
// bias correction included, as for Adam.
#include <algorithm>
#include <cmath>
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"

namespace lrlab {
namespace {

class Adamax final : public Optimizer {
 public:
  Adamax(double beta_1, double beta_2, double epsilon)
      : beta_1_(beta_1), beta_2_(beta_2), epsilon_(epsilon) {}

  void reset_state(Eigen::Index n) override {
    m_ = Eigen::VectorXd::Zero(n);
    u_ = Eigen::VectorXd::Zero(n);
    effective_ = Eigen::VectorXd::Zero(n);
    beta_1_power_ = 1;
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    beta_1_power_ *= beta_1_;
    const double m_correction = 1 - beta_1_power_;
    const double one_minus_beta_1 = 1 - beta_1_;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      m_[i] += (g[i] - m_[i]) * one_minus_beta_1;
      u_[i] = std::max(beta_2_ * u_[i], std::abs(g[i]));
      const double den = m_correction * (u_[i] + epsilon_);
      w[i] -= lr * m_[i] / den;
      effective_[i] = lr / den;
    }
  }

  std::vector<StateQuantity> state() const override {
    return {per_parameter("m", m_, "running mean of g (first moment)"),
            per_parameter("u", u_, "decayed maximum of |g|"),
            shared_value("beta_1^t", beta_1_power_, "1 - beta_1^t corrects m's bias")};
  }

 private:
  double beta_1_;
  double beta_2_;
  double epsilon_;
  double beta_1_power_ = 1;  // beta_1^t
  Eigen::VectorXd m_;        // running mean of g
  Eigen::VectorXd u_;        // decayed maximum of |g|
};

std::unique_ptr<Optimizer> make_adamax(const ParamValues& values) {
  return std::make_unique<Adamax>(values.number("beta_1"), values.number("beta_2"),
                                  values.number("epsilon"));
}

}  // namespace

OptimizerInfo adamax_optimizer_info() {
  return {"adamax",
          "Adamax",
          "Adam with each parameter's step divided by a slowly decaying maximum of its gradient "
          "size instead of a root mean square.",
          {fraction_param("beta_1", 0.9, "decay of the running mean of gradients (momentum)"),
           fraction_param("beta_2", 0.999, "decay of the running maximum of |g|"), epsilon_param()},
          0.001,
          &make_adamax,
          {"keras.optimizers.Adamax",
           {{"learning_rate", "{lr0}"},
            {"beta_1", "{beta_1}"},
            {"beta_2", "{beta_2}"},
            {"epsilon", "{epsilon}"}}},
          {"torch.optim.Adamax",
           {{"", "model.parameters()"},
            {"lr", "{lr0}"},
            {"betas", "({beta_1}, {beta_2})"},
            {"eps", "{epsilon}"}},
           {{"PyTorch adds eps to |g| inside the running maximum; Keras adds it to the maximum "
             "when it steps."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> adamax_rule() {
  return {"m = m + (g - m) * (1 - beta_1)", "u = max(beta_2 * u, |g|)",
          "w = w - lr * m / ((1 - beta_1^t) * (u + epsilon))"};
}

}  // namespace lrlab
