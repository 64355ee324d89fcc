// Adam, AMSGrad and AdamW (Keras 3 rules, docs/spec-optimizers.md#the-update-rules).
//   alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
//   m += (g - m) * (1 - beta_1)
//   v += (g^2 - v) * (1 - beta_2)
//   amsgrad: vmax = max(vmax, v), and vmax is used in place of v below
//   w -= alpha * m / (sqrt(v) + eps)
// AdamW first shrinks w by w * weight_decay * lr (decoupled from the gradient; the gradient is
// the one computed before the shrink), then takes the Adam step. Plain Adam is weight_decay 0.
// Keras adds eps to the root of the *uncorrected* v and folds both bias corrections into alpha
// (PyTorch corrects v first); beta^t are running products, so no pow.
//
// Edge of stability (Cohen et al. 2022, docs/spec-core.md#sharpness): the step is
// w -= lr P^-1 m with P^-1 = sqrt(1 - beta_2^t) / ((1 - beta_1^t) (sqrt(v) + eps)), m an
// exponential average of gradients; on a quadratic with P frozen it is stable while lr lambda < (2
// + 2 beta_1) / (1 - beta_1) for lambda the top eigenvalue of P^-1 H (38 / lr at beta_1 = 0.9).
// AdamW's decay (lr * weight_decay per step) is left out of both.
//
// Effective step size: alpha / (sqrt(v) + eps) (vmax with amsgrad): the rate applied to the
// momentum m, which is what "Adam's per-parameter learning rate" means. It excludes AdamW's
// decay, the same factor lr * weight_decay for every parameter.
#include <algorithm>
#include <cmath>
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"

namespace lrlab {
namespace {

class Adam final : public Optimizer {
 public:
  Adam(double beta_1, double beta_2, double epsilon, bool amsgrad, double weight_decay)
      : beta_1_(beta_1),
        beta_2_(beta_2),
        epsilon_(epsilon),
        amsgrad_(amsgrad),
        weight_decay_(weight_decay) {}

  void reset_state(Eigen::Index n) override {
    m_ = Eigen::VectorXd::Zero(n);
    v_ = Eigen::VectorXd::Zero(n);
    v_max_ = Eigen::VectorXd::Zero(amsgrad_ ? n : 0);
    effective_ = Eigen::VectorXd::Zero(n);
    beta_1_power_ = 1;
    alpha_ = std::numeric_limits<double>::quiet_NaN();
    beta_2_power_ = 1;
  }

  double stability_threshold(double lr) const override {
    return (2 + 2 * beta_1_) / ((1 - beta_1_) * lr);
  }

  bool inverse_preconditioner(Eigen::Ref<Eigen::VectorXd> out) const override {
    if (t_ == 0) return false;
    const double scale = std::sqrt(1 - beta_2_power_) / (1 - beta_1_power_);
    for (Eigen::Index i = 0; i < out.size(); ++i) {
      out[i] = scale / (std::sqrt(amsgrad_ ? v_max_[i] : v_[i]) + epsilon_);
      if (!std::isfinite(out[i])) return false;  // eps 0 and a gradient that was always 0
    }
    return true;
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    beta_1_power_ *= beta_1_;
    beta_2_power_ *= beta_2_;
    const double alpha = lr * std::sqrt(1 - beta_2_power_) / (1 - beta_1_power_);
    alpha_ = alpha;
    const double one_minus_beta_1 = 1 - beta_1_;
    const double one_minus_beta_2 = 1 - beta_2_;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      if (weight_decay_ != 0) w[i] -= w[i] * weight_decay_ * lr;
      m_[i] += (g[i] - m_[i]) * one_minus_beta_1;
      v_[i] += (g[i] * g[i] - v_[i]) * one_minus_beta_2;
      double v = v_[i];
      if (amsgrad_) {
        v_max_[i] = std::max(v_max_[i], v);
        v = v_max_[i];
      }
      const double den = std::sqrt(v) + epsilon_;
      w[i] -= m_[i] * alpha / den;
      effective_[i] = alpha / den;
    }
  }

  std::vector<StateQuantity> state() const override {
    std::vector<StateQuantity> out{per_parameter("m", m_, "running mean of g (first moment)"),
                                   per_parameter("v", v_, "running mean of g^2 (second moment)")};
    if (amsgrad_) out.push_back(per_parameter("vmax", v_max_, "largest v so far"));
    out.push_back(shared_value("beta_1^t", beta_1_power_, "1 - beta_1^t corrects m's bias"));
    out.push_back(shared_value("beta_2^t", beta_2_power_, "1 - beta_2^t corrects v's bias"));
    out.push_back(of_last_update(
        shared_value("alpha", alpha_, "this update's rate with both bias corrections")));
    return out;
  }

 private:
  double beta_1_;
  double beta_2_;
  double epsilon_;
  bool amsgrad_;
  double weight_decay_;
  double beta_1_power_ = 1;                                  // beta_1^t
  double alpha_ = std::numeric_limits<double>::quiet_NaN();  // the last update's alpha (the rule's
                                                             // line 2); none before the first
  double beta_2_power_ = 1;                                  // beta_2^t
  Eigen::VectorXd m_;                                        // running mean of g
  Eigen::VectorXd v_;                                        // running mean of g^2
  Eigen::VectorXd v_max_;                                    // largest v so far, only with amsgrad
};

std::unique_ptr<Optimizer> make_adam(const ParamValues& values) {
  return std::make_unique<Adam>(values.number("beta_1"), values.number("beta_2"),
                                values.number("epsilon"), values.flag("amsgrad"), 0.0);
}

std::unique_ptr<Optimizer> make_adamw(const ParamValues& values) {
  return std::make_unique<Adam>(values.number("beta_1"), values.number("beta_2"),
                                values.number("epsilon"), values.flag("amsgrad"),
                                values.number("weight_decay"));
}

std::vector<ParamSpec> adam_params() {
  return {fraction_param("beta_1", 0.9, "decay of the running mean of gradients (momentum)"),
          fraction_param("beta_2", 0.999, "decay of the running mean of squared gradients"),
          epsilon_param(),
          flag_param("amsgrad", false,
                     "divide by the largest mean square seen so far, so rates never grow back")};
}

}  // namespace

OptimizerInfo adam_optimizer_info() {
  return {
      "adam",
      "Adam",
      "Steps along a running mean of the gradient, divided per parameter by the root of a "
      "running mean of its square, both corrected for starting at zero.",
      adam_params(),
      0.001,
      &make_adam,
      {"keras.optimizers.Adam",
       {{"learning_rate", "{lr0}"},
        {"beta_1", "{beta_1}"},
        {"beta_2", "{beta_2}"},
        {"epsilon", "{epsilon}"},
        {"amsgrad", "{amsgrad}"}}},
      {"torch.optim.Adam",
       {{"", "model.parameters()"},
        {"lr", "{lr0}"},
        {"betas", "({beta_1}, {beta_2})"},
        {"eps", "{epsilon}"},
        {"amsgrad", "{amsgrad}"}},
       {{"PyTorch adds eps after bias-correcting v (sqrt(v / (1 - beta_2^t)) + eps); Keras before"},
        {"(sqrt(v) + eps, the correction folded into the step). Equal only as eps -> 0; PyTorch's "
         "default eps is 1e-8,"},
        {"set here to this run's value."}}}};
}

OptimizerInfo adamw_optimizer_info() {
  std::vector<ParamSpec> params = adam_params();
  params.insert(params.begin(),
                non_negative_param("weight_decay", 0.004,
                                   "fraction of each weight removed per step, times the rate"));
  return {
      "adamw",
      "AdamW",
      "Adam plus weight decay applied directly to the weights (shrinking them toward zero), "
      "not through the gradient.",
      params,
      0.001,
      &make_adamw,
      {"keras.optimizers.AdamW",
       {{"learning_rate", "{lr0}"},
        {"beta_1", "{beta_1}"},
        {"beta_2", "{beta_2}"},
        {"epsilon", "{epsilon}"},
        {"amsgrad", "{amsgrad}"},
        {"weight_decay", "{weight_decay}"}}},
      {"torch.optim.AdamW",
       {{"", "model.parameters()"},
        {"lr", "{lr0}"},
        {"betas", "({beta_1}, {beta_2})"},
        {"eps", "{epsilon}"},
        {"amsgrad", "{amsgrad}"},
        {"weight_decay", "{weight_decay}"}},
       {{"PyTorch adds eps after bias-correcting v (sqrt(v / (1 - beta_2^t)) + eps); Keras before"},
        {"(sqrt(v) + eps, the correction folded into the step). Equal only as eps -> 0; PyTorch's "
         "default eps is 1e-8,"},
        {"set here to this run's value."},
        {"PyTorch's default weight_decay is 0.01 (Keras' 0.004)."}}}};
}

namespace {
// With amsgrad the step divides by the largest v so far (vmax) instead of v.
bool amsgrad(const ParamValues& v) {
  return v.flag("amsgrad");
}
bool no_amsgrad(const ParamValues& v) {
  return !v.flag("amsgrad");
}
}  // namespace

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> adam_rule() {
  return {"beta_1^t = beta_1^(t-1) * beta_1;  beta_2^t = beta_2^(t-1) * beta_2",
          "alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)",
          "m = m + (g - m) * (1 - beta_1)",
          "v = v + (g^2 - v) * (1 - beta_2)",
          {"vmax = max(vmax, v)", &amsgrad},
          {"w = w - alpha * m / (sqrt(v) + epsilon)", &no_amsgrad},
          {"w = w - alpha * m / (sqrt(vmax) + epsilon)", &amsgrad}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> adamw_rule() {
  return {"w = w - w * weight_decay * lr",
          "beta_1^t = beta_1^(t-1) * beta_1;  beta_2^t = beta_2^(t-1) * beta_2",
          "alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)",
          "m = m + (g - m) * (1 - beta_1)",
          "v = v + (g^2 - v) * (1 - beta_2)",
          {"vmax = max(vmax, v)", &amsgrad},
          {"w = w - alpha * m / (sqrt(v) + epsilon)", &no_amsgrad},
          {"w = w - alpha * m / (sqrt(vmax) + epsilon)", &amsgrad}};
}

}  // namespace lrlab
