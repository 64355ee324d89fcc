// Lion, evolved sign momentum (Chen et al. 2023; Keras 3 rules,
// docs/spec-optimizers.md#the-update-rules).
//   w -= w * weight_decay * lr                      (decoupled decay first, as AdamW; default 0)
//   w -= lr * sign(beta_1 * m + (1 - beta_1) * g)   (the step mixes in g with beta_1)
//   m  = beta_2 * m + (1 - beta_2) * g              (the momentum is kept with beta_2)
// Every parameter moves by exactly lr (or not at all where the mix is 0): the sign throws the
// gradient's size away, which is why Lion wants a rate 3-10x smaller than AdamW's.
//
// Effective step size: lr for every parameter, the length of every step Lion takes. (|delta w| /
// |g| would only restate 1 / |g|.)
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"
#include "core/schedule/params.h"

namespace lrlab {
namespace {

double sign(double x) {
  return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
}

class Lion final : public Optimizer {
 public:
  Lion(double beta_1, double beta_2, double weight_decay)
      : beta_1_(beta_1), beta_2_(beta_2), weight_decay_(weight_decay) {}

  void reset_state(Eigen::Index n) override {
    m_ = Eigen::VectorXd::Zero(n);
    effective_ = Eigen::VectorXd::Zero(n);
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      if (weight_decay_ != 0) w[i] -= w[i] * weight_decay_ * lr;
      w[i] -= lr * sign(m_[i] * beta_1_ + g[i] * (1 - beta_1_));
      m_[i] = m_[i] * beta_2_ + g[i] * (1 - beta_2_);
      effective_[i] = lr;
    }
  }

  std::vector<StateQuantity> state() const override {
    return {per_parameter("m", m_, "running mean of g, kept with beta_2")};
  }

 private:
  double beta_1_;
  double beta_2_;
  double weight_decay_;
  Eigen::VectorXd m_;  // running mean of g (with beta_2)
};

std::unique_ptr<Optimizer> make_lion(const ParamValues& values) {
  return std::make_unique<Lion>(values.number("beta_1"), values.number("beta_2"),
                                values.number("weight_decay"));
}

}  // namespace

OptimizerInfo lion_optimizer_info() {
  return {
      "lion",
      "Lion",
      "Moves every parameter by exactly the learning rate, in the direction of the sign of a "
      "mix of its momentum and its gradient.",
      // Keras refuses beta_1 outside (0, 1]: at 0 the step is the sign of g alone (signSGD).
      {params::number("beta_1", 0.9, 0, 1,
                      "weight of the momentum against the new gradient in the step's sign", false,
                      true),
       fraction_param("beta_2", 0.99, "decay of the momentum kept between steps"),
       weight_decay_param(0)},
      0.001,
      &make_lion,
      {"keras.optimizers.Lion",
       {{"learning_rate", "{lr0}"},
        {"beta_1", "{beta_1}"},
        {"beta_2", "{beta_2}"},
        {"weight_decay", "{weight_decay}", "weight_decay"}}},
      {"torch.optim.AdamW",
       {{"", "model.parameters()"},
        {"lr", "{lr0}"},
        {"betas", "({beta_1}, {beta_2})"},
        {"weight_decay", "{weight_decay}"}},
       {{"torch.optim has no Lion (the lion-pytorch package has one). The nearest class is AdamW"},
        {"(the same decoupled decay), whose first step is also about lr * sign(g); after it AdamW"},
        {"scales each step by its gradient history, Lion never does (every step is exactly "
         "lr)."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> lion_rule() {
  return {"w = w - w * weight_decay * lr", "w = w - lr * sign(beta_1 * m + (1 - beta_1) * g)",
          "m = beta_2 * m + (1 - beta_2) * g"};
}

}  // namespace lrlab
