// Each update rule against a second, deliberately plain implementation written here from
// docs/spec-optimizers.md section 4's formulas (scalar code, std::pow for the bias-correction
// powers), over many steps, several parameters with gradient scales from 1e-3 to 1e3, stretches of
// zero gradient and a learning rate that changes mid-run. Then the situations each rule is known
// for.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/optim/make_optimizer.h"
#include "core/optim/optimizer.h"

namespace {

using lrlab::ParamValues;

// ---- The reference rules: one parameter, its own state, written from docs/spec-optimizers.md.
// ----

struct Rule {
  // Returns the new w; sets *rate to the effective step size the header comments document.
  std::function<double(double w, double g, double lr, int t, double* rate)> step;
};

// Each parameter gets a fresh copy of the rule (and so its own state).
using RuleFactory = std::function<Rule()>;

RuleFactory sgd_rule(double momentum, bool nesterov) {
  return [=] {
    auto m = std::make_shared<double>(0.0);
    return Rule{[=](double w, double g, double lr, int, double* rate) {
      if (momentum == 0) {
        *rate = lr;
        return w - lr * g;
      }
      *m = momentum * *m - lr * g;
      const double delta = nesterov ? momentum * *m - lr * g : *m;
      *rate = g != 0 ? std::fabs(delta) / std::fabs(g) : lr;
      return w + delta;
    }};
  };
}

RuleFactory adagrad_rule(double initial, double eps) {
  return [=] {
    auto a = std::make_shared<double>(initial);
    return Rule{[=](double w, double g, double lr, int, double* rate) {
      *a = *a + g * g;
      *rate = lr / std::sqrt(*a + eps);
      return w - lr * g / std::sqrt(*a + eps);
    }};
  };
}

RuleFactory adadelta_rule(double rho, double eps) {
  return [=] {
    auto eg = std::make_shared<double>(0.0);
    auto ed = std::make_shared<double>(0.0);
    return Rule{[=](double w, double g, double lr, int, double* rate) {
      *eg = rho * *eg + (1 - rho) * g * g;
      const double d = -std::sqrt(*ed + eps) / std::sqrt(*eg + eps) * g;
      *rate = lr * std::sqrt(*ed + eps) / std::sqrt(*eg + eps);
      *ed = rho * *ed + (1 - rho) * d * d;
      return w + lr * d;
    }};
  };
}

RuleFactory rmsprop_rule(double rho, double momentum, double eps, bool centered) {
  return [=] {
    auto v = std::make_shared<double>(0.0);
    auto mg = std::make_shared<double>(0.0);
    auto m = std::make_shared<double>(0.0);
    return Rule{[=](double w, double g, double lr, int, double* rate) {
      *v = rho * *v + (1 - rho) * g * g;
      double den = *v + eps;
      if (centered) {
        *mg = rho * *mg + (1 - rho) * g;
        den = *v - *mg * *mg + eps;
      }
      const double inc = lr * g / std::sqrt(den);
      if (momentum == 0) {
        *rate = lr / std::sqrt(den);
        return w - inc;
      }
      *m = momentum * *m + inc;
      *rate = g != 0 ? std::fabs(*m) / std::fabs(g) : lr / std::sqrt(den);
      return w - *m;
    }};
  };
}

RuleFactory adam_rule(double b1, double b2, double eps, bool amsgrad, double weight_decay) {
  return [=] {
    auto m = std::make_shared<double>(0.0);
    auto v = std::make_shared<double>(0.0);
    auto vmax = std::make_shared<double>(0.0);
    return Rule{[=](double w, double g, double lr, int t, double* rate) {
      w = w - w * weight_decay * lr;
      const double alpha = lr * std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
      *m = *m + (g - *m) * (1 - b1);
      *v = *v + (g * g - *v) * (1 - b2);
      *vmax = std::max(*vmax, *v);
      const double used = amsgrad ? *vmax : *v;
      *rate = alpha / (std::sqrt(used) + eps);
      return w - alpha * *m / (std::sqrt(used) + eps);
    }};
  };
}

RuleFactory nadam_rule(double b1, double b2, double eps) {
  return [=] {
    auto m = std::make_shared<double>(0.0);
    auto v = std::make_shared<double>(0.0);
    return Rule{[=](double w, double g, double lr, int t, double* rate) {
      auto u = [&](int k) { return b1 * (1 - 0.5 * std::pow(0.96, k)); };
      double product = 1;  // P_t = u_1 * ... * u_t
      for (int k = 1; k <= t; ++k) product *= u(k);
      *m = *m + (g - *m) * (1 - b1);
      *v = *v + (g * g - *v) * (1 - b2);
      const double m_hat =
          u(t + 1) * *m / (1 - product * u(t + 1)) + (1 - u(t)) * g / (1 - product);
      const double v_hat = *v / (1 - std::pow(b2, t));
      *rate = lr / (std::sqrt(v_hat) + eps);
      return w - lr * m_hat / (std::sqrt(v_hat) + eps);
    }};
  };
}

RuleFactory adamax_rule(double b1, double b2, double eps) {
  return [=] {
    auto m = std::make_shared<double>(0.0);
    auto u = std::make_shared<double>(0.0);
    return Rule{[=](double w, double g, double lr, int t, double* rate) {
      *m = *m + (g - *m) * (1 - b1);
      *u = std::max(b2 * *u, std::fabs(g));
      *rate = lr / ((1 - std::pow(b1, t)) * (*u + eps));
      return w - lr * *m / ((1 - std::pow(b1, t)) * (*u + eps));
    }};
  };
}

RuleFactory lion_rule(double b1, double b2, double weight_decay) {
  return [=] {
    auto m = std::make_shared<double>(0.0);
    return Rule{[=](double w, double g, double lr, int, double* rate) {
      w = w - w * weight_decay * lr;
      const double c = b1 * *m + (1 - b1) * g;
      const double step = c > 0 ? lr : c < 0 ? -lr : 0.0;
      *m = b2 * *m + (1 - b2) * g;
      *rate = lr;
      return w - step;
    }};
  };
}

// Keras' Ftrl.update_step with the powers taken by std::pow.
RuleFactory ftrl_rule(double lr_power, double initial, double l1, double l2, double shrinkage,
                      double beta) {
  return [=] {
    auto n = std::make_shared<double>(initial);
    auto z = std::make_shared<double>(0.0);
    return Rule{[=](double w, double g, double lr, int, double* rate) {
      const double l2_total = l2 + beta / (2 * lr);
      const double n_new = *n + g * g;
      const double sigma = (std::pow(n_new, -lr_power) - std::pow(*n, -lr_power)) / lr;
      *z = *z + (g + 2 * shrinkage * w) - sigma * w;
      const double q = std::pow(n_new, -lr_power) / lr + 2 * l2_total;
      const double clipped = std::min(std::max(*z, -l1), l1);
      *n = n_new;
      *rate = 1 / q;
      return (clipped - *z) / q;
    }};
  };
}

// Keras' ScheduleFreeAdamW.update_step; z starts at the first weights it sees.
RuleFactory schedule_free_adamw_rule(double b1, double b2, double eps, int warmup, double wd) {
  return [=] {
    auto z = std::make_shared<double>(0.0);
    auto v = std::make_shared<double>(0.0);
    return Rule{[=](double y, double g, double lr, int t, double* rate) {
      if (t == 1) *z = y;
      y = y - y * wd * lr;
      const double lr_t = warmup > 0 ? lr * std::min(static_cast<double>(t) / warmup, 1.0) : lr;
      *v = *v + (g * g - *v) * (1 - b2);
      const double denom = std::sqrt(*v / (1 - std::pow(b2, t))) + eps;
      const double z_old = *z;
      *z = *z - lr_t * g / denom;
      const double x_old = (y - (1 - b1) * z_old) / b1;
      const double x = (1 - 1.0 / t) * x_old + (1.0 / t) * *z;
      *rate = lr_t / denom;
      return (1 - b1) * *z + b1 * x;
    }};
  };
}

// Keras pull request #23353's ScheduleFreeSGD.update_step.
RuleFactory schedule_free_sgd_rule(double b1, int warmup, double wd) {
  return [=] {
    auto z = std::make_shared<double>(0.0);
    auto x = std::make_shared<double>(0.0);
    auto squares = std::make_shared<double>(0.0);
    return Rule{[=](double y, double g, double lr, int t, double* rate) {
      if (t == 1) *z = *x = y;
      const double lr_t = warmup > 0 ? lr * std::min(static_cast<double>(t) / warmup, 1.0) : lr;
      *squares += lr_t * lr_t;
      const double c = lr_t * lr_t / *squares;
      *z = *z - lr_t * (g + wd * y);
      *x = (1 - c) * *x + c * *z;
      *rate = lr_t;
      return (1 - b1) * *z + b1 * *x;
    }};
  };
}

// ---- Runs: the optimizer under test and the reference on the same gradient sequence. ----

struct Trajectory {
  std::vector<std::vector<double>> w;     // [step][parameter], after each update
  std::vector<std::vector<double>> rate;  // [step][parameter]
};

using Gradients = std::vector<std::vector<double>>;  // [step][parameter]

Trajectory run_reference(const RuleFactory& factory, const std::vector<double>& w0,
                         const Gradients& grads, const std::vector<double>& lrs) {
  std::vector<Rule> rules;
  for (size_t i = 0; i < w0.size(); ++i) rules.push_back(factory());
  std::vector<double> w = w0;
  Trajectory out;
  for (size_t s = 0; s < grads.size(); ++s) {
    std::vector<double> rate(w.size());
    for (size_t i = 0; i < w.size(); ++i) {
      w[i] = rules[i].step(w[i], grads[s][i], lrs[s], static_cast<int>(s) + 1, &rate[i]);
    }
    out.w.push_back(w);
    out.rate.push_back(rate);
  }
  return out;
}

Trajectory run_optimizer(lrlab::Optimizer& optimizer, const std::vector<double>& w0,
                         const Gradients& grads, const std::vector<double>& lrs) {
  const auto n = static_cast<Eigen::Index>(w0.size());
  optimizer.reset(n);
  Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXd>(w0.data(), n);
  Trajectory out;
  for (size_t s = 0; s < grads.size(); ++s) {
    const Eigen::VectorXd g = Eigen::Map<const Eigen::VectorXd>(grads[s].data(), n);
    optimizer.update(w, g, lrs[s]);
    out.w.emplace_back(w.data(), w.data() + n);
    const Eigen::VectorXd& rate = optimizer.effective_step_size();
    out.rate.emplace_back(rate.data(), rate.data() + n);
  }
  return out;
}

Trajectory run_optimizer(const std::string& name, const ParamValues& values,
                         const std::vector<double>& w0, const Gradients& grads,
                         const std::vector<double>& lrs) {
  auto optimizer = lrlab::make_optimizer(name, values);
  return run_optimizer(*optimizer, w0, grads, lrs);
}

// Relative agreement; weights also get an absolute floor, because a weight that lands near 0
// (w0 - step with step close to w0) keeps the rounding error of its O(1) operands.
bool close(double a, double b, double relative, double absolute = 0) {
  return std::fabs(a - b) <= relative * std::max(std::fabs(a), std::fabs(b)) + absolute;
}

void expect_same(const Trajectory& actual, const Trajectory& expected, double relative = 1e-11) {
  ASSERT_EQ(actual.w.size(), expected.w.size());
  for (size_t s = 0; s < actual.w.size(); ++s) {
    for (size_t i = 0; i < actual.w[s].size(); ++i) {
      ASSERT_TRUE(close(actual.w[s][i], expected.w[s][i], relative, 1e-13))
          << "w, step " << s + 1 << ", parameter " << i << ": " << actual.w[s][i] << " vs "
          << expected.w[s][i];
      ASSERT_TRUE(close(actual.rate[s][i], expected.rate[s][i], relative))
          << "rate, step " << s + 1 << ", parameter " << i << ": " << actual.rate[s][i] << " vs "
          << expected.rate[s][i];
    }
  }
}

ParamValues with(std::vector<std::pair<std::string, double>> numbers) {
  ParamValues values;
  for (const auto& [key, value] : numbers) values.numbers[key] = value;
  return values;
}

struct Variant {
  std::string label;
  std::string name;
  ParamValues values;
  RuleFactory reference;
};

// Every optimizer with its defaults and with the switches that change its rule.
std::vector<Variant> variants() {
  return {
      {"sgd", "sgd", {}, sgd_rule(0, false)},
      {"sgd momentum", "sgd", with({{"momentum", 0.9}}), sgd_rule(0.9, false)},
      {"sgd nesterov", "sgd", with({{"momentum", 0.5}, {"nesterov", 1}}), sgd_rule(0.5, true)},
      {"sgd nesterov without momentum", "sgd", with({{"nesterov", 1}}), sgd_rule(0, true)},
      {"adagrad", "adagrad", {}, adagrad_rule(0.1, 1e-7)},
      {"adagrad zero start", "adagrad", with({{"initial_accumulator_value", 0}, {"epsilon", 1e-3}}),
       adagrad_rule(0, 1e-3)},
      {"adadelta", "adadelta", {}, adadelta_rule(0.95, 1e-7)},
      {"adadelta rho 0.5", "adadelta", with({{"rho", 0.5}, {"epsilon", 1e-4}}),
       adadelta_rule(0.5, 1e-4)},
      {"rmsprop", "rmsprop", {}, rmsprop_rule(0.9, 0, 1e-7, false)},
      {"rmsprop centered", "rmsprop", with({{"centered", 1}}), rmsprop_rule(0.9, 0, 1e-7, true)},
      {"rmsprop momentum", "rmsprop", with({{"momentum", 0.9}}),
       rmsprop_rule(0.9, 0.9, 1e-7, false)},
      {"rmsprop centered momentum", "rmsprop",
       with({{"momentum", 0.5}, {"centered", 1}, {"rho", 0.8}}),
       rmsprop_rule(0.8, 0.5, 1e-7, true)},
      {"adam", "adam", {}, adam_rule(0.9, 0.999, 1e-7, false, 0)},
      {"adam amsgrad", "adam", with({{"amsgrad", 1}}), adam_rule(0.9, 0.999, 1e-7, true, 0)},
      {"adam betas", "adam", with({{"beta_1", 0.5}, {"beta_2", 0.9}, {"epsilon", 1e-3}}),
       adam_rule(0.5, 0.9, 1e-3, false, 0)},
      {"adamw", "adamw", {}, adam_rule(0.9, 0.999, 1e-7, false, 0.004)},
      {"adamw amsgrad", "adamw", with({{"amsgrad", 1}, {"weight_decay", 0.1}}),
       adam_rule(0.9, 0.999, 1e-7, true, 0.1)},
      {"nadam", "nadam", {}, nadam_rule(0.9, 0.999, 1e-7)},
      {"nadam betas", "nadam", with({{"beta_1", 0.5}, {"beta_2", 0.9}}),
       nadam_rule(0.5, 0.9, 1e-7)},
      {"adamax", "adamax", {}, adamax_rule(0.9, 0.999, 1e-7)},
      {"adamax betas", "adamax", with({{"beta_1", 0.3}, {"beta_2", 0.5}}),
       adamax_rule(0.3, 0.5, 1e-7)},
      {"lion", "lion", {}, lion_rule(0.9, 0.99, 0)},
      {"lion betas and decay", "lion",
       with({{"beta_1", 0.5}, {"beta_2", 0.9}, {"weight_decay", 0.1}}), lion_rule(0.5, 0.9, 0.1)},
      {"lion beta_1 1", "lion", with({{"beta_1", 1}}), lion_rule(1, 0.99, 0)},
      {"ftrl", "ftrl", {}, ftrl_rule(-0.5, 0.1, 0, 0, 0, 0)},
      {"ftrl regularised", "ftrl",
       with({{"learning_rate_power", -0.2},
             {"initial_accumulator_value", 0.4},
             {"l1_regularization_strength", 0.05},
             {"l2_regularization_strength", 0.15},
             {"l2_shrinkage_regularization_strength", 0.01},
             {"beta", 0.3}}),
       ftrl_rule(-0.2, 0.4, 0.05, 0.15, 0.01, 0.3)},
      {"ftrl fixed rate", "ftrl", with({{"learning_rate_power", 0}, {"beta", 1}}),
       ftrl_rule(0, 0.1, 0, 0, 0, 1)},
      {"schedule_free_adamw",
       "schedule_free_adamw",
       {},
       schedule_free_adamw_rule(0.9, 0.999, 1e-8, 0, 0)},
      {"schedule_free_adamw warmup and decay", "schedule_free_adamw",
       with({{"beta_1", 0.5},
             {"beta_2", 0.9},
             {"epsilon", 1e-6},
             {"warmup_steps", 10},
             {"weight_decay", 0.05}}),
       schedule_free_adamw_rule(0.5, 0.9, 1e-6, 10, 0.05)},
      {"schedule_free_sgd", "schedule_free_sgd", {}, schedule_free_sgd_rule(0.9, 0, 0)},
      {"schedule_free_sgd warmup and decay", "schedule_free_sgd",
       with({{"beta_1", 0.7}, {"warmup_steps", 15}, {"weight_decay", 0.01}}),
       schedule_free_sgd_rule(0.7, 15, 0.01)},
      {"schedule_free_sgd beta_1 0", "schedule_free_sgd", with({{"beta_1", 0}}),
       schedule_free_sgd_rule(0, 0, 0)},
  };
}

// A fixed pseudo-random sequence in [-1, 1) (a 64-bit LCG; no library distributions).
class Sequence {
 public:
  double next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) / 9007199254740992.0 * 2 - 1;
  }

 private:
  std::uint64_t state_ = 12345;
};

// 60 steps, 6 parameters: gradient scales 1e-3, 1 and 1e3, each as a noisy drift and as pure
// noise; parameter 1 sees zero gradient on steps 10-19. The rate is 0.1, then 0.01, then 0.5.
struct Scenario {
  std::vector<double> w0 = {1, -2, 0.5, 3, -1, 0.25};
  Gradients grads;
  std::vector<double> lrs;

  Scenario() {
    const double scales[6] = {1e-3, 1, 1e3, 1e-3, 1, 1e3};
    Sequence sequence;
    for (int s = 0; s < 60; ++s) {
      std::vector<double> g(6);
      for (int i = 0; i < 6; ++i) {
        const double drift = i < 3 ? 0.7 : 0;
        g[i] = scales[i] * (drift + sequence.next());
      }
      if (s >= 10 && s < 20) g[1] = 0;
      grads.push_back(g);
      lrs.push_back(s < 20 ? 0.1 : s < 40 ? 0.01 : 0.5);
    }
  }
};

TEST(OptimizerReference, EveryVariantFollowsItsFormulaAcrossScalesAndRateChanges) {
  const Scenario scenario;
  for (const Variant& variant : variants()) {
    SCOPED_TRACE(variant.label);
    expect_same(
        run_optimizer(variant.name, variant.values, scenario.w0, scenario.grads, scenario.lrs),
        run_reference(variant.reference, scenario.w0, scenario.grads, scenario.lrs));
  }
}

TEST(OptimizerReference, ResetRestartsTheStateAndTheCounter) {
  const Scenario scenario;
  for (const Variant& variant : variants()) {
    SCOPED_TRACE(variant.label);
    auto optimizer = lrlab::make_optimizer(variant.name, variant.values);
    const Trajectory first = run_optimizer(*optimizer, scenario.w0, scenario.grads, scenario.lrs);
    EXPECT_EQ(optimizer->updates(), 60);
    optimizer->reset(6);
    EXPECT_EQ(optimizer->updates(), 0);
    // run_optimizer resets again; what matters is that a reused object repeats itself exactly.
    const Trajectory second = run_optimizer(*optimizer, scenario.w0, scenario.grads, scenario.lrs);
    EXPECT_EQ(first.w, second.w);
    EXPECT_EQ(first.rate, second.rate);
  }
}

TEST(OptimizerReference, ResetWithoutFurtherCallsGivesAFreshStart) {
  // Momentum-carrying state must not leak through reset: compare a reused object with a new one.
  for (const Variant& variant : variants()) {
    SCOPED_TRACE(variant.label);
    auto used = lrlab::make_optimizer(variant.name, variant.values);
    used->reset(2);
    Eigen::VectorXd w(2), g(2);
    w << 1, -1;
    g << 3, -0.5;
    for (int i = 0; i < 5; ++i) used->update(w, g, 0.1);
    used->reset(2);
    auto fresh = lrlab::make_optimizer(variant.name, variant.values);
    fresh->reset(2);
    Eigen::VectorXd w_used(2), w_fresh(2);
    w_used << 0.5, 2;
    w_fresh = w_used;
    used->update(w_used, g, 0.05);
    fresh->update(w_fresh, g, 0.05);
    EXPECT_EQ(w_used, w_fresh);
    EXPECT_EQ(used->effective_step_size(), fresh->effective_step_size());
    EXPECT_EQ(used->updates(), 1);
  }
}

TEST(OptimizerReference, ChangingTheRateKeepsMomentum) {
  // SGD momentum 0.9, g = 1 throughout: m = -0.1, -0.19, then at lr 0.01: 0.9 * -0.19 - 0.01.
  auto sgd = lrlab::make_optimizer("sgd", with({{"momentum", 0.9}}));
  sgd->reset(1);
  Eigen::VectorXd w(1), g(1);
  w << 1;
  g << 1;
  sgd->update(w, g, 0.1);
  sgd->update(w, g, 0.1);
  sgd->update(w, g, 0.01);
  EXPECT_NEAR(w[0], 1 - 0.1 - 0.19 - 0.181, 1e-15);

  // Adam: the third step at a new rate uses the moments of the first two (t = 3), not a restart.
  auto adam = lrlab::make_optimizer("adam");
  adam->reset(1);
  w << 1;
  const double g1 = 2, g2 = -1, g3 = 0.5;
  for (double gradient : {g1, g2}) {
    g << gradient;
    adam->update(w, g, 0.1);
  }
  const double before = w[0];
  g << g3;
  adam->update(w, g, 0.01);
  const double m = 0.1 * (0.9 * 0.9 * g1 + 0.9 * g2 + g3);
  const double v = 0.001 * (0.999 * 0.999 * g1 * g1 + 0.999 * g2 * g2 + g3 * g3);
  const double alpha = 0.01 * std::sqrt(1 - std::pow(0.999, 3)) / (1 - std::pow(0.9, 3));
  EXPECT_NEAR(w[0], before - alpha * m / (std::sqrt(v) + 1e-7), 1e-14);
  EXPECT_EQ(adam->updates(), 3);
}

TEST(OptimizerReference, AdagradRatesFallAndDriftApartWithGradientScale) {
  auto adagrad = lrlab::make_optimizer("adagrad");
  adagrad->reset(3);
  Eigen::VectorXd w = Eigen::VectorXd::Zero(3), g(3);
  g << 1e-3, 1, 1e3;
  const double lr = 0.1;
  Eigen::VectorXd previous = Eigen::VectorXd::Constant(3, INFINITY);
  for (int k = 1; k <= 20; ++k) {
    adagrad->update(w, g, lr);
    const Eigen::VectorXd& rate = adagrad->effective_step_size();
    for (int i = 0; i < 3; ++i) {
      EXPECT_NEAR(rate[i], lr / std::sqrt(0.1 + k * g[i] * g[i] + 1e-7), 1e-15 * (1 + rate[i]));
      EXPECT_LT(rate[i], previous[i]) << "step " << k << ", parameter " << i;
    }
    previous = rate;
  }
  // After 20 steps the small-gradient parameter keeps almost its initial rate lr/sqrt(0.1);
  // the large-gradient one is down by the factor |g| sqrt(20 / 0.1).
  EXPECT_GT(previous[0] / previous[2], 1e4);
  EXPECT_NEAR(previous[0] / (lr / std::sqrt(0.1)), 1, 1e-3);
}

TEST(OptimizerReference, AmsgradKeepsTheLargestSecondMoment) {
  // Ten large gradients then small ones: Adam's v decays and its rate grows back; AMSGrad's
  // vmax stays at the peak, so its steps stay small.
  Gradients grads;
  std::vector<double> lrs;
  for (int s = 0; s < 60; ++s) {
    grads.push_back({s < 10 ? 10.0 : 0.1});
    lrs.push_back(0.01);
  }
  // beta_2 0.9 lets v forget the large gradients within the run.
  const std::vector<double> w0 = {0};
  const Trajectory adam = run_optimizer("adam", with({{"beta_2", 0.9}}), w0, grads, lrs);
  const Trajectory amsgrad =
      run_optimizer("adam", with({{"beta_2", 0.9}, {"amsgrad", 1}}), w0, grads, lrs);
  expect_same(adam, run_reference(adam_rule(0.9, 0.9, 1e-7, false, 0), w0, grads, lrs));
  expect_same(amsgrad, run_reference(adam_rule(0.9, 0.9, 1e-7, true, 0), w0, grads, lrs));
  // While v still grows the two agree; once it decays they part.
  EXPECT_EQ(adam.w[9], amsgrad.w[9]);
  EXPECT_GT(adam.rate.back()[0], 1.5 * amsgrad.rate.back()[0]);
  const double adam_travel = adam.w.back()[0] - adam.w[9][0];
  const double amsgrad_travel = amsgrad.w.back()[0] - amsgrad.w[9][0];
  EXPECT_GT(std::fabs(adam_travel - amsgrad_travel), 1e-3);
}

TEST(OptimizerReference, ZeroGradientFromRestLeavesWeightsAlone) {
  for (const Variant& variant : variants()) {
    SCOPED_TRACE(variant.label);
    auto optimizer = lrlab::make_optimizer(variant.name, variant.values);
    optimizer->reset(3);
    Eigen::VectorXd w(3);
    w << 1, -2, 0;
    const Eigen::VectorXd w0 = w;
    const Eigen::VectorXd zero = Eigen::VectorXd::Zero(3);
    for (int s = 0; s < 5; ++s) optimizer->update(w, zero, 0.1);
    ASSERT_TRUE(optimizer->effective_step_size().allFinite());
    EXPECT_TRUE((optimizer->effective_step_size().array() > 0).all());
    const ParamValues complete =
        lrlab::validate_optimizer_params(lrlab::find_optimizer(variant.name), variant.values);
    const double wd =
        complete.numbers.count("weight_decay") ? complete.number("weight_decay") : 0.0;
    if (variant.name == "ftrl") {
      // FTRL solves each weight from its accumulators (z = 0 without gradients or shrinkage):
      // from rest it sets every weight to 0 at once, as Keras' does.
      if (variant.values.numbers.empty()) EXPECT_EQ(w, zero);
    } else if (wd != 0 && variant.name.rfind("schedule_free", 0) == 0) {
      // The decay reaches y through z and the average x (by the rules of the scenario test):
      // every weight shrinks toward 0, by less than (1 - wd * lr)^5.
      for (int i = 0; i < 3; ++i) {
        if (w0[i] == 0) continue;
        EXPECT_LT(std::fabs(w[i]), std::fabs(w0[i]));
        EXPECT_GT(std::fabs(w[i]), std::fabs(w0[i]) * std::pow(1 - wd * 0.1, 5));
      }
    } else if (wd != 0) {
      // Decoupled decay shrinks w even without a gradient: w * (1 - wd * lr)^5.
      const double shrink = std::pow(1 - wd * 0.1, 5);
      for (int i = 0; i < 3; ++i) EXPECT_NEAR(w[i], w0[i] * shrink, 1e-15);
    } else {
      EXPECT_EQ(w, w0);
    }
  }
}

TEST(OptimizerReference, ZeroGradientAfterMotion) {
  // Rules without momentum stop dead; momentum-carrying rules coast (checked against the
  // reference in the scenario test; here the qualitative difference).
  const Gradients grads = {{1}, {1}, {1}, {0}, {0}};
  const std::vector<double> lrs(5, 0.1);
  const std::vector<double> w0 = {1};
  for (const std::string name : {"adagrad", "adadelta", "rmsprop"}) {
    const Trajectory run = run_optimizer(name, {}, w0, grads, lrs);
    EXPECT_EQ(run.w[4], run.w[2]) << name;
  }
  for (const auto& [name, values] :
       std::vector<std::pair<std::string, ParamValues>>{{"sgd", with({{"momentum", 0.9}})},
                                                        {"rmsprop", with({{"momentum", 0.9}})},
                                                        {"adam", {}},
                                                        {"nadam", {}},
                                                        {"adamax", {}}}) {
    const Trajectory run = run_optimizer(name, values, w0, grads, lrs);
    EXPECT_LT(run.w[4][0], run.w[3][0]) << name;
    EXPECT_LT(run.w[3][0], run.w[2][0]) << name;
  }
}

TEST(OptimizerReference, HugeGradientsStayFinite) {
  // g^2 = 1e300 is still a double, so every rule's math is finite and so must be its result.
  Gradients grads;
  for (int s = 0; s < 50; ++s) {
    const double sign = s % 3 == 0 ? -1 : 1;
    grads.push_back({sign * 1e150, 1e150, 1e-150, s % 2 ? 0.0 : 1e150});
  }
  const std::vector<double> lrs(50, 0.1);
  const std::vector<double> w0 = {1, 1, 1, 1};
  for (const Variant& variant : variants()) {
    SCOPED_TRACE(variant.label);
    const Trajectory run = run_optimizer(variant.name, variant.values, w0, grads, lrs);
    for (size_t s = 0; s < run.w.size(); ++s) {
      for (size_t i = 0; i < 4; ++i) {
        ASSERT_TRUE(std::isfinite(run.w[s][i])) << "step " << s + 1 << ", parameter " << i;
        ASSERT_TRUE(std::isfinite(run.rate[s][i])) << "step " << s + 1 << ", parameter " << i;
      }
    }
    expect_same(run, run_reference(variant.reference, w0, grads, lrs), 1e-10);
  }
}

TEST(OptimizerReference, AdaptiveFirstStepIsScaleFree) {
  // With g = 1e150 the first step of Adam, Adamax and Adagrad is lr (g / |g|), of RMSprop
  // lr / sqrt(1 - rho): the gradient's size drops out, which is the point of these rules.
  const struct {
    std::string name;
    double step;
  } cases[] = {{"adam", 0.1}, {"adamax", 0.1}, {"adagrad", 0.1}, {"rmsprop", 0.1 / std::sqrt(0.1)}};
  for (const auto& c : cases) {
    const Trajectory run = run_optimizer(c.name, {}, {0}, {{1e150}}, {0.1});
    EXPECT_NEAR(run.w[0][0], -c.step, 1e-12) << c.name;
  }
}

TEST(OptimizerReference, CenteredRmspropSurvivesALongConstantLargeGradient) {
  // v and mg^2 agree to the last bits after a few hundred equal gradients; their difference is
  // a variance and must not go negative under the square root.
  auto rmsprop = lrlab::make_optimizer("rmsprop", with({{"centered", 1}}));
  rmsprop->reset(1);
  Eigen::VectorXd w(1), g(1);
  w << 0;
  g << 1e6;
  for (int s = 0; s < 2000; ++s) {
    rmsprop->update(w, g, 1e-3);
    ASSERT_TRUE(std::isfinite(w[0])) << "step " << s + 1;
    ASSERT_TRUE(std::isfinite(rmsprop->effective_step_size()[0])) << "step " << s + 1;
  }
}

}  // namespace
