// Muon, momentum orthogonalised by Newton-Schulz (Jordan et al. 2024, Liu et al. 2025; Keras 3
// rules, docs/spec-optimizers.md#the-update-rules). The hidden layers' weight matrices take the
// Muon step; every bias and the output layer's weights take Adam's (Keras' fallback for variables
// that are not matrices, and the exclusion its documentation asks for the output layer,
// docs/semantics.md#optimizers).
// Muon step, on a weight matrix G-shaped as Keras' kernel (units_in x units_out):
//   w -= w * weight_decay * lr
//   m += g + m * (momentum - 1)                    (m = momentum * m + g)
//   d  = nesterov ? g + momentum * m : m
//   X  = d, transposed if it has more rows than columns;  X /= (||X||_F + 1e-7)
//   ns_steps times: A = X X^T;  X = a X + (b A + c A A) X      (a, b, c = muon_a, muon_b, muon_c)
//   w -= lr * X (transposed back) * sqrt(max(units_in, units_out)) * rms_rate
// Adam step, for the rest, at the rate lr * adam_lr_ratio (the decay uses lr itself):
//   w -= w * adam_weight_decay * lr;  then Keras' Adam (docs/spec-optimizers.md): m, v, and
//   w -= alpha * m / (sqrt(v) + eps), alpha = lr * adam_lr_ratio * sqrt(1 - b2^t) / (1 - b1^t).
// Products are core/kernels.h's, summed in a fixed order, so native and wasm agree bit for bit.
//
// Effective step size: Adam's alpha / (sqrt(v) + eps) for the Adam variables; for a Muon matrix,
// lr * sqrt(max(units_in, units_out)) * rms_rate for each of its weights, the rate applied to the
// orthogonalised direction (a matrix whose singular values are all near 1). A Muon step is no
// multiple of the gradient: |delta w| / |g| would grow without bound as g -> 0.
#include <algorithm>
#include <cmath>
#include <memory>

#include "core/kernels.h"
#include "core/optim/optimizer.h"
#include "core/optim/optimizer_params.h"
#include "core/schedule/params.h"

namespace lrlab {
namespace {

struct MuonSettings {
  double beta_1, beta_2, adam_weight_decay, epsilon, weight_decay;
  double a, b, c, adam_lr_ratio, momentum;
  int ns_steps;
  bool nesterov;
  double rms_rate;
};

bool takes_muon_step(const ParamBlock& block) {
  return block.matrix && !block.output_layer;
}

class Muon final : public Optimizer {
 public:
  explicit Muon(const MuonSettings& s) : s_(s) {}

  void reset_state(Eigen::Index n) override {
    Eigen::Index largest = 0, largest_gram = 0;
    for (const ParamBlock& block : layout_) {
      if (!takes_muon_step(block)) continue;
      const Eigen::Index p = std::min(block.rows, block.cols);
      largest = std::max(largest, block.size());
      largest_gram = std::max(largest_gram, p * p);
    }
    x_ = Eigen::VectorXd::Zero(largest);
    next_ = Eigen::VectorXd::Zero(largest);
    gram_ = Eigen::VectorXd::Zero(largest_gram);
    gram_squared_ = Eigen::VectorXd::Zero(largest_gram);
    m_ = Eigen::VectorXd::Zero(n);
    v_ = Eigen::VectorXd::Zero(n);
    effective_ = Eigen::VectorXd::Zero(n);
    beta_1_power_ = 1;
    beta_2_power_ = 1;
  }

  void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
              double lr) noexcept override {
    ++t_;
    beta_1_power_ *= s_.beta_1;
    beta_2_power_ *= s_.beta_2;
    for (const ParamBlock& block : layout_) {
      if (takes_muon_step(block))
        muon_step(block, w, g, lr);
      else
        adam_step(block, w, g, lr);
    }
  }

  std::vector<StateQuantity> state() const override {
    return {per_parameter("m", m_, "Muon's momentum, or Adam's running mean of g"),
            per_parameter("v", v_, "Adam's running mean of g^2 (Adam variables only)"),
            shared_value("beta_1^t", beta_1_power_, "1 - beta_1^t corrects m's bias (Adam)"),
            shared_value("beta_2^t", beta_2_power_, "1 - beta_2^t corrects v's bias (Adam)")};
  }

 private:
  void adam_step(const ParamBlock& block, Eigen::Ref<Eigen::VectorXd> w,
                 const Eigen::Ref<const Eigen::VectorXd>& g, double lr) noexcept {
    const double alpha = lr * s_.adam_lr_ratio * std::sqrt(1 - beta_2_power_) / (1 - beta_1_power_);
    for (Eigen::Index i = block.offset; i < block.offset + block.size(); ++i) {
      if (s_.adam_weight_decay != 0) w[i] -= w[i] * s_.adam_weight_decay * lr;
      m_[i] += (g[i] - m_[i]) * (1 - s_.beta_1);
      v_[i] += (g[i] * g[i] - v_[i]) * (1 - s_.beta_2);
      const double den = std::sqrt(v_[i]) + s_.epsilon;
      w[i] -= m_[i] * alpha / den;
      effective_[i] = alpha / den;
    }
  }

  void muon_step(const ParamBlock& block, Eigen::Ref<Eigen::VectorXd> w,
                 const Eigen::Ref<const Eigen::VectorXd>& g, double lr) noexcept {
    const Eigen::Index begin = block.offset, count = block.size();
    // lrlab's W (rows = units_out, column-major) is Keras' kernel K (units_in x units_out,
    // row-major) transposed. Keras orthogonalises K, or K^T = W when units_in > units_out: X is
    // whichever has no more rows than columns, built column-major in x_ (p x q).
    const Eigen::Index out = block.rows, in = block.cols;
    const bool x_is_w = in > out;
    const Eigen::Index p = x_is_w ? out : in, q = x_is_w ? in : out;
    double* d = next_.data();  // the direction, in W's layout
    for (Eigen::Index i = 0; i < count; ++i) {
      const Eigen::Index k = begin + i;
      if (s_.weight_decay != 0) w[k] -= w[k] * s_.weight_decay * lr;
      m_[k] += g[k] + m_[k] * (s_.momentum - 1);
      d[i] = s_.nesterov ? g[k] + s_.momentum * m_[k] : m_[k];
    }
    double* x = x_.data();
    if (x_is_w)
      std::copy(d, d + count, x);
    else
      kernels::transpose(d, out, in, x);
    double squares = 0;
    for (Eigen::Index i = 0; i < count; ++i) squares += x[i] * x[i];
    const double scale = std::sqrt(squares) + 1e-7;
    for (Eigen::Index i = 0; i < count; ++i) x[i] /= scale;
    double* a = gram_.data();
    double* aa = gram_squared_.data();
    double* bx = next_.data();  // d is no longer needed
    for (int s = 0; s < s_.ns_steps; ++s) {
      kernels::product(x, p, p, q, x, p, 1, p, a, p);   // A = X X^T
      kernels::product(a, p, p, p, a, 1, p, p, aa, p);  // A A
      for (Eigen::Index i = 0; i < p * p; ++i) a[i] = s_.b * a[i] + s_.c * aa[i];
      kernels::product(a, p, p, p, x, 1, p, q, bx, p);  // (b A + c A A) X
      for (Eigen::Index i = 0; i < count; ++i) x[i] = s_.a * x[i] + bx[i];
    }
    const double rate = lr * std::sqrt(static_cast<double>(std::max(in, out))) * s_.rms_rate;
    for (Eigen::Index j = 0; j < out; ++j) {
      for (Eigen::Index i = 0; i < in; ++i) {
        const Eigen::Index k = begin + j + i * out;
        w[k] -= rate * (x_is_w ? x[j + i * out] : x[i + j * in]);
        effective_[k] = rate;
      }
    }
  }

  MuonSettings s_;
  double beta_1_power_ = 1;       // beta_1^t (Adam variables)
  double beta_2_power_ = 1;       // beta_2^t
  Eigen::VectorXd m_;             // Muon's momentum, or Adam's running mean of g
  Eigen::VectorXd v_;             // Adam's running mean of g^2 (unused for Muon variables)
  Eigen::VectorXd x_;             // scratch: X, p x q
  Eigen::VectorXd next_;          // scratch: the direction, then (b A + c A A) X
  Eigen::VectorXd gram_;          // scratch: A, then b A + c A A, p x p
  Eigen::VectorXd gram_squared_;  // scratch: A A
};

std::unique_ptr<Optimizer> make_muon(const ParamValues& v) {
  MuonSettings s{v.number("adam_beta_1"),
                 v.number("adam_beta_2"),
                 v.number("adam_weight_decay"),
                 v.number("epsilon"),
                 v.number("weight_decay"),
                 v.number("muon_a"),
                 v.number("muon_b"),
                 v.number("muon_c"),
                 v.number("adam_lr_ratio"),
                 v.number("momentum"),
                 static_cast<int>(v.number("ns_steps")),
                 v.flag("nesterov"),
                 v.number("rms_rate")};
  return std::make_unique<Muon>(s);
}

ParamSpec muon_weight_decay() {
  ParamSpec spec = weight_decay_param(0.004);
  spec.meaning = "weight decay of the hidden layers' weight matrices, times lr";
  return spec;
}

ParamSpec positive_param(const char* name, double default_value, const char* meaning) {
  ParamSpec spec = non_negative_param(name, default_value, meaning);
  spec.min_inclusive = false;
  return spec;
}

}  // namespace

OptimizerInfo muon_optimizer_info() {
  return {
      "muon",
      "Muon",
      "Steps each hidden layer's weight matrix along its momentum made orthogonal (every "
      "direction of the matrix moved by the same amount); biases and the output layer use Adam.",
      {fraction_param("adam_beta_1", 0.9, "Adam's decay of the running mean of gradients"),
       fraction_param("adam_beta_2", 0.999,
                      "Adam's decay of the running mean of squared gradients"),
       non_negative_param("adam_weight_decay", 0.004,
                          "weight decay of the Adam variables (biases, output layer), times lr"),
       epsilon_param(), muon_weight_decay(),
       params::number("muon_a", 3.4445, -10, 10, "Newton-Schulz coefficient of X"),
       params::number("muon_b", -4.775, -10, 10, "Newton-Schulz coefficient of (X X^T) X"),
       params::number("muon_c", 2.0315, -10, 10, "Newton-Schulz coefficient of (X X^T)^2 X"),
       positive_param("adam_lr_ratio", 1, "the Adam variables' rate as a multiple of lr"),
       fraction_param("momentum", 0.95, "momentum of the matrices' step"),
       params::integer("ns_steps", 5, 0, 20, "Newton-Schulz iterations per step"),
       flag_param("nesterov", true, "orthogonalise g + momentum * m instead of m"),
       positive_param("rms_rate", 0.2,
                      "step size per unit of sqrt(larger dimension), as Adam's (Moonlight)")},
      0.001,
      &make_muon,
      {"keras.optimizers.Muon",
       {{"learning_rate", "{lr0}"},
        {"adam_beta_1", "{adam_beta_1}"},
        {"adam_beta_2", "{adam_beta_2}"},
        {"adam_weight_decay", "{adam_weight_decay}"},
        {"epsilon", "{epsilon}"},
        {"weight_decay", "{weight_decay}"},
        {"exclude_layers", "[\"output\"]"},
        {"muon_a", "{muon_a}"},
        {"muon_b", "{muon_b}"},
        {"muon_c", "{muon_c}"},
        {"adam_lr_ratio", "{adam_lr_ratio}"},
        {"momentum", "{momentum}"},
        {"ns_steps", "{ns_steps}"},
        {"nesterov", "{nesterov}"},
        {"rms_rate", "{rms_rate}"}},
       {{"the output layer, named \"output\", takes Adam's step as in lrlab"}}},
      {"torch.optim.AdamW",
       {{"", "model.parameters()"},
        {"lr", "{lr0}"},
        {"betas", "({adam_beta_1}, {adam_beta_2})"},
        {"eps", "{epsilon}"},
        {"weight_decay", "{adam_weight_decay}"}},
       {{"torch.optim.Muon (PyTorch 2.9 and later) takes only 2-D weights and needs a second"},
        {"optimizer for the biases and the output layer (adjust_lr_fn=\"match_rms_adamw\" is"},
        {"Keras' rms_rate 0.2). This listing steps one optimizer: AdamW, lrlab's rule for the"},
        {"variables Muon leaves to Adam, used here for every weight."}}}};
}

// The rule as the page shows it beside an update's numbers (OptimizerInfo::rule).
std::vector<RuleLine> muon_rule() {
  return {"hidden weight matrices (Muon):",
          "  w = w - w * weight_decay * lr;  m = momentum * m + g;  d = nesterov ? g + momentum * "
          "m : m",
          "  X = d / (||d|| + 1e-7);  ns_steps times: A = X X^T;  X = a X + (b A + c A A) X",
          "  w = w - lr * X * sqrt(max(units_in, units_out)) * rms_rate",
          "biases and the output layer (Adam at lr * adam_lr_ratio):",
          "  m = m + (g - m) * (1 - beta_1);  v = v + (g^2 - v) * (1 - beta_2)",
          "  w = w - lr * adam_lr_ratio * sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + "
          "epsilon)"};
}

}  // namespace lrlab
