// RMSprop: plain, centered, with momentum (Keras 3 rules,
// docs/spec-optimizers.md#the-update-rules).
//   v   = rho * v + (1 - rho) * g^2
//   den = v + eps,  or centered: mg = rho * mg + (1 - rho) * g,  den = v - mg^2 + eps
//   inc = lr * g / sqrt(den)
//   momentum == 0: w -= inc;  else m = momentum * m + inc,  w -= m
// Keras puts eps inside the root (PyTorch adds it outside).
// Centered: v - mg^2 is a variance, never negative in exact arithmetic, but rounding can push it
// just below zero once the gradient has been constant for a few hundred steps (v and mg^2 then
// agree to the last bits); that difference is clamped at 0 so sqrt never sees a negative number.
// This departs from Keras, which takes sqrt(v - mg^2 + eps) as it comes: wherever the difference
// rounds below zero, Keras' denominator is eps minus that rounding error (or NaN, once it exceeds
// eps) and ours is eps. With g_t = 100 + 1e-10 t and rate 1, 548 of 2000 updates differ, by up to
// 2.7e-5 relative (tests/core/centered_rmsprop_test.cpp); elsewhere the two agree bit for bit.
// Kept: a variance is never negative, and the clamp removes a NaN that only rounding produces.
//
// Effective step size: without momentum lr / sqrt(den) (equal to |delta w| / |g|). With momentum
// the step is no multiple of this step's gradient, so |delta w| / |g| where g != 0 and
// lr / sqrt(den) (the no-momentum rate) where g == 0.
#include <cmath>
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"

namespace lrlab {
namespace {

class Rmsprop final : public Optimizer {
 public:
  Rmsprop(double rho, double momentum, double epsilon, bool centered)
      : rho_(rho), momentum_(momentum), epsilon_(epsilon), centered_(centered) {}

  void reset_state(Eigen::Index n) override {
    v_ = Eigen::VectorXd::Zero(n);
    mg_ = Eigen::VectorXd::Zero(centered_ ? n : 0);
    m_ = Eigen::VectorXd::Zero(momentum_ != 0 ? n : 0);
    den_ = Eigen::VectorXd::Zero(n);
    inc_ = Eigen::VectorXd::Zero(n);
    effective_ = Eigen::VectorXd::Zero(n);
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    const double one_minus_rho = 1 - rho_;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      v_[i] = rho_ * v_[i] + one_minus_rho * (g[i] * g[i]);
      double den = v_[i] + epsilon_;
      if (centered_) {
        mg_[i] = rho_ * mg_[i] + one_minus_rho * g[i];
        const double variance = v_[i] - mg_[i] * mg_[i];
        den = (variance > 0 ? variance : 0) + epsilon_;
      }
      const double root = std::sqrt(den);
      const double inc = lr * g[i] / root;
      den_[i] = den;
      inc_[i] = inc;
      if (momentum_ == 0) {
        w[i] -= inc;
        effective_[i] = lr / root;
      } else {
        m_[i] = momentum_ * m_[i] + inc;
        w[i] -= m_[i];
        effective_[i] = g[i] != 0 ? std::abs(m_[i] / g[i]) : lr / root;
      }
    }
  }

  std::vector<StateQuantity> state() const override {
    std::vector<StateQuantity> out{per_parameter("v", v_, "running mean of g^2")};
    if (centered_) out.push_back(per_parameter("mg", mg_, "running mean of g"));
    if (momentum_ != 0) out.push_back(per_parameter("m", m_, "accumulated steps"));
    out.push_back(of_last_update(
        per_parameter("den", den_, "what this update's step is divided by the root of")));
    out.push_back(
        of_last_update(per_parameter("inc", inc_,
                                     momentum_ == 0 ? "this update's step: w takes it whole"
                                                    : "this update's step from g, added to m")));
    return out;
  }

 private:
  double rho_;
  double momentum_;
  double epsilon_;
  bool centered_;
  Eigen::VectorXd v_;    // running mean of g^2
  Eigen::VectorXd mg_;   // running mean of g, only when centered
  Eigen::VectorXd m_;    // accumulated steps, only with momentum
  Eigen::VectorXd den_;  // the last update's den and inc (the rule's lines), for a look at it
  Eigen::VectorXd inc_;
};

std::unique_ptr<Optimizer> make_rmsprop(const ParamValues& values) {
  return std::make_unique<Rmsprop>(values.number("rho"), values.number("momentum"),
                                   values.number("epsilon"), values.flag("centered"));
}

}  // namespace

OptimizerInfo rmsprop_optimizer_info() {
  return {"rmsprop",
          "RMSprop",
          "Divides each parameter's step by the root of a running average of its squared "
          "gradients, so rates adapt to recent gradient sizes without only shrinking.",
          {fraction_param("rho", 0.9,
                          "decay of the running average of g^2 (closer to 1 = longer memory)"),
           fraction_param("momentum", 0, "fraction of the previous step carried into the next"),
           epsilon_param(),
           flag_param("centered", false,
                      "divide by the gradient's running variance instead of its mean square")},
          0.001,
          &make_rmsprop,
          {"keras.optimizers.RMSprop",
           {{"learning_rate", "{lr0}"},
            {"rho", "{rho}"},
            {"momentum", "{momentum}"},
            {"epsilon", "{epsilon}"},
            {"centered", "{centered}"}}},
          {"torch.optim.RMSprop",
           {{"", "model.parameters()"},
            {"lr", "{lr0}"},
            {"alpha", "{rho}"},
            {"eps", "{epsilon}"},
            {"momentum", "{momentum}"},
            {"centered", "{centered}"}},
           {{"PyTorch calls rho \"alpha\" and adds eps outside the square root; Keras inside."},
            {"With momentum PyTorch multiplies the buffer by lr when it steps; Keras stores "
             "lr-scaled steps.",
             "momentum"}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> rmsprop_rule() {
  const auto plain = [](const ParamValues& v) { return !v.flag("centered"); };
  const auto centered = [](const ParamValues& v) { return v.flag("centered"); };
  const auto no_momentum = [](const ParamValues& v) { return v.number("momentum") == 0; };
  const auto momentum = [](const ParamValues& v) { return v.number("momentum") != 0; };
  return {"v = rho * v + (1 - rho) * g^2",
          {"den = v + epsilon", plain},
          {"mg = rho * mg + (1 - rho) * g;  den = v - mg^2 + epsilon", centered},
          "inc = lr * g / sqrt(den)",
          {"w = w - inc", no_momentum},
          {"m = momentum * m + inc;  w = w - m", momentum}};
}

}  // namespace lrlab
