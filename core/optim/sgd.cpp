// SGD, with optional momentum and Nesterov momentum (Keras 3 rules,
// docs/spec-optimizers.md#the-update-rules).
//   momentum == 0:  w -= lr * g
//   momentum  > 0:  m = momentum * m - lr * g
//                   w += m                           (classical momentum)
//                   w += momentum * m - lr * g       (nesterov: look ahead along the new m)
// As in Keras, nesterov has no effect when momentum is 0, and m is a velocity that already
// includes lr (PyTorch's buffer does not), so a rate change scales only the new gradient's share.
//
// Stability threshold on a quadratic of curvature lambda (docs/spec-core.md#sharpness): plain,
// lr lambda < 2; heavy ball, lr lambda < 2 + 2 momentum; Nesterov as Keras writes it,
// lr lambda < (2 + 2 momentum) / (1 + 2 momentum) (where the iteration matrix's eigenvalue
// reaches -1: 1 + trace + det = 0).
//
// Effective step size: plain SGD: lr for every parameter. With momentum the step is no multiple
// of this step's gradient, so it is |delta w| / |g| where g != 0 and lr (the rate the gradient
// alone would get) where g == 0.
#include <cmath>
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"

namespace lrlab {
namespace {

class Sgd final : public Optimizer {
 public:
  Sgd(double momentum, bool nesterov) : momentum_(momentum), nesterov_(nesterov) {}

  void reset_state(Eigen::Index n) override {
    m_ = Eigen::VectorXd::Zero(momentum_ != 0 ? n : 0);
    effective_ = Eigen::VectorXd::Zero(n);
  }

  double stability_threshold(double lr) const override {
    const double limit =
        nesterov_ && momentum_ != 0 ? (2 + 2 * momentum_) / (1 + 2 * momentum_) : 2 + 2 * momentum_;
    return limit / lr;
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    const Eigen::Index n = w.size();
    if (momentum_ == 0) {
      for (Eigen::Index i = 0; i < n; ++i) {
        w[i] -= g[i] * lr;
        effective_[i] = lr;
      }
      return;
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      const double gradient_step = g[i] * lr;
      m_[i] = m_[i] * momentum_ - gradient_step;
      const double delta = nesterov_ ? m_[i] * momentum_ - gradient_step : m_[i];
      w[i] += delta;
      effective_[i] = g[i] != 0 ? std::abs(delta / g[i]) : lr;
    }
  }

  std::vector<StateQuantity> state() const override {
    if (momentum_ == 0) return {};
    return {per_parameter("m", m_, "velocity: the last step, lr already applied")};
  }

 private:
  double momentum_;
  bool nesterov_;
  Eigen::VectorXd m_;  // velocity, only with momentum
};

std::unique_ptr<Optimizer> make_sgd(const ParamValues& values) {
  return std::make_unique<Sgd>(values.number("momentum"), values.flag("nesterov"));
}

}  // namespace

OptimizerInfo sgd_optimizer_info() {
  return {"sgd",
          "SGD",
          "Steps against the gradient by the learning rate times the gradient, optionally "
          "carrying a fraction of the previous step along (momentum).",
          {fraction_param("momentum", 0,
                          "fraction of the previous step carried into the next (0 = plain SGD)"),
           flag_param("nesterov", false,
                      "evaluate the momentum step one step ahead (needs momentum > 0)")},
          0.01,
          &make_sgd,
          {"keras.optimizers.SGD",
           {{"learning_rate", "{lr0}"}, {"momentum", "{momentum}"}, {"nesterov", "{nesterov}"}}},
          {"torch.optim.SGD",
           {{"", "model.parameters()"},
            {"lr", "{lr0}"},
            {"momentum", "{momentum}"},
            {"nesterov", "{nesterov}"}},
           {{"PyTorch keeps the momentum buffer in gradients and multiplies by lr when it steps; "
             "Keras keeps it in steps",
             "momentum"},
            {"(lr already applied). The same while the rate is constant; after a rate change they "
             "differ.",
             "momentum"}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> sgd_rule() {
  // As in Keras, nesterov changes nothing without momentum.
  const auto plain = [](const ParamValues& v) { return v.number("momentum") == 0; };
  const auto momentum = [](const ParamValues& v) { return v.number("momentum") != 0; };
  const auto classical = [](const ParamValues& v) {
    return v.number("momentum") != 0 && !v.flag("nesterov");
  };
  const auto nesterov = [](const ParamValues& v) {
    return v.number("momentum") != 0 && v.flag("nesterov");
  };
  return {{"w = w - lr * g", plain},
          {"m = momentum * m - lr * g", momentum},
          {"w = w + m", classical},
          {"w = w + momentum * m - lr * g", nesterov}};
}

}  // namespace lrlab
