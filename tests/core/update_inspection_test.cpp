// The update the page writes out at its cursor (core/inspect/update_inspection.h), for every
// optimizer of the registry: from the state the inspection reports before the update, the
// gradient and the rate in force, this test computes the update again with Keras 3's rule as its
// documentation states it (written here, not taken from core/optim/), and expects the weights and
// state the inspection reports after it. Steps are compared relative to their own size, so a rule
// that is off by a fraction of a step fails.
#include "core/inspect/update_inspection.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "core/error.h"
#include "core/optim/optimizer.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using lrlab::ParamBlock;
using lrlab::UpdateInspection;

// 80 moons samples, 60 for training, batches of 16: 4 updates per epoch. Epoch 1, step 2 is the
// run's 7th update, so every running average already holds several gradients. Two hidden layers
// give weight matrices wider than tall and taller than wide (Muon transposes one of them).
std::string settings_with(const std::string& optimizer) {
  return R"({"seed": 7, "problem": {"name": "moons", "samples": 80, "noise": 0.2, "val_fraction": 0.25},
    "model": {"hidden": [4, 3]}, "batch_size": 16, "epochs": 3, "optimizer": )" +
         optimizer + "}";
}
constexpr long kEpoch = 1;
constexpr long kStep = 2;
constexpr long kT = 7;

struct Case {
  const char* optimizer_json;
  // The rule, from the state before: fills the expected weights and state after.
  std::function<void(const UpdateInspection&, const lrlab::ParamValues&, double lr, VectorXd& w,
                     std::map<std::string, VectorXd>& state)>
      rule;
};

const VectorXd& part(const std::vector<lrlab::StateQuantity>& state, const std::string& name) {
  for (const lrlab::StateQuantity& q : state)
    if (q.name == name) return q.values;
  throw std::runtime_error("no state part " + name);
}

double rms(const VectorXd& x) {
  return std::sqrt(x.squaredNorm() / double(x.size()));
}

// Keras' decoupled weight decay, applied before the rule: w <- w - w * wd * lr.
void decay(VectorXd& w, double wd, double lr) {
  w -= w * wd * lr;
}

// Adam's alpha at update kT, from the rule's second line: lr * sqrt(1 - beta_2^t) / (1 - beta_1^t).
VectorXd adam_alpha(double lr, double b1, double b2) {
  return VectorXd::Constant(1, lr * std::sqrt(1 - std::pow(b2, kT)) / (1 - std::pow(b1, kT)));
}

// The Adam step Keras writes (also Muon's fallback for biases and the output layer).
void adam_on(Index from, Index count, const VectorXd& g, double rate, double b1, double b2,
             double eps, long t, VectorXd& w, VectorXd& m, VectorXd& v) {
  const double alpha = rate * std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
  for (Index i = from; i < from + count; ++i) {
    m[i] = b1 * m[i] + (1 - b1) * g[i];
    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
    w[i] -= alpha * m[i] / (std::sqrt(v[i]) + eps);
  }
}

// The block of the flat vector as W (units_out x units_in), column-major.
MatrixXd as_matrix(const VectorXd& x, const ParamBlock& b) {
  return Eigen::Map<const MatrixXd>(x.data() + b.offset, b.rows, b.cols);
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {R"({"name": "sgd", "learning_rate": 0.1})",
       [](auto& u, auto&, double lr, VectorXd& w, auto&) { w -= lr * u.gradients; }},
      {R"({"name": "sgd", "learning_rate": 0.1, "momentum": 0.9})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         VectorXd m = p.number("momentum") * part(u.state_before, "m") - lr * u.gradients;
         w += m;
         s["m"] = m;
       }},
      {R"({"name": "sgd", "learning_rate": 0.1, "momentum": 0.9, "nesterov": true})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         const double mu = p.number("momentum");
         VectorXd m = mu * part(u.state_before, "m") - lr * u.gradients;
         w += mu * m - lr * u.gradients;
         s["m"] = m;
       }},
      {R"({"name": "adagrad", "learning_rate": 0.1})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         VectorXd a = part(u.state_before, "a").array() + u.gradients.array().square();
         w.array() -= lr * u.gradients.array() / (a.array() + p.number("epsilon")).sqrt();
         s["a"] = a;
       }},
      {R"({"name": "adadelta", "learning_rate": 1})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         const double rho = p.number("rho"), eps = p.number("epsilon");
         const auto g = u.gradients.array();
         VectorXd eg = rho * part(u.state_before, "Eg").array() + (1 - rho) * g.square();
         VectorXd d =
             -(part(u.state_before, "Ed").array() + eps).sqrt() * g / (eg.array() + eps).sqrt();
         VectorXd ed = rho * part(u.state_before, "Ed").array() + (1 - rho) * d.array().square();
         w += lr * d;
         s["Eg"] = eg;
         s["Ed"] = ed;
         s["d"] = d;
       }},
      {R"({"name": "rmsprop", "learning_rate": 0.01})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         const double rho = p.number("rho");
         VectorXd v =
             rho * part(u.state_before, "v").array() + (1 - rho) * u.gradients.array().square();
         VectorXd den = v.array() + p.number("epsilon");
         VectorXd inc = lr * u.gradients.array() / den.array().sqrt();
         w -= inc;
         s["v"] = v;
         s["den"] = den;
         s["inc"] = inc;
       }},
      {R"({"name": "rmsprop", "learning_rate": 0.01, "centered": true, "momentum": 0.5})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         const double rho = p.number("rho");
         const auto g = u.gradients.array();
         VectorXd v = rho * part(u.state_before, "v").array() + (1 - rho) * g.square();
         VectorXd mg = rho * part(u.state_before, "mg").array() + (1 - rho) * g;
         VectorXd den = v.array() - mg.array().square() + p.number("epsilon");
         VectorXd inc = lr * g / den.array().sqrt();
         VectorXd m = p.number("momentum") * part(u.state_before, "m") + inc;
         w -= m;
         s["v"] = v;
         s["mg"] = mg;
         s["m"] = m;
         s["den"] = den;
         s["inc"] = inc;
       }},
      {R"({"name": "adam", "learning_rate": 0.01})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         VectorXd m = part(u.state_before, "m"), v = part(u.state_before, "v");
         adam_on(0, w.size(), u.gradients, lr, p.number("beta_1"), p.number("beta_2"),
                 p.number("epsilon"), kT, w, m, v);
         s["m"] = m;
         s["v"] = v;
         s["beta_1^t"] = VectorXd::Constant(1, std::pow(p.number("beta_1"), kT));
         s["beta_2^t"] = VectorXd::Constant(1, std::pow(p.number("beta_2"), kT));
         s["alpha"] = adam_alpha(lr, p.number("beta_1"), p.number("beta_2"));
       }},
      {R"({"name": "adam", "learning_rate": 0.01, "amsgrad": true})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         const double b1 = p.number("beta_1"), b2 = p.number("beta_2");
         const double alpha = lr * std::sqrt(1 - std::pow(b2, kT)) / (1 - std::pow(b1, kT));
         const auto g = u.gradients.array();
         VectorXd m = b1 * part(u.state_before, "m").array() + (1 - b1) * g;
         VectorXd v = b2 * part(u.state_before, "v").array() + (1 - b2) * g.square();
         VectorXd vmax = part(u.state_before, "vmax").cwiseMax(v);
         w.array() -= alpha * m.array() / (vmax.array().sqrt() + p.number("epsilon"));
         s["m"] = m;
         s["v"] = v;
         s["vmax"] = vmax;
         s["alpha"] = VectorXd::Constant(1, alpha);
       }},
      {R"({"name": "adamw", "learning_rate": 0.01, "weight_decay": 0.05})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         decay(w, p.number("weight_decay"), lr);
         VectorXd m = part(u.state_before, "m"), v = part(u.state_before, "v");
         adam_on(0, w.size(), u.gradients, lr, p.number("beta_1"), p.number("beta_2"),
                 p.number("epsilon"), kT, w, m, v);
         s["m"] = m;
         s["v"] = v;
         s["alpha"] = adam_alpha(lr, p.number("beta_1"), p.number("beta_2"));
       }},
      {R"({"name": "nadam", "learning_rate": 0.01})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         const double b1 = p.number("beta_1"), b2 = p.number("beta_2");
         const double u_t = b1 * (1 - 0.5 * std::pow(0.96, kT));
         const double u_next = b1 * (1 - 0.5 * std::pow(0.96, kT + 1));
         const double product = part(u.state_before, "P_t")[0] * u_t;
         const auto g = u.gradients.array();
         VectorXd m = b1 * part(u.state_before, "m").array() + (1 - b1) * g;
         VectorXd v = b2 * part(u.state_before, "v").array() + (1 - b2) * g.square();
         VectorXd m_hat =
             u_next * m.array() / (1 - product * u_next) + (1 - u_t) * g / (1 - product);
         VectorXd v_hat = v / (1 - std::pow(b2, kT));
         w.array() -= lr * m_hat.array() / (v_hat.array().sqrt() + p.number("epsilon"));
         s["m"] = m;
         s["v"] = v;
         s["P_t"] = VectorXd::Constant(1, product);
         s["u_t"] = VectorXd::Constant(1, u_t);
         s["u_next"] = VectorXd::Constant(1, u_next);
         s["m_hat"] = m_hat;
         s["v_hat"] = v_hat;
       }},
      {R"({"name": "adamax", "learning_rate": 0.01})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         const double b1 = p.number("beta_1"), b2 = p.number("beta_2");
         VectorXd m = b1 * part(u.state_before, "m").array() + (1 - b1) * u.gradients.array();
         VectorXd un = (b2 * part(u.state_before, "u")).cwiseMax(u.gradients.cwiseAbs());
         w.array() -=
             lr * m.array() / ((1 - std::pow(b1, kT)) * (un.array() + p.number("epsilon")));
         s["m"] = m;
         s["u"] = un;
       }},
      {R"({"name": "lion", "learning_rate": 0.001, "weight_decay": 0.05})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         const double b1 = p.number("beta_1"), b2 = p.number("beta_2");
         decay(w, p.number("weight_decay"), lr);
         const VectorXd& m = part(u.state_before, "m");
         VectorXd mix = b1 * m + (1 - b1) * u.gradients;
         w -= lr * mix.unaryExpr([](double x) { return double((x > 0) - (x < 0)); });
         s["m"] = b2 * m + (1 - b2) * u.gradients;
       }},
      {R"({"name": "ftrl", "learning_rate": 0.1, "l1_regularization_strength": 0.001,
           "l2_regularization_strength": 0.01, "l2_shrinkage_regularization_strength": 0.01,
           "beta": 0.1})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         const double power = -p.number("learning_rate_power");
         const double l1 = p.number("l1_regularization_strength");
         const double l2 = p.number("l2_regularization_strength") + p.number("beta") / (2 * lr);
         const double shrink = p.number("l2_shrinkage_regularization_strength");
         const VectorXd& n = part(u.state_before, "n");
         VectorXd z = part(u.state_before, "z");
         VectorXd n_new = n.array() + u.gradients.array().square();
         for (Index i = 0; i < w.size(); ++i) {
           const double g = u.gradients[i] + 2 * shrink * w[i];
           z[i] += g - (std::pow(n_new[i], power) - std::pow(n[i], power)) / lr * w[i];
           const double q = std::pow(n_new[i], power) / lr + 2 * l2;
           w[i] = (std::clamp(z[i], -l1, l1) - z[i]) / q;
         }
         s["n"] = n_new;
         s["z"] = z;
       }},
      {R"({"name": "lamb", "learning_rate": 0.01, "weight_decay": 0.05})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         const double b1 = p.number("beta_1"), b2 = p.number("beta_2");
         decay(w, p.number("weight_decay"), lr);
         const auto g = u.gradients.array();
         VectorXd m = b1 * part(u.state_before, "m").array() + (1 - b1) * g;
         VectorXd v = b2 * part(u.state_before, "v").array() + (1 - b2) * g.square();
         VectorXd step = (m / (1 - std::pow(b1, kT))).array() /
                         ((v / (1 - std::pow(b2, kT))).array().sqrt() + p.number("epsilon"));
         VectorXd ratios(w.size());
         for (const ParamBlock& b : u.layout) {  // the trust ratio is per Keras variable
           const double w_norm = w.segment(b.offset, b.size()).norm();
           const double s_norm = step.segment(b.offset, b.size()).norm();
           const double r = w_norm > 0 && s_norm > 0 ? w_norm / s_norm : 1;
           w.segment(b.offset, b.size()) -= r * lr * step.segment(b.offset, b.size());
           ratios.segment(b.offset, b.size()).setConstant(r);
         }
         s["m"] = m;
         s["v"] = v;
         s["u"] = step;
         s["r"] = ratios;
       }},
      {R"({"name": "adafactor", "learning_rate": 0.01, "weight_decay": 0.05})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         decay(w, p.number("weight_decay"), lr);
         const double rho = std::min(lr, 1 / std::sqrt(double(kT)));
         const double b = 1 - std::pow(double(kT), p.number("beta_2_decay"));
         const VectorXd& factors = part(u.state_before, "r, c");
         VectorXd factors_after = factors;
         VectorXd v_all = part(u.state_before, "v");
         Index at = 0;  // r then c of each matrix in turn
         for (const ParamBlock& blk : u.layout) {
           const VectorXd wb = w.segment(blk.offset, blk.size());
           const double alpha = std::max(p.number("epsilon_2"), rms(wb)) * rho;
           MatrixXd G = as_matrix(u.gradients, blk).array().square() + p.number("epsilon_1");
           MatrixXd v(blk.rows, blk.cols);
           if (blk.matrix) {
             // Keras' kernel is W^T: its rows are W's columns. r: one per kernel row (mean over
             // its last axis), c: one per kernel column.
             VectorXd r =
                 b * factors.segment(at, blk.cols) + (1 - b) * G.colwise().mean().transpose();
             VectorXd c =
                 b * factors.segment(at + blk.cols, blk.rows) + (1 - b) * G.rowwise().mean();
             for (Index k = 0; k < blk.cols; ++k)
               for (Index j = 0; j < blk.rows; ++j) v(j, k) = r[k] / r.mean() * c[j];
             factors_after.segment(at, blk.cols) = r;
             factors_after.segment(at + blk.cols, blk.rows) = c;
             at += blk.cols + blk.rows;
           } else {
             v = b * as_matrix(v_all, blk) + (1 - b) * G;
           }
           v_all.segment(blk.offset, blk.size()) = Eigen::Map<VectorXd>(v.data(), v.size());
           const MatrixXd ratio = as_matrix(u.gradients, blk).array() / v.array().sqrt();
           VectorXd step = Eigen::Map<const VectorXd>(ratio.data(), ratio.size());
           step /= std::max(1.0, rms(step) / p.number("clip_threshold"));
           w.segment(blk.offset, blk.size()) -= alpha * step;
         }
         s["v"] = v_all;
         s["r, c"] = factors_after;
       }},
      {R"({"name": "muon", "learning_rate": 0.01, "weight_decay": 0.05, "adam_weight_decay": 0.02})",
       [](auto& u, auto& p, double lr, VectorXd& w, auto& s) {
         VectorXd m = part(u.state_before, "m"), v = part(u.state_before, "v");
         for (const ParamBlock& blk : u.layout) {
           if (!blk.matrix || blk.output_layer) {  // Keras' Adam fallback
             w.segment(blk.offset, blk.size()) -=
                 w.segment(blk.offset, blk.size()) * p.number("adam_weight_decay") * lr;
             adam_on(blk.offset, blk.size(), u.gradients, lr * p.number("adam_lr_ratio"),
                     p.number("adam_beta_1"), p.number("adam_beta_2"), p.number("epsilon"), kT, w,
                     m, v);
             continue;
           }
           const double mu = p.number("momentum");
           w.segment(blk.offset, blk.size()) -=
               w.segment(blk.offset, blk.size()) * p.number("weight_decay") * lr;
           m.segment(blk.offset, blk.size()) =
               mu * m.segment(blk.offset, blk.size()) + u.gradients.segment(blk.offset, blk.size());
           VectorXd d = p.flag("nesterov") ? VectorXd(u.gradients.segment(blk.offset, blk.size()) +
                                                      mu * m.segment(blk.offset, blk.size()))
                                           : VectorXd(m.segment(blk.offset, blk.size()));
           const MatrixXd D = Eigen::Map<MatrixXd>(d.data(), blk.rows, blk.cols);  // W's shape
           // Keras orthogonalises its kernel D^T, transposed when it has more rows than columns.
           const MatrixXd kernel = D.transpose();
           const bool transposed = kernel.rows() > kernel.cols();
           MatrixXd X = transposed ? MatrixXd(kernel.transpose()) : kernel;
           X /= X.norm() + 1e-7;
           for (int i = 0; i < int(p.number("ns_steps")); ++i) {
             const MatrixXd A = X * X.transpose();
             X = p.number("muon_a") * X + (p.number("muon_b") * A + p.number("muon_c") * A * A) * X;
           }
           const MatrixXd update_kernel = transposed ? MatrixXd(X.transpose()) : X;
           const MatrixXd update_w = update_kernel.transpose();
           const double rate =
               lr * std::sqrt(double(std::max(blk.rows, blk.cols))) * p.number("rms_rate");
           w.segment(blk.offset, blk.size()) -=
               rate * Eigen::Map<const VectorXd>(update_w.data(), update_w.size());
         }
         s["m"] = m;
         s["v"] = v;
       }},
      {R"({"name": "schedule_free_adamw", "learning_rate": 0.01, "weight_decay": 0.05,
           "warmup_steps": 10})",
       [](auto& u, auto& p, double lr, VectorXd& y, auto& s) {
         const double b1 = p.number("beta_1"), b2 = p.number("beta_2");
         decay(y, p.number("weight_decay"), lr);
         const double lr_t = lr * std::min(double(kT) / p.number("warmup_steps"), 1.0);
         const auto g = u.gradients.array();
         VectorXd v = b2 * part(u.state_before, "v").array() + (1 - b2) * g.square();
         const VectorXd& z_old = part(u.state_before, "z");
         VectorXd x_old = (y - (1 - b1) * z_old) / b1;
         VectorXd z =
             z_old.array() -
             lr_t * g / ((v / (1 - std::pow(b2, kT))).array().sqrt() + p.number("epsilon"));
         VectorXd x = (1 - 1.0 / kT) * x_old + z / double(kT);
         y = (1 - b1) * z + b1 * x;
         s["v"] = v;
         s["z"] = z;
         s["lr_t"] = VectorXd::Constant(1, lr_t);
         s["x_old"] = x_old;
         s["x"] = x;
       }},
      {R"({"name": "schedule_free_sgd", "learning_rate": 0.1, "weight_decay": 0.05,
           "warmup_steps": 10})",
       [](auto& u, auto& p, double lr, VectorXd& y, auto& s) {
         const double b1 = p.number("beta_1");
         const double lr_t = lr * std::min(double(kT) / p.number("warmup_steps"), 1.0);
         const double sum = part(u.state_before, "S")[0] + lr_t * lr_t;
         const double c = lr_t * lr_t / sum;
         VectorXd g = u.gradients + p.number("weight_decay") * y;
         VectorXd z = part(u.state_before, "z") - lr_t * g;
         VectorXd x = (1 - c) * part(u.state_before, "x") + c * z;
         y = (1 - b1) * z + b1 * x;
         s["z"] = z;
         s["x"] = x;
         s["S"] = VectorXd::Constant(1, sum);
         s["lr_t"] = VectorXd::Constant(1, lr_t);
         s["c"] = VectorXd::Constant(1, c);
         s["g'"] = g;
       }},
  };
  return all;
}

// |actual - expected| small against the size of the change the rule made.
void expect_close(const VectorXd& actual, const VectorXd& expected, const VectorXd& before,
                  const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  const double scale = (expected - before).cwiseAbs().maxCoeff();
  const double tolerance = 1e-9 * scale + 1e-14 * (1 + expected.cwiseAbs().maxCoeff());
  for (Index i = 0; i < actual.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], tolerance) << what << "[" << i << "]";
}

TEST(UpdateInspection, EveryOptimizerStepsAsKerasRuleSays) {
  std::set<std::string> covered;
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.optimizer_json);
    const lrlab::Settings settings = lrlab::parse_settings(settings_with(c.optimizer_json));
    const UpdateInspection u = lrlab::inspect_update(settings, nullptr, kEpoch, kStep, -1);
    EXPECT_EQ(u.update, kT);
    EXPECT_EQ(u.optimizer, settings.optimizer.name);
    VectorXd w = u.weights_before;
    std::map<std::string, VectorXd> state;
    c.rule(u, settings.optimizer.params, u.learning_rate, w, state);
    // A power counter ("beta_1^t", "0.96^t") is its base to the update's count.
    for (const lrlab::InspectedQuantity& q : u.state) {
      const std::string& name = q.name;
      if (state.count(name) || name.size() < 3 || name.compare(name.size() - 2, 2, "^t") != 0)
        continue;
      const std::string base = name.substr(0, name.size() - 2);
      // Muon names its Adam part's settings adam_beta_1, adam_beta_2.
      const auto& numbers = settings.optimizer.params.numbers;
      const double b = std::isdigit(static_cast<unsigned char>(base[0])) ? std::stod(base)
                       : numbers.count(base)                             ? numbers.at(base)
                                             : numbers.at("adam_" + base);
      state[name] = VectorXd::Constant(1, std::pow(b, kT));
    }
    expect_close(u.weights_after, w, u.weights_before, "w");
    ASSERT_GT((u.weights_after - u.weights_before).cwiseAbs().maxCoeff(), 0) << "a step was taken";
    for (const auto& [name, expected] : state)
      expect_close(part(u.state_after, name), expected, part(u.state_before, name), name);
    // Every value the panel shows of this update is one the rule above computed.
    for (const lrlab::InspectedQuantity& q : u.state)
      EXPECT_EQ(state.count(q.name), 1u) << q.name << " is shown but not checked against the rule";
    covered.insert(settings.optimizer.name);
  }
  std::set<std::string> all;
  for (const lrlab::OptimizerInfo& info : lrlab::optimizer_registry()) all.insert(info.name);
  EXPECT_EQ(covered, all) << "every optimizer of the registry has its rule checked";
}

// Adam's alpha is a value of the update itself (lr with both bias corrections, the rule's second
// line): shown with the value this update used and no "before", the same for every parameter.
TEST(UpdateInspection, AValueOfTheUpdateIsShownOnceWithNoBefore) {
  const lrlab::Settings settings =
      lrlab::parse_settings(settings_with(R"({"name": "adam", "learning_rate": 0.01})"));
  const UpdateInspection u = lrlab::inspect_update(settings, nullptr, kEpoch, kStep, -1);
  const auto alpha =
      std::find_if(u.state.begin(), u.state.end(),
                   [](const lrlab::InspectedQuantity& q) { return q.name == "alpha"; });
  ASSERT_NE(alpha, u.state.end());
  EXPECT_TRUE(alpha->of_update);
  EXPECT_TRUE(alpha->shared);
  EXPECT_TRUE(std::isnan(alpha->before));
  const double b1 = settings.optimizer.params.number("beta_1");
  const double b2 = settings.optimizer.params.number("beta_2");
  EXPECT_NEAR(alpha->after, adam_alpha(u.learning_rate, b1, b2)[0], 1e-15);
  for (const lrlab::InspectedQuantity& q : u.state)
    if (q.name != "alpha") EXPECT_FALSE(q.of_update) << q.name;
}

TEST(UpdateInspection, TheParameterShownIsTheOneThatMovedMostUnlessOneIsChosen) {
  const lrlab::Settings settings =
      lrlab::parse_settings(settings_with(R"({"name": "adam", "learning_rate": 0.01})"));
  const UpdateInspection u = lrlab::inspect_update(settings, nullptr, kEpoch, kStep, -1);
  const VectorXd moves = (u.weights_after - u.weights_before).cwiseAbs();
  Index largest = 0;
  moves.maxCoeff(&largest);
  EXPECT_EQ(u.parameter, largest);
  EXPECT_EQ(u.gradient, u.gradients[largest]);
  EXPECT_EQ(u.weight_before, u.weights_before[largest]);
  EXPECT_EQ(u.weight_after, u.weights_after[largest]);
  const UpdateInspection chosen = lrlab::inspect_update(settings, nullptr, kEpoch, kStep, 3);
  EXPECT_EQ(chosen.parameter, 3);
  EXPECT_EQ(chosen.largest, largest) << "the one that moved most is said beside the chosen one";
  // Layer 1's W is 4 x 2 (units out x in), column-major: index 3 is row 3, column 0.
  EXPECT_EQ(chosen.parameter_name, "layer 1 W[3, 0]");
  EXPECT_EQ(lrlab::parameter_name(chosen.layout, 8), "layer 1 b[0]");
  EXPECT_EQ(lrlab::parameter_name(chosen.layout, 12), "layer 2 W[0, 0]");
  // The state at the parameter is the whole state's entry there; shared parts are one value; a
  // value of the update itself has no before.
  for (const lrlab::InspectedQuantity& q : chosen.state) {
    const Index at = q.shared ? 0 : 3;
    if (q.of_update)
      EXPECT_TRUE(std::isnan(q.before)) << q.name;
    else
      EXPECT_EQ(q.before, part(chosen.state_before, q.name)[at]) << q.name;
    EXPECT_EQ(q.after, part(chosen.state_after, q.name)[at]) << q.name;
  }
  ASSERT_EQ(chosen.state.size(), 5u);  // m, v, beta_1^t, beta_2^t, alpha
}

TEST(UpdateInspection, TheSameUpdateAsTheRunTook) {
  // Replaying gives the run's own bits: the weights after the inspected update are the weights
  // of a run stepped there by hand.
  const lrlab::Settings settings =
      lrlab::parse_settings(settings_with(R"({"name": "rmsprop", "learning_rate": 0.01})"));
  lrlab::Trainer trainer(settings);
  for (long i = 0; i < kT; ++i) trainer.step();
  const UpdateInspection u = lrlab::inspect_update(settings, nullptr, kEpoch, kStep, -1);
  for (Index i = 0; i < u.weights_after.size(); ++i)
    EXPECT_EQ(u.weights_after[i], trainer.parameters()[i]) << i;
}

TEST(UpdateInspection, ABlockIsEachPositionInspectedOnItsOwn) {
  // The cursor's blocks: updates 6 to 12 from one replay, each what inspecting its own position
  // alone gives (its own replay).
  const lrlab::Settings settings =
      lrlab::parse_settings(settings_with(R"({"name": "adam", "learning_rate": 0.01})"));
  const std::vector<UpdateInspection> block = lrlab::inspect_updates(settings, nullptr, 1, 1, 7, 5);
  ASSERT_EQ(block.size(), 7u);
  for (std::size_t k = 0; k < block.size(); ++k) {
    const long t = 6 + static_cast<long>(k);
    const UpdateInspection alone =
        lrlab::inspect_update(settings, nullptr, (t - 1) / 4, (t - 1) % 4, 5);
    EXPECT_EQ(block[k].update, t);
    EXPECT_EQ(block[k].epoch, alone.epoch);
    EXPECT_EQ(block[k].step, alone.step);
    EXPECT_EQ(block[k].parameter, 5);
    EXPECT_EQ(block[k].largest, alone.largest);
    EXPECT_EQ(block[k].learning_rate, alone.learning_rate);
    EXPECT_EQ(block[k].gradient, alone.gradient);
    EXPECT_EQ(block[k].weight_before, alone.weight_before);
    EXPECT_EQ(block[k].weight_after, alone.weight_after);
    ASSERT_EQ(block[k].state.size(), alone.state.size());
    for (std::size_t q = 0; q < alone.state.size(); ++q) {
      EXPECT_EQ(block[k].state[q].of_update, alone.state[q].of_update) << alone.state[q].name;
      if (!alone.state[q].of_update)  // else NaN in both
        EXPECT_EQ(block[k].state[q].before, alone.state[q].before) << alone.state[q].name;
      EXPECT_EQ(block[k].state[q].after, alone.state[q].after) << alone.state[q].name;
    }
    EXPECT_EQ(block[k].rule, alone.rule);
  }
  // -1 picks each update's own largest step.
  for (const UpdateInspection& u : lrlab::inspect_updates(settings, nullptr, 0, 0, 12, -1))
    EXPECT_EQ(u.parameter, u.largest);
  EXPECT_THROW(lrlab::inspect_updates(settings, nullptr, 0, 0, 0, -1), lrlab::Error);
  // A run that stopped: the block ends with its last update taken. Squared error at rate 100
  // blows up within the first epochs; the updates a block from its start holds are those taken.
  const lrlab::Settings wild = lrlab::parse_settings(R"({"seed": 7,
      "problem": {"name": "sine", "samples": 80, "noise": 0.1}, "batch_size": 16, "epochs": 3,
      "optimizer": {"name": "sgd", "learning_rate": 100}})");
  lrlab::Trainer stopped(wild);
  while (stopped.step()) {
  }
  const std::vector<UpdateInspection> cut = lrlab::inspect_updates(wild, nullptr, 0, 0, 50, -1);
  EXPECT_EQ(static_cast<long>(cut.size()), stopped.updates());
  EXPECT_EQ(cut.back().update, stopped.updates());
}

TEST(UpdateInspection, PositionsOutsideTheRunAreRefusedInWords) {
  const lrlab::Settings settings =
      lrlab::parse_settings(settings_with(R"({"name": "sgd", "learning_rate": 0.1})"));
  EXPECT_THROW(lrlab::inspect_update(settings, nullptr, 0, 4, -1), lrlab::Error);  // 4 per epoch
  EXPECT_THROW(lrlab::inspect_update(settings, nullptr, -1, 0, -1), lrlab::Error);
  EXPECT_THROW(lrlab::inspect_update(settings, nullptr, 0, 0, 1000), lrlab::Error);
  // Squared error at rate 100: the weights blow up within an epoch, and the run stops there.
  const lrlab::Settings wild = lrlab::parse_settings(R"({"seed": 7,
      "problem": {"name": "sine", "samples": 80, "noise": 0.1}, "batch_size": 16, "epochs": 3,
      "optimizer": {"name": "sgd", "learning_rate": 100}})");
  try {
    lrlab::inspect_update(wild, nullptr, 2, 0, -1);
    FAIL() << "a diverged run's later update was inspected";
  } catch (const lrlab::Error& e) {
    EXPECT_NE(std::string(e.what()).find("was never taken"), std::string::npos) << e.what();
  }
}

// The rule box shows the lines the run's settings use, not every variant (Keras 3's SGD, Adam and
// RMSprop documentation: momentum 0 is plain SGD and nesterov needs momentum; amsgrad divides by
// the largest v so far; centered RMSprop subtracts the squared mean gradient).
std::vector<std::string> rule_of(const std::string& optimizer_json) {
  const lrlab::Settings settings = lrlab::parse_settings(settings_with(optimizer_json));
  return lrlab::inspect_update(settings, nullptr, kEpoch, kStep, -1).rule;
}

TEST(UpdateInspection, TheRuleShowsOnlyTheLinesTheSettingsUse) {
  using Lines = std::vector<std::string>;
  EXPECT_EQ(rule_of(R"({"name": "sgd", "learning_rate": 0.1})"), Lines{"w = w - lr * g"});
  // nesterov without momentum is plain SGD, as in Keras.
  EXPECT_EQ(rule_of(R"({"name": "sgd", "learning_rate": 0.1, "nesterov": true})"),
            Lines{"w = w - lr * g"});
  EXPECT_EQ(rule_of(R"({"name": "sgd", "learning_rate": 0.1, "momentum": 0.9})"),
            (Lines{"m = momentum * m - lr * g", "w = w + m"}));
  EXPECT_EQ(rule_of(R"({"name": "sgd", "learning_rate": 0.1, "momentum": 0.9, "nesterov": true})"),
            (Lines{"m = momentum * m - lr * g", "w = w + momentum * m - lr * g"}));
  const Lines adam = rule_of(R"({"name": "adam", "learning_rate": 0.01})");
  const Lines amsgrad = rule_of(R"({"name": "adam", "learning_rate": 0.01, "amsgrad": true})");
  const auto has = [](const Lines& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };
  const auto mentions = [](const Lines& lines, const std::string& word) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(word) != std::string::npos; });
  };
  EXPECT_FALSE(mentions(adam, "vmax")) << "Adam without amsgrad keeps no vmax";
  EXPECT_TRUE(has(adam, "w = w - alpha * m / (sqrt(v) + epsilon)"));
  EXPECT_TRUE(has(amsgrad, "vmax = max(vmax, v)"));
  EXPECT_TRUE(has(amsgrad, "w = w - alpha * m / (sqrt(vmax) + epsilon)"));
  EXPECT_FALSE(has(amsgrad, "w = w - alpha * m / (sqrt(v) + epsilon)"));
  EXPECT_FALSE(mentions(rule_of(R"({"name": "adamw", "learning_rate": 0.01})"), "vmax"));
  const Lines rmsprop = rule_of(R"({"name": "rmsprop", "learning_rate": 0.01})");
  EXPECT_FALSE(mentions(rmsprop, "centered") || mentions(rmsprop, "mg") ||
               mentions(rmsprop, "momentum"));
  const Lines both =
      rule_of(R"({"name": "rmsprop", "learning_rate": 0.01, "centered": true, "momentum": 0.5})");
  EXPECT_TRUE(mentions(both, "mg^2"));
  EXPECT_TRUE(has(both, "m = momentum * m + inc;  w = w - m"));
  EXPECT_FALSE(has(both, "w = w - inc"));
}

}  // namespace
