// Schedule-free AdamW (Defazio et al. 2024; Keras 3 rules,
// docs/spec-optimizers.md#the-update-rules). Three sequences: z (Keras' "momentum", an Adam-scaled
// SGD run), x (the average of the z's, the weights Keras evaluates) and y = (1 - beta_1) z + beta_1
// x, the weights the model trains at (and the ones lrlab keeps in the model). z and x start at the
// initial weights.
//   y   -= y * weight_decay * lr                 (Keras' decoupled decay, on y, default 0)
//   lr_t = lr * min(t / warmup_steps, 1)         (lr itself when warmup_steps is 0)
//   v   += (g^2 - v) * (1 - beta_2)
//   x_old = (y - (1 - beta_1) * z) / beta_1      (x from y and the z before this step)
//   z   -= lr_t * g / (sqrt(v / (1 - beta_2^t)) + eps)
//   x    = (1 - 1/t) * x_old + z / t             (the uniform average of z_1 ... z_t)
//   y    = (1 - beta_1) * z + beta_1 * x
// x_old is read with the z from before the step (a copy, as on JAX; docs/semantics.md). Keras
// averages uniformly (1/t); the authors' code weights by the squared rate (docs/semantics.md).
//
// Effective step size: lr_t / (sqrt(v / (1 - beta_2^t)) + eps), the rate applied to g in z.
#include <cmath>
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"
#include "core/schedule/params.h"

namespace lrlab {
namespace {

class ScheduleFreeAdamW final : public Optimizer {
 public:
  ScheduleFreeAdamW(double beta_1, double beta_2, double epsilon, double warmup,
                    double weight_decay)
      : beta_1_(beta_1),
        beta_2_(beta_2),
        epsilon_(epsilon),
        warmup_(warmup),
        weight_decay_(weight_decay) {}

  void reset_state(Eigen::Index n) override {
    z_ = Eigen::VectorXd::Zero(n);
    v_ = Eigen::VectorXd::Zero(n);
    x_old_ = Eigen::VectorXd::Zero(n);
    x_ = Eigen::VectorXd::Zero(n);
    lr_t_ = std::numeric_limits<double>::quiet_NaN();
    effective_ = Eigen::VectorXd::Zero(n);
    beta_2_power_ = 1;
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    if (t_ == 0) z_ = w;  // z_0 = x_0 = y_0: the weights the run starts from (no allocation)
    ++t_;
    const double t = static_cast<double>(t_);
    const double lr_t = warmup_ > 0 ? lr * std::min(t / warmup_, 1.0) : lr;
    lr_t_ = lr_t;
    beta_2_power_ *= beta_2_;
    const double v_correction = 1 - beta_2_power_;
    const double weight = 1 / t;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      if (weight_decay_ != 0) w[i] -= w[i] * weight_decay_ * lr;
      v_[i] += (g[i] * g[i] - v_[i]) * (1 - beta_2_);
      const double x_old = (w[i] - (1 - beta_1_) * z_[i]) / beta_1_;
      const double rate = lr_t / (std::sqrt(v_[i] / v_correction) + epsilon_);
      z_[i] -= rate * g[i];
      const double x = (1 - weight) * x_old + weight * z_[i];
      w[i] = (1 - beta_1_) * z_[i] + beta_1_ * x;
      x_old_[i] = x_old;
      x_[i] = x;
      effective_[i] = rate;
    }
  }

  bool reported_weights(const Eigen::Ref<const Eigen::VectorXd>& w,
                        Eigen::Ref<Eigen::VectorXd> out) const noexcept override {
    // Keras' swap_to_eval(): x = (y - (1 - beta_1) z) / beta_1; before any step x is w itself.
    if (t_ == 0) {
      out = w;
      return true;
    }
    for (Eigen::Index i = 0; i < w.size(); ++i) out[i] = (w[i] - (1 - beta_1_) * z_[i]) / beta_1_;
    return true;
  }

  std::vector<StateQuantity> state() const override {
    return {per_parameter("z", z_, "the Adam-scaled SGD sequence"),
            per_parameter("v", v_, "running mean of g^2"),
            shared_value("beta_2^t", beta_2_power_, "1 - beta_2^t corrects v's bias"),
            of_last_update(shared_value("lr_t", lr_t_, "this update's rate after warmup")),
            of_last_update(
                per_parameter("x_old", x_old_, "the average before this update, from y and z")),
            of_last_update(per_parameter("x", x_, "the average after it (the reported weights)"))};
  }

 private:
  double beta_1_;
  double beta_2_;
  double epsilon_;
  double warmup_;
  double weight_decay_;
  double beta_2_power_ = 1;  // beta_2^t
  Eigen::VectorXd z_;        // the SGD-like sequence ("momentum" in Keras)
  Eigen::VectorXd v_;        // running mean of g^2
  // The last update's values of the rule's lines, for a look at it.
  double lr_t_ = std::numeric_limits<double>::quiet_NaN();
  Eigen::VectorXd x_old_;
  Eigen::VectorXd x_;
};

std::unique_ptr<Optimizer> make_schedule_free_adamw(const ParamValues& values) {
  return std::make_unique<ScheduleFreeAdamW>(
      values.number("beta_1"), values.number("beta_2"), values.number("epsilon"),
      values.number("warmup_steps"), values.number("weight_decay"));
}

}  // namespace

// The interpolation weight of x in y. Keras divides by it (x_old is recovered from y), so 0 is
// refused.
static ParamSpec schedule_free_beta_1_param() {
  return params::number("beta_1", 0.9, 0, 1,
                        "weight of the average x in the weights y where the gradient is taken",
                        false, true);
}

// Shared with schedule_free_sgd.cpp.
ParamSpec warmup_steps_param() {
  return params::integer("warmup_steps", 0, 0, 1e6,
                         "updates over which the rate rises linearly from lr / warmup_steps to lr");
}

OptimizerInfo schedule_free_adamw_optimizer_info() {
  return {
      "schedule_free_adamw",
      "Schedule-free AdamW",
      "Adam steps on one sequence of weights, a running average of it as the result, and the "
      "gradient taken between the two: no decaying schedule needed.",
      {schedule_free_beta_1_param(),
       fraction_param("beta_2", 0.999, "decay of the running mean of squared gradients"),
       epsilon_param(1e-8), warmup_steps_param(), weight_decay_param(0)},
      0.0025,
      &make_schedule_free_adamw,
      {"keras.optimizers.ScheduleFreeAdamW",
       {{"learning_rate", "{lr0}"},
        {"beta_1", "{beta_1}"},
        {"beta_2", "{beta_2}"},
        {"epsilon", "{epsilon}"},
        {"warmup_steps", "{warmup_steps}"},
        {"weight_decay", "{weight_decay}", "weight_decay"}},
       {{"call optimizer.swap_to_eval() before evaluating x, swap_to_train() after"}}},
      {"torch.optim.AdamW",
       {{"", "model.parameters()"},
        {"lr", "{lr0}"},
        {"betas", "({beta_1}, {beta_2})"},
        {"eps", "{epsilon}"},
        {"weight_decay", "{weight_decay}"}},
       {{"torch.optim has no schedule-free optimizer; the authors' package has one"},
        {"(pip install schedulefree: schedulefree.AdamWScheduleFree, which averages with"},
        {"squared-rate weights rather than Keras' 1/t). The nearest torch.optim class is AdamW,"},
        {"whose weights are the last iterate, not an average."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> schedule_free_adamw_rule() {
  return {"y = y - y * weight_decay * lr;  lr_t = lr * min(t / warmup_steps, 1)",
          "v = v + (g^2 - v) * (1 - beta_2)",
          "x_old = (y - (1 - beta_1) * z) / beta_1",
          "z = z - lr_t * g / (sqrt(v / (1 - beta_2^t)) + epsilon)",
          "x = (1 - 1/t) * x_old + z / t",
          "y = (1 - beta_1) * z + beta_1 * x   (w is y)"};
}

}  // namespace lrlab
