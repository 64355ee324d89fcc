// Adagrad (Keras 3 rules, docs/spec-optimizers.md#the-update-rules).
//   a += g^2                        (a starts at initial_accumulator_value, Keras 0.1)
//   w -= lr * g / sqrt(a + eps)
// Every squared gradient ever seen stays in a, so a parameter's rate only shrinks, and it
// shrinks faster for parameters with large gradients: the per-parameter rates drift apart.
//
// Effective step size: lr / sqrt(a + eps) with the updated a (equal to |delta w| / |g|, and
// defined where g == 0 too).
#include <cmath>
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"

namespace lrlab {
namespace {

class Adagrad final : public Optimizer {
 public:
  Adagrad(double initial_accumulator, double epsilon)
      : initial_accumulator_(initial_accumulator), epsilon_(epsilon) {}

  void reset_state(Eigen::Index n) override {
    a_ = Eigen::VectorXd::Constant(n, initial_accumulator_);
    effective_ = Eigen::VectorXd::Zero(n);
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      a_[i] += g[i] * g[i];
      const double root = std::sqrt(a_[i] + epsilon_);
      w[i] -= lr * g[i] / root;
      effective_[i] = lr / root;
    }
  }

  std::vector<StateQuantity> state() const override {
    return {per_parameter("a", a_, "sum of squared gradients so far")};
  }

 private:
  double initial_accumulator_;
  double epsilon_;
  Eigen::VectorXd a_;  // sum of squared gradients
};

std::unique_ptr<Optimizer> make_adagrad(const ParamValues& values) {
  return std::make_unique<Adagrad>(values.number("initial_accumulator_value"),
                                   values.number("epsilon"));
}

}  // namespace

OptimizerInfo adagrad_optimizer_info() {
  return {"adagrad",
          "Adagrad",
          "Divides each parameter's step by the root of the sum of all its squared gradients so "
          "far, so rates only shrink, fastest where gradients are large.",
          {non_negative_param("initial_accumulator_value", 0.1,
                              "starting value of each parameter's sum of squared gradients"),
           epsilon_param()},
          0.001,
          &make_adagrad,
          {"keras.optimizers.Adagrad",
           {{"learning_rate", "{lr0}"},
            {"initial_accumulator_value", "{initial_accumulator_value}"},
            {"epsilon", "{epsilon}"}}},
          {"torch.optim.Adagrad",
           {{"", "model.parameters()"},
            {"lr", "{lr0}"},
            {"initial_accumulator_value", "{initial_accumulator_value}"},
            {"eps", "{epsilon}"}},
           {{"PyTorch adds eps outside the square root (sqrt(a) + eps); Keras inside (sqrt(a + "
             "eps))."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> adagrad_rule() {
  return {"a = a + g^2", "w = w - lr * g / sqrt(a + epsilon)"};
}

}  // namespace lrlab
