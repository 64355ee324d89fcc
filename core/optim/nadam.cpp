// Nadam: Adam with Nesterov momentum, with Dozat's momentum schedule (Keras 3 rules,
// docs/spec-optimizers.md#the-update-rules).
//   u_t    = beta_1 * (1 - 0.5 * 0.96^t),  u_next = beta_1 * (1 - 0.5 * 0.96^(t+1))
//   P_t    = P_(t-1) * u_t,  P_0 = 1  (one product shared by all parameters)
//   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//   m_hat  = u_next * m / (1 - P_t * u_next) + (1 - u_t) * g / (1 - P_t)
//   v_hat  = v / (1 - beta_2^t)
//   w -= lr * m_hat / (sqrt(v_hat) + eps)
// 0.96^t and beta_2^t are running products, so no pow.
//
// Effective step size: lr / (sqrt(v_hat) + eps): the rate applied to the look-ahead momentum
// m_hat (m_hat carries its own bias correction, unlike Adam's m, whose correction is in alpha).
#include <cmath>
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"

namespace lrlab {
namespace {

// Keras fixes the momentum schedule's decay; it is not a hyperparameter.
constexpr double kMomentumDecay = 0.96;

class Nadam final : public Optimizer {
 public:
  Nadam(double beta_1, double beta_2, double epsilon)
      : beta_1_(beta_1), beta_2_(beta_2), epsilon_(epsilon) {}

  void reset_state(Eigen::Index n) override {
    m_ = Eigen::VectorXd::Zero(n);
    v_ = Eigen::VectorXd::Zero(n);
    m_hat_ = Eigen::VectorXd::Zero(n);
    v_hat_ = Eigen::VectorXd::Zero(n);
    u_t_ = u_next_ = std::numeric_limits<double>::quiet_NaN();
    effective_ = Eigen::VectorXd::Zero(n);
    decay_power_ = 1;
    u_product_ = 1;
    beta_2_power_ = 1;
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    decay_power_ *= kMomentumDecay;
    const double u_t = beta_1_ * (1 - 0.5 * decay_power_);
    const double u_next = beta_1_ * (1 - 0.5 * (decay_power_ * kMomentumDecay));
    u_product_ *= u_t;
    u_t_ = u_t;
    u_next_ = u_next;
    const double momentum_share = u_next / (1 - u_product_ * u_next);
    const double gradient_share = (1 - u_t) / (1 - u_product_);
    beta_2_power_ *= beta_2_;
    const double v_correction = 1 - beta_2_power_;
    const double one_minus_beta_1 = 1 - beta_1_;
    const double one_minus_beta_2 = 1 - beta_2_;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      m_[i] += (g[i] - m_[i]) * one_minus_beta_1;
      v_[i] += (g[i] * g[i] - v_[i]) * one_minus_beta_2;
      const double m_hat = momentum_share * m_[i] + gradient_share * g[i];
      const double v_hat = v_[i] / v_correction;
      const double den = std::sqrt(v_hat) + epsilon_;
      m_hat_[i] = m_hat;
      v_hat_[i] = v_hat;
      w[i] -= m_hat * lr / den;
      effective_[i] = lr / den;
    }
  }

  std::vector<StateQuantity> state() const override {
    return {
        per_parameter("m", m_, "running mean of g (first moment)"),
        per_parameter("v", v_, "running mean of g^2 (second moment)"),
        shared_value("0.96^t", decay_power_, "drives the momentum schedule u_t"),
        shared_value("P_t", u_product_, "product of the u's so far"),
        shared_value("beta_2^t", beta_2_power_, "1 - beta_2^t corrects v's bias"),
        of_last_update(shared_value("u_t", u_t_, "this update's momentum coefficient")),
        of_last_update(shared_value("u_next", u_next_, "the next update's, used ahead (Nesterov)")),
        of_last_update(per_parameter("m_hat", m_hat_, "m looked ahead and bias-corrected")),
        of_last_update(per_parameter("v_hat", v_hat_, "v bias-corrected"))};
  }

 private:
  double beta_1_;
  double beta_2_;
  double epsilon_;
  double decay_power_ = 1;  // 0.96^t
  double u_product_ = 1;    // P_t
  // The last update's values of the rule's lines, for a look at it.
  double u_t_ = std::numeric_limits<double>::quiet_NaN();
  double u_next_ = std::numeric_limits<double>::quiet_NaN();
  Eigen::VectorXd m_hat_;
  Eigen::VectorXd v_hat_;
  double beta_2_power_ = 1;  // beta_2^t
  Eigen::VectorXd m_;        // running mean of g
  Eigen::VectorXd v_;        // running mean of g^2
};

std::unique_ptr<Optimizer> make_nadam(const ParamValues& values) {
  return std::make_unique<Nadam>(values.number("beta_1"), values.number("beta_2"),
                                 values.number("epsilon"));
}

}  // namespace

OptimizerInfo nadam_optimizer_info() {
  return {"nadam",
          "Nadam",
          "Adam with Nesterov momentum: the step mixes the corrected running mean with the "
          "current gradient, as if looking one step ahead.",
          {fraction_param("beta_1", 0.9, "decay of the running mean of gradients (momentum)"),
           fraction_param("beta_2", 0.999, "decay of the running mean of squared gradients"),
           epsilon_param()},
          0.001,
          &make_nadam,
          {"keras.optimizers.Nadam",
           {{"learning_rate", "{lr0}"},
            {"beta_1", "{beta_1}"},
            {"beta_2", "{beta_2}"},
            {"epsilon", "{epsilon}"}}},
          {"torch.optim.NAdam",
           {{"", "model.parameters()"},
            {"lr", "{lr0}"},
            {"betas", "({beta_1}, {beta_2})"},
            {"eps", "{epsilon}"},
            {"momentum_decay", "1.0"}},
           {{"momentum_decay=1.0 gives Keras' momentum schedule beta_1 * (1 - 0.5 * 0.96^t); "
             "PyTorch's default (0.004) is much slower."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> nadam_rule() {
  return {"u_t = beta_1 * (1 - 0.5 * 0.96^t);  u_next = beta_1 * (1 - 0.5 * 0.96^(t+1))",
          "P_t = P_(t-1) * u_t",
          "m = m + (g - m) * (1 - beta_1);  v = v + (g^2 - v) * (1 - beta_2)",
          "m_hat = u_next * m / (1 - P_t * u_next) + (1 - u_t) * g / (1 - P_t)",
          "v_hat = v / (1 - beta_2^t)",
          "w = w - lr * m_hat / (sqrt(v_hat) + epsilon)"};
}

}  // namespace lrlab
