// Adafactor (Shazeer & Stern 2018; Keras 3 rules, docs/spec-optimizers.md#the-update-rules).
// Adam-like scaling by a second moment, stored for each weight matrix as one running mean per
// row and one per column, with the step's size set relative to the weights' own size:
//   w   -= w * weight_decay * lr                  (decoupled decay first, default 0)
//   rho  = min(lr, 1 / sqrt(t));  alpha = max(epsilon_2, rms(w)) * rho   (rms over the variable)
//   G    = g^2 + epsilon_1;  b = 1 - t^beta_2_decay   (b = 0 at t = 1: the first v is G)
//   matrix: r = b*r + (1-b) * mean of G over each column of W (Keras' kernel rows: one per input)
//           c = b*c + (1-b) * mean of G over each row of W (one per output unit)
//           v = r / mean(r) * c                   (outer product: v(j, k) = r_k / mean(r) * c_j)
//   vector (bias): v = b*v + (1-b) * G
//   u    = g / sqrt(v);  w -= alpha * u / max(1, rms(u) / clip_threshold)
// Keras' kernel is units_in x units_out, stored row-major: the same numbers in the same order as
// lrlab's W (units_out x units_in, column-major), so its row means are means over W's columns.
// Keras' relative_step is not a parameter: rho takes the minimum with 1 / sqrt(t) either way
// (docs/semantics.md#optimizers).
//
// Effective step size: alpha / (sqrt(v) * max(1, rms(u) / clip_threshold)), the rate applied to g.
#include <algorithm>
#include <cmath>
#include <memory>

#include "core/detmath.h"
#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"
#include "core/schedule/params.h"

namespace lrlab {
namespace {

class Adafactor final : public Optimizer {
 public:
  Adafactor(double beta_2_decay, double epsilon_1, double epsilon_2, double clip_threshold,
            double weight_decay)
      : decay_(beta_2_decay),
        epsilon_1_(epsilon_1),
        epsilon_2_(epsilon_2),
        clip_(clip_threshold),
        weight_decay_(weight_decay) {}

  void reset_state(Eigen::Index n) override {
    Eigen::Index factors = 0;
    for (const ParamBlock& block : layout_) factors += block.matrix ? block.rows + block.cols : 0;
    factors_ = Eigen::VectorXd::Zero(factors);
    v_ = Eigen::VectorXd::Zero(n);
    effective_ = Eigen::VectorXd::Zero(n);
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    const double t = static_cast<double>(t_);
    const double rho = std::min(lr, 1 / std::sqrt(t));
    const double b = 1 - dm::pow(t, decay_);
    Eigen::Index factor = 0;  // where this matrix's r (then c) starts in factors_
    for (const ParamBlock& block : layout_) {
      const Eigen::Index begin = block.offset, end = block.offset + block.size();
      double w_squares = 0;
      for (Eigen::Index i = begin; i < end; ++i) {
        if (weight_decay_ != 0) w[i] -= w[i] * weight_decay_ * lr;
        w_squares += w[i] * w[i];
      }
      const double count = static_cast<double>(block.size());
      const double alpha = std::max(epsilon_2_, std::sqrt(w_squares / count)) * rho;
      if (block.matrix) {
        second_moment_of_matrix(block, g, b, factor);
        factor += block.rows + block.cols;
      } else {
        for (Eigen::Index i = begin; i < end; ++i)
          v_[i] = b * v_[i] + (1 - b) * (g[i] * g[i] + epsilon_1_);
      }
      double u_squares = 0;
      for (Eigen::Index i = begin; i < end; ++i) {
        const double u = g[i] / std::sqrt(v_[i]);
        u_squares += u * u;
      }
      const double clip = std::max(1.0, std::sqrt(u_squares / count) / clip_);
      for (Eigen::Index i = begin; i < end; ++i) {
        const double rate = alpha / (std::sqrt(v_[i]) * clip);
        w[i] -= rate * g[i];
        effective_[i] = rate;
      }
    }
  }

  std::vector<StateQuantity> state() const override {
    return {per_parameter("v", v_, "second moment (a matrix's: from its row and column means)"),
            {"r, c", StateQuantity::Kind::Other, factors_,
             "per weight matrix: r (one per column of W), then c (one per row)"}};
  }

 private:
  // Updates the matrix's r (one per column of W) and c (one per row) from factors_[at], then
  // writes v = r / mean(r) * c into v_ over the block.
  void second_moment_of_matrix(const ParamBlock& block, const Eigen::Ref<const Eigen::VectorXd>& g,
                               double b, Eigen::Index at) noexcept {
    const Eigen::Index rows = block.rows, cols = block.cols;
    double* r = factors_.data() + at;
    double* c = r + cols;
    const double* grad = g.data() + block.offset;
    double r_sum = 0;
    for (Eigen::Index k = 0; k < cols; ++k) {
      double sum = 0;
      for (Eigen::Index j = 0; j < rows; ++j) {
        const double x = grad[j + k * rows];
        sum += x * x + epsilon_1_;
      }
      r[k] = b * r[k] + (1 - b) * (sum / static_cast<double>(rows));
      r_sum += r[k];
    }
    for (Eigen::Index j = 0; j < rows; ++j) {
      double sum = 0;
      for (Eigen::Index k = 0; k < cols; ++k) {
        const double x = grad[j + k * rows];
        sum += x * x + epsilon_1_;
      }
      c[j] = b * c[j] + (1 - b) * (sum / static_cast<double>(cols));
    }
    const double r_mean = r_sum / static_cast<double>(cols);
    double* v = v_.data() + block.offset;
    for (Eigen::Index k = 0; k < cols; ++k)
      for (Eigen::Index j = 0; j < rows; ++j) v[j + k * rows] = r[k] / r_mean * c[j];
  }

  double decay_;
  double epsilon_1_;
  double epsilon_2_;
  double clip_;
  double weight_decay_;
  Eigen::VectorXd factors_;  // per matrix: r (cols entries), then c (rows entries)
  Eigen::VectorXd v_;        // second moment: kept for vectors, rebuilt from r, c for matrices
};

std::unique_ptr<Optimizer> make_adafactor(const ParamValues& values) {
  return std::make_unique<Adafactor>(values.number("beta_2_decay"), values.number("epsilon_1"),
                                     values.number("epsilon_2"), values.number("clip_threshold"),
                                     values.number("weight_decay"));
}

}  // namespace

OptimizerInfo adafactor_optimizer_info() {
  ParamSpec epsilon_1 = epsilon_param(1e-30);
  epsilon_1.name = "epsilon_1";
  epsilon_1.meaning = "small constant added to every squared gradient";
  ParamSpec epsilon_2 = non_negative_param(
      "epsilon_2", 1e-3,
      "smallest weight size the step is relative to (weights near 0 still move)");
  epsilon_2.log_scale = true;
  ParamSpec clip = non_negative_param(
      "clip_threshold", 1.0, "largest root mean square of the scaled step before it is shrunk");
  clip.min_inclusive = false;
  return {"adafactor",
          "Adafactor",
          "A step relative to the size of the weights, scaled by a second moment stored per row "
          "and per column of each weight matrix, with the step's overall size capped.",
          {params::number("beta_2_decay", -0.8, -10, 0,
                          "how fast the second moment's memory grows: b = 1 - t^beta_2_decay"),
           epsilon_1, epsilon_2, clip, weight_decay_param(0)},
          0.001,
          &make_adafactor,
          {"keras.optimizers.Adafactor",
           {{"learning_rate", "{lr0}"},
            {"beta_2_decay", "{beta_2_decay}"},
            {"epsilon_1", "{epsilon_1}"},
            {"epsilon_2", "{epsilon_2}"},
            {"clip_threshold", "{clip_threshold}"},
            {"weight_decay", "{weight_decay}", "weight_decay"}}},
          {"torch.optim.Adafactor",
           {{"", "model.parameters()"},
            {"lr", "{lr0}"},
            {"beta2_decay", "{beta_2_decay}"},
            {"eps", "({epsilon_1}, {epsilon_2})"},
            {"d", "{clip_threshold}"},
            {"weight_decay", "{weight_decay}"}},
           {{"PyTorch (2.5 and later) keeps epsilon_1 as a floor under the row mean and under v"},
            {"instead of adding it to g^2, sizes the step by the weights before the decay, and"},
            {"refuses d (clip_threshold) below 1."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> adafactor_rule() {
  return {"w = w - w * weight_decay * lr",
          "rho = min(lr, 1 / sqrt(t));  alpha = max(epsilon_2, rms(w)) * rho",
          "G = g^2 + epsilon_1;  b = 1 - t^beta_2_decay",
          "matrix: r = b * r + (1 - b) * column means of G;  c = b * c + (1 - b) * row means of G; "
          " v = r / mean(r) * c",
          "vector: v = b * v + (1 - b) * G",
          "u = g / sqrt(v);  w = w - alpha * u / max(1, rms(u) / clip_threshold)"};
}

}  // namespace lrlab
