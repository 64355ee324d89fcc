// LAMB, layer-wise adaptive moments (You et al. 2019; Keras 3 rules,
// docs/spec-optimizers.md#the-update-rules). Adam's step, rescaled per variable (each layer's
// weight matrix, each bias vector) so that its length is the rate times the variable's norm:
//   w -= w * weight_decay * lr                       (decoupled decay first, default 0)
//   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//   u  = (m / (1 - beta_1^t)) / (sqrt(v / (1 - beta_2^t)) + eps)
//   r  = ||w|| / ||u|| over the variable (1 if either norm is 0)
//   w -= r * lr * u
// Keras' ||w|| is taken after the decay; both bias corrections are inside u (unlike its Adam).
// beta^t are running products, so no pow.
//
// Effective step size: r * lr / (sqrt(v / (1 - beta_2^t)) + eps): the rate applied to the
// corrected momentum m / (1 - beta_1^t), trust ratio included.
#include <cmath>
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"

namespace lrlab {
namespace {

class Lamb final : public Optimizer {
 public:
  Lamb(double beta_1, double beta_2, double epsilon, double weight_decay)
      : beta_1_(beta_1), beta_2_(beta_2), epsilon_(epsilon), weight_decay_(weight_decay) {}

  void reset_state(Eigen::Index n) override {
    m_ = Eigen::VectorXd::Zero(n);
    v_ = Eigen::VectorXd::Zero(n);
    u_ = Eigen::VectorXd::Zero(n);
    ratio_ = Eigen::VectorXd::Zero(n);
    effective_ = Eigen::VectorXd::Zero(n);
    beta_1_power_ = 1;
    beta_2_power_ = 1;
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    beta_1_power_ *= beta_1_;
    beta_2_power_ *= beta_2_;
    const double m_correction = 1 - beta_1_power_;
    const double v_correction = 1 - beta_2_power_;
    for (const ParamBlock& block : layout_) {
      const Eigen::Index end = block.offset + block.size();
      double w_squares = 0, u_squares = 0;
      for (Eigen::Index i = block.offset; i < end; ++i) {
        if (weight_decay_ != 0) w[i] -= w[i] * weight_decay_ * lr;
        m_[i] += (g[i] - m_[i]) * (1 - beta_1_);
        v_[i] += (g[i] * g[i] - v_[i]) * (1 - beta_2_);
        const double den = std::sqrt(v_[i] / v_correction) + epsilon_;
        u_[i] = m_[i] / m_correction / den;
        effective_[i] = lr / den;  // times the ratio, below
        w_squares += w[i] * w[i];
        u_squares += u_[i] * u_[i];
      }
      const double w_norm = std::sqrt(w_squares), u_norm = std::sqrt(u_squares);
      const double ratio = w_norm > 0 && u_norm > 0 ? w_norm / u_norm : 1.0;
      for (Eigen::Index i = block.offset; i < end; ++i) {
        w[i] -= ratio * lr * u_[i];
        effective_[i] *= ratio;
        ratio_[i] = ratio;
      }
    }
  }

  std::vector<StateQuantity> state() const override {
    return {per_parameter("m", m_, "running mean of g (first moment)"),
            per_parameter("v", v_, "running mean of g^2 (second moment)"),
            shared_value("beta_1^t", beta_1_power_, "1 - beta_1^t corrects m's bias"),
            shared_value("beta_2^t", beta_2_power_, "1 - beta_2^t corrects v's bias"),
            of_last_update(per_parameter("u", u_, "this update's bias-corrected direction")),
            of_last_update(per_parameter("r", ratio_, "the trust ratio of the weight's variable"))};
  }

 private:
  double beta_1_;
  double beta_2_;
  double epsilon_;
  double weight_decay_;
  double beta_1_power_ = 1;  // beta_1^t
  double beta_2_power_ = 1;  // beta_2^t
  Eigen::VectorXd m_;        // running mean of g
  Eigen::VectorXd v_;        // running mean of g^2
  Eigen::VectorXd u_;        // this step's Adam direction, kept until the ratio is known
  Eigen::VectorXd ratio_;    // the last update's trust ratio r, per parameter (one per variable)
};

std::unique_ptr<Optimizer> make_lamb(const ParamValues& values) {
  return std::make_unique<Lamb>(values.number("beta_1"), values.number("beta_2"),
                                values.number("epsilon"), values.number("weight_decay"));
}

}  // namespace

OptimizerInfo lamb_optimizer_info() {
  return {"lamb",
          "LAMB",
          "Adam's step, rescaled for each layer's weights and biases so that it is the rate "
          "times the size of those weights (a trust ratio).",
          {fraction_param("beta_1", 0.9, "decay of the running mean of gradients (momentum)"),
           fraction_param("beta_2", 0.999, "decay of the running mean of squared gradients"),
           epsilon_param(), weight_decay_param(0)},
          0.001,
          &make_lamb,
          {"keras.optimizers.Lamb",
           {{"learning_rate", "{lr0}"},
            {"beta_1", "{beta_1}"},
            {"beta_2", "{beta_2}"},
            {"epsilon", "{epsilon}"},
            {"weight_decay", "{weight_decay}", "weight_decay"}}},
          {"torch.optim.AdamW",
           {{"", "model.parameters()"},
            {"lr", "{lr0}"},
            {"betas", "({beta_1}, {beta_2})"},
            {"eps", "{epsilon}"},
            {"weight_decay", "{weight_decay}"}},
           {{"torch.optim has no LAMB. The nearest class is AdamW (the same moments and decoupled"},
            {"decay) without the trust ratio ||w|| / ||step|| that rescales each layer's step; it"},
            {"also adds eps after correcting v, as LAMB does."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> lamb_rule() {
  return {"w = w - w * weight_decay * lr",
          "m = m + (g - m) * (1 - beta_1);  v = v + (g^2 - v) * (1 - beta_2)",
          "u = (m / (1 - beta_1^t)) / (sqrt(v / (1 - beta_2^t)) + epsilon)",
          "r = ||w|| / ||u|| over the variable (1 if either is 0)", "w = w - r * lr * u"};
}

}  // namespace lrlab
