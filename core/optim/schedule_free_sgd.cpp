// Schedule-free SGD (Defazio et al. 2024), as the Keras pull request #23353 writes it (Keras has
// no release with it yet; docs/spec-optimizers.md#the-update-rules). Sequences z (SGD steps), x
// (their weighted average, the reported weights) and y = (1 - beta_1) z + beta_1 x, the weights
// the gradient is taken at (kept in the model); z and x start at the initial weights.
//   lr_t = lr * min(t / warmup_steps, 1)        (lr itself when warmup_steps is 0)
//   S   += lr_t^2;  c = lr_t^2 / S              (the average weights each z by its rate squared)
//   g'   = g + weight_decay * y                 (L2 through the gradient, at y, default 0)
//   z   -= lr_t * g'
//   x    = (1 - c) * x + c * z
//   y    = (1 - beta_1) * z + beta_1 * x
// The authors' code weights by the largest rate so far squared instead of this step's; the two
// agree while the rate never falls (docs/semantics.md#optimizers).
//
// Effective step size: lr_t, the rate applied to g in z.
#include <algorithm>
#include <memory>

#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"
#include "core/schedule/params.h"

namespace lrlab {

ParamSpec warmup_steps_param();  // core/optim/schedule_free_adamw.cpp

namespace {

class ScheduleFreeSgd final : public Optimizer {
 public:
  ScheduleFreeSgd(double beta_1, double warmup, double weight_decay)
      : beta_1_(beta_1), warmup_(warmup), weight_decay_(weight_decay) {}

  void reset_state(Eigen::Index n) override {
    z_ = Eigen::VectorXd::Zero(n);
    x_ = Eigen::VectorXd::Zero(n);
    g_prime_ = Eigen::VectorXd::Zero(n);
    lr_t_ = c_ = std::numeric_limits<double>::quiet_NaN();
    effective_ = Eigen::VectorXd::Zero(n);
    squared_rates_ = 0;
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    if (t_ == 0) z_ = x_ = w;  // z_0 = x_0 = y_0
    ++t_;
    const double t = static_cast<double>(t_);
    const double lr_t = warmup_ > 0 ? lr * std::min(t / warmup_, 1.0) : lr;
    squared_rates_ += lr_t * lr_t;
    const double c = squared_rates_ > 0 ? lr_t * lr_t / squared_rates_ : 0.0;  // divide_no_nan
    lr_t_ = lr_t;
    c_ = c;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      const double gradient = weight_decay_ != 0 ? g[i] + weight_decay_ * w[i] : g[i];
      g_prime_[i] = gradient;
      z_[i] -= lr_t * gradient;
      x_[i] = (1 - c) * x_[i] + c * z_[i];
      w[i] = (1 - beta_1_) * z_[i] + beta_1_ * x_[i];
      effective_[i] = lr_t;
    }
  }

  bool reported_weights(const Eigen::Ref<const Eigen::VectorXd>& w,
                        Eigen::Ref<Eigen::VectorXd> out) const noexcept override {
    if (t_ == 0)
      out = w;
    else
      out = x_;
    return true;
  }

  std::vector<StateQuantity> state() const override {
    return {per_parameter("z", z_, "the SGD sequence"),
            per_parameter("x", x_, "the weighted average of the z's (the reported weights)"),
            shared_value("S", squared_rates_, "sum of the squared rates so far"),
            of_last_update(shared_value("lr_t", lr_t_, "this update's rate after warmup")),
            of_last_update(shared_value("c", c_, "this update's weight of z in the average")),
            of_last_update(per_parameter("g'", g_prime_, "the gradient with weight decay added"))};
  }

 private:
  double beta_1_;
  double warmup_;
  double weight_decay_;
  double squared_rates_ = 0;  // S: the sum of lr_t^2 so far
  Eigen::VectorXd z_;         // the SGD sequence ("momentum" in the pull request)
  Eigen::VectorXd x_;         // the average ("averaged")
  // The last update's values of the rule's lines, for a look at it.
  double lr_t_ = std::numeric_limits<double>::quiet_NaN();
  double c_ = std::numeric_limits<double>::quiet_NaN();
  Eigen::VectorXd g_prime_;
};

std::unique_ptr<Optimizer> make_schedule_free_sgd(const ParamValues& values) {
  return std::make_unique<ScheduleFreeSgd>(values.number("beta_1"), values.number("warmup_steps"),
                                           values.number("weight_decay"));
}

}  // namespace

OptimizerInfo schedule_free_sgd_optimizer_info() {
  ParamSpec decay = weight_decay_param(0);
  decay.meaning = "L2 strength added to the gradient (weight_decay * y)";
  return {"schedule_free_sgd",
          "Schedule-free SGD",
          "SGD steps on one sequence of weights, a rate-weighted running average of it as the "
          "result, and the gradient taken between the two: no decaying schedule needed.",
          // No division by beta_1 here: 0 (y = z, SGD itself) is allowed, as in the pull request.
          {params::number("beta_1", 0.9, 0, 1,
                          "weight of the average x in the weights y where the gradient is taken"),
           warmup_steps_param(), decay},
          0.0025,
          &make_schedule_free_sgd,
          {"keras.optimizers.ScheduleFreeSGD",
           {{"learning_rate", "{lr0}"},
            {"beta_1", "{beta_1}"},
            {"warmup_steps", "{warmup_steps}"},
            {"weight_decay", "{weight_decay}", "weight_decay"}},
           {{"not in a Keras release yet: Keras pull request #23353"}}},
          {"torch.optim.SGD",
           {{"", "model.parameters()"},
            {"lr", "{lr0}"},
            {"momentum", "{beta_1}"},
            {"weight_decay", "{weight_decay}"}},
           {{"torch.optim has no schedule-free optimizer; the authors' package has one"},
            {"(pip install schedulefree: schedulefree.SGDScheduleFree, momentum=beta_1). The"},
            {"nearest torch.optim class is SGD with momentum beta_1, whose weights are the last"},
            {"iterate, not an average."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> schedule_free_sgd_rule() {
  return {"lr_t = lr * min(t / warmup_steps, 1)",
          "S = S + lr_t^2;  c = lr_t^2 / S",
          "g' = g + weight_decay * y",
          "z = z - lr_t * g'",
          "x = (1 - c) * x + c * z",
          "y = (1 - beta_1) * z + beta_1 * x   (w is y)"};
}

}  // namespace lrlab
