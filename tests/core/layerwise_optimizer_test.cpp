// Lamb and Adafactor read whole variables (a layer's weight matrix, a bias vector): each is checked
// here against a second, plain implementation written from Keras 3's rules in Keras' own shapes
// (a kernel is units_in x units_out, row-major; docs/spec-optimizers.md), with std::pow for every
// power, over 60 steps of a fixed gradient sequence on the variables of a 2-3-1 network: from the
// first step (Adafactor's b = 0, Lamb's largest bias correction) on, through a stretch of zero
// gradient, rate changes, defaults and other hyperparameters. Also: the model's layout is what
// these rules are given.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/optim/make_optimizer.h"
#include "core/optim/optimizer.h"
#include "core/random.h"

namespace {

using lrlab::ParamValues;

// One Keras variable: a kernel (in x out, row-major) or a bias (out).
struct Var {
  int in = 1, out = 1;
  bool matrix = false;
  bool output = false;  // the output layer's kernel or bias
  std::size_t size() const { return static_cast<std::size_t>(matrix ? in * out : out); }
};

// The variables of a 2-3-1 network in lrlab's order, and their blocks (W is out x in there).
const std::vector<Var> kVars = {{2, 3, true}, {1, 3, false}, {3, 1, true}, {1, 1, false}};

lrlab::ParamLayout layout_of(const std::vector<Var>& vars) {
  lrlab::ParamLayout layout;
  Eigen::Index offset = 0;
  for (const Var& v : vars) {
    layout.push_back(lrlab::ParamBlock{offset, v.out, v.matrix ? v.in : 1, v.matrix, v.output});
    offset += static_cast<Eigen::Index>(v.size());
  }
  return layout;
}

using Values = std::vector<double>;  // one variable's numbers, in Keras' row-major order

double rms(const Values& x) {
  double s = 0;
  for (double e : x) s += e * e;
  return std::sqrt(s / static_cast<double>(x.size()));
}

double norm(const Values& x) {
  double s = 0;
  for (double e : x) s += e * e;
  return std::sqrt(s);
}

// ---- the reference rules, one variable at a time ----

struct LambRef {
  double b1, b2, eps, wd;
  Values m, v;
  void step(const Var&, Values& w, const Values& g, double lr, int t, Values& rate) {
    if (m.empty()) m.assign(w.size(), 0), v.assign(w.size(), 0);
    for (double& e : w) e = e - e * wd * lr;
    Values u(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
      m[i] = m[i] + (g[i] - m[i]) * (1 - b1);
      v[i] = v[i] + (g[i] * g[i] - v[i]) * (1 - b2);
      u[i] = (m[i] / (1 - std::pow(b1, t))) / (std::sqrt(v[i] / (1 - std::pow(b2, t))) + eps);
    }
    const double wn = norm(w), un = norm(u);
    const double ratio = wn > 0 && un > 0 ? wn / un : 1;
    for (std::size_t i = 0; i < w.size(); ++i) {
      w[i] -= ratio * lr * u[i];
      rate[i] = ratio * lr / (std::sqrt(v[i] / (1 - std::pow(b2, t))) + eps);
    }
  }
};

struct AdafactorRef {
  double decay, eps1, eps2, clip, wd;
  Values r, c, v;  // r: one per kernel row (input), c: one per kernel column (output)
  void step(const Var& var, Values& w, const Values& g, double lr, int t, Values& rate) {
    if (v.empty()) v.assign(w.size(), 0), r.assign(var.in, 0), c.assign(var.out, 0);
    for (double& e : w) e = e - e * wd * lr;
    const double rho = std::min(lr, 1 / std::sqrt(static_cast<double>(t)));
    const double alpha = std::max(eps2, rms(w)) * rho;
    const double b = 1 - std::pow(static_cast<double>(t), decay);
    Values sq(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) sq[i] = g[i] * g[i] + eps1;
    if (var.matrix) {
      for (int k = 0; k < var.in; ++k) {  // mean over the last axis (outputs)
        double s = 0;
        for (int j = 0; j < var.out; ++j) s += sq[k * var.out + j];
        r[k] = b * r[k] + (1 - b) * s / var.out;
      }
      for (int j = 0; j < var.out; ++j) {  // mean over the second-last axis (inputs)
        double s = 0;
        for (int k = 0; k < var.in; ++k) s += sq[k * var.out + j];
        c[j] = b * c[j] + (1 - b) * s / var.in;
      }
      double r_mean = 0;
      for (double e : r) r_mean += e / var.in;
      for (int k = 0; k < var.in; ++k)
        for (int j = 0; j < var.out; ++j) v[k * var.out + j] = r[k] / r_mean * c[j];
    } else {
      for (std::size_t i = 0; i < v.size(); ++i) v[i] = b * v[i] + (1 - b) * sq[i];
    }
    Values u(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) u[i] = g[i] / std::sqrt(v[i]);
    const double shrink = std::max(1.0, rms(u) / clip);
    for (std::size_t i = 0; i < w.size(); ++i) {
      w[i] -= alpha * u[i] / shrink;
      rate[i] = alpha / (std::sqrt(v[i]) * shrink);
    }
  }
};

using Matrix = std::vector<Values>;  // [row][column]

Matrix multiply(const Matrix& x, const Matrix& y) {
  Matrix out(x.size(), Values(y[0].size(), 0.0));
  for (std::size_t i = 0; i < x.size(); ++i)
    for (std::size_t j = 0; j < y[0].size(); ++j)
      for (std::size_t k = 0; k < y.size(); ++k) out[i][j] += x[i][k] * y[k][j];
  return out;
}

Matrix transposed(const Matrix& x) {
  Matrix out(x[0].size(), Values(x.size()));
  for (std::size_t i = 0; i < x.size(); ++i)
    for (std::size_t j = 0; j < x[0].size(); ++j) out[j][i] = x[i][j];
  return out;
}

// Keras' Muon: hidden kernels take the orthogonalised momentum step, the rest Adam's.
struct MuonRef {
  double b1, b2, adam_wd, eps, wd, a, b, c, ratio, mu;
  int steps;
  bool nesterov;
  double rms_rate;
  Values m, v;
  void step(const Var& var, Values& w, const Values& g, double lr, int t, Values& rate) {
    if (m.empty()) m.assign(w.size(), 0), v.assign(w.size(), 0);
    if (!var.matrix || var.output) {
      for (double& e : w) e = e - e * adam_wd * lr;
      const double alpha = lr * ratio * std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
      for (std::size_t i = 0; i < w.size(); ++i) {
        m[i] = m[i] + (g[i] - m[i]) * (1 - b1);
        v[i] = v[i] + (g[i] * g[i] - v[i]) * (1 - b2);
        w[i] -= m[i] * alpha / (std::sqrt(v[i]) + eps);
        rate[i] = alpha / (std::sqrt(v[i]) + eps);
      }
      return;
    }
    for (double& e : w) e = e - e * wd * lr;
    Matrix d(var.in, Values(var.out));  // Keras' kernel shape
    for (int k = 0; k < var.in; ++k) {
      for (int j = 0; j < var.out; ++j) {
        const std::size_t i = k * var.out + j;
        m[i] = mu * m[i] + g[i];
        d[k][j] = nesterov ? g[i] + mu * m[i] : m[i];
      }
    }
    const bool flip = var.in > var.out;
    Matrix x = flip ? transposed(d) : d;
    double squares = 0;
    for (const Values& row : x)
      for (double e : row) squares += e * e;
    for (Values& row : x)
      for (double& e : row) e /= std::sqrt(squares) + 1e-7;
    for (int s = 0; s < steps; ++s) {
      const Matrix gram = multiply(x, transposed(x));
      const Matrix gram2 = multiply(gram, gram);
      Matrix poly = gram;
      for (std::size_t i = 0; i < gram.size(); ++i)
        for (std::size_t j = 0; j < gram.size(); ++j) poly[i][j] = b * gram[i][j] + c * gram2[i][j];
      const Matrix px = multiply(poly, x);
      for (std::size_t i = 0; i < x.size(); ++i)
        for (std::size_t j = 0; j < x[0].size(); ++j) x[i][j] = a * x[i][j] + px[i][j];
    }
    if (flip) x = transposed(x);
    const double scale = std::sqrt(static_cast<double>(std::max(var.in, var.out))) * rms_rate;
    for (int k = 0; k < var.in; ++k) {
      for (int j = 0; j < var.out; ++j) {
        const std::size_t i = k * var.out + j;
        w[i] -= lr * x[k][j] * scale;
        rate[i] = lr * scale;
      }
    }
  }
};

// A fixed pseudo-random sequence in [-1, 1) (a 64-bit LCG).
struct Sequence {
  std::uint64_t state = 2024;
  double next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0 * 2 - 1;
  }
};

struct Scenario {
  std::vector<Values> grads;  // [step][flat index]
  std::vector<double> lrs;
  Values w0;
  explicit Scenario(int n) {
    Sequence s;
    for (int i = 0; i < n; ++i) w0.push_back(s.next());
    // The last three weights start at 0: the last variable's ||w|| = 0 at first (Lamb's ratio 1,
    // Adafactor's rms floor epsilon_2).
    for (int i = n - 3; i < n; ++i) w0[i] = 0;
    // Each weight its own scale; weights 3..5 (in the first kernel) see no gradient on steps
    // 10-19; the rate is 0.1, then 0.01, then 0.5.
    const double scales[13] = {1e-3, 1e-3, 1, 1, 1e3, 1e3, 1, 1, 1, 0.5, 2, 2, 10};
    for (int step = 0; step < 60; ++step) {
      Values g(n);
      for (int i = 0; i < n; ++i) g[i] = scales[i % 13] * (0.3 + s.next());
      if (step >= 10 && step < 20) g[3] = g[4] = g[5] = 0;
      grads.push_back(g);
      lrs.push_back(step < 20 ? 0.1 : step < 40 ? 0.01 : 0.5);
    }
  }
};

template <class Ref>
void expect_follows(const std::string& name, const ParamValues& values, Ref prototype,
                    const std::vector<Var>& vars = kVars, double tolerance = 1e-11) {
  int n = 0;
  for (const Var& var : vars) n += static_cast<int>(var.size());
  const Scenario sc(n);
  auto optimizer = lrlab::make_optimizer(name, values);
  optimizer->reset(layout_of(vars));
  Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXd>(sc.w0.data(), n);
  std::vector<Ref> refs(vars.size(), prototype);
  Values ref_w = sc.w0;
  for (std::size_t step = 0; step < sc.grads.size(); ++step) {
    optimizer->update(w, Eigen::Map<const Eigen::VectorXd>(sc.grads[step].data(), n), sc.lrs[step]);
    Values rate(n);
    std::size_t offset = 0;
    for (std::size_t v = 0; v < vars.size(); ++v) {
      const std::size_t n = vars[v].size();
      Values wv(ref_w.begin() + offset, ref_w.begin() + offset + n);
      const Values gv(sc.grads[step].begin() + offset, sc.grads[step].begin() + offset + n);
      Values rv(n);
      refs[v].step(vars[v], wv, gv, sc.lrs[step], static_cast<int>(step) + 1, rv);
      std::copy(wv.begin(), wv.end(), ref_w.begin() + offset);
      std::copy(rv.begin(), rv.end(), rate.begin() + offset);
      offset += n;
    }
    for (int i = 0; i < n; ++i) {
      ASSERT_NEAR(w[i], ref_w[i], tolerance * std::max(1.0, std::fabs(ref_w[i])))
          << name << ", step " << step + 1 << ", parameter " << i;
      ASSERT_NEAR(optimizer->effective_step_size()[i], rate[i], tolerance * rate[i])
          << name << " rate, step " << step + 1 << ", parameter " << i;
    }
  }
}

ParamValues with(std::vector<std::pair<std::string, double>> numbers) {
  ParamValues values;
  for (const auto& [key, value] : numbers) values.numbers[key] = value;
  return values;
}

TEST(LayerwiseReference, LambFollowsKerasRulePerVariable) {
  expect_follows("lamb", {}, LambRef{0.9, 0.999, 1e-7, 0, {}, {}});
  expect_follows(
      "lamb", with({{"beta_1", 0.5}, {"beta_2", 0.9}, {"epsilon", 1e-3}, {"weight_decay", 0.05}}),
      LambRef{0.5, 0.9, 1e-3, 0.05, {}, {}});
}

TEST(LayerwiseReference, AdafactorFollowsKerasRulePerVariable) {
  expect_follows("adafactor", {}, AdafactorRef{-0.8, 1e-30, 1e-3, 1.0, 0, {}, {}, {}});
  expect_follows("adafactor",
                 with({{"beta_2_decay", -0.65},
                       {"epsilon_1", 1e-15},
                       {"epsilon_2", 1e-4},
                       {"clip_threshold", 0.9},
                       {"weight_decay", 0.01}}),
                 AdafactorRef{-0.65, 1e-15, 1e-4, 0.9, 0.01, {}, {}, {}});
  // A loose clip threshold lets the unclipped steps through.
  expect_follows("adafactor", with({{"clip_threshold", 100}, {"beta_2_decay", -0.3}}),
                 AdafactorRef{-0.3, 1e-30, 1e-3, 100, 0, {}, {}, {}});
}

// 2 inputs, hidden layers of 3 and 2 units, 1 output: a kernel wider than tall (2 x 3 in Keras'
// shape), one taller than wide (3 x 2: transposed for the iteration), the output layer's 2 x 1
// (Adam's, as every bias). The iteration amplifies rounding: a looser tolerance.
TEST(LayerwiseReference, MuonFollowsKerasRulePerVariable) {
  const std::vector<Var> vars = {{2, 3, true},  {1, 3, false},      {3, 2, true},
                                 {1, 2, false}, {2, 1, true, true}, {1, 1, false, true}};
  expect_follows(
      "muon", {},
      MuonRef{
          0.9, 0.999, 0.004, 1e-7, 0.004, 3.4445, -4.775, 2.0315, 1, 0.95, 5, true, 0.2, {}, {}},
      vars, 1e-9);
  expect_follows(
      "muon",
      with({{"adam_beta_1", 0.5},
            {"adam_beta_2", 0.9},
            {"adam_weight_decay", 0},
            {"weight_decay", 0.1},
            {"adam_lr_ratio", 0.1},
            {"momentum", 0.5},
            {"ns_steps", 3},
            {"nesterov", 0},
            {"rms_rate", 1}}),
      MuonRef{0.5, 0.9, 0, 1e-7, 0.1, 3.4445, -4.775, 2.0315, 0.1, 0.5, 3, false, 1, {}, {}}, vars,
      1e-9);
}

TEST(LayerwiseReference, TheModelsLayoutTilesItsParametersAsKerasVariables) {
  lrlab::ModelSpec spec;
  spec.hidden = {3, 4};
  lrlab::Rng rng(1);
  lrlab::Mlp mlp(spec, 8, rng);
  const lrlab::ParamLayout layout = mlp.layout();
  ASSERT_EQ(layout.size(), 6u);
  Eigen::Index next = 0;
  for (int l = 0; l < mlp.layer_count(); ++l) {
    const lrlab::ParamBlock& w = layout[2 * l];
    const lrlab::ParamBlock& b = layout[2 * l + 1];
    EXPECT_TRUE(w.matrix);
    EXPECT_FALSE(b.matrix);
    EXPECT_EQ(w.offset, next);
    EXPECT_EQ(mlp.parameters().data() + w.offset, mlp.weights(l).data());
    EXPECT_EQ(w.rows, mlp.weights(l).rows());
    EXPECT_EQ(w.cols, mlp.weights(l).cols());
    EXPECT_EQ(mlp.parameters().data() + b.offset, mlp.biases(l).data());
    EXPECT_EQ(b.size(), mlp.biases(l).size());
    next = b.offset + b.size();
  }
  EXPECT_EQ(next, mlp.parameter_count());
}

TEST(LayerwiseReference, LambsRatioIsPerVariable) {
  // Two variables of different sizes given the same gradient: each step is lr x its own norm.
  auto lamb = lrlab::make_optimizer("lamb");
  lamb->reset(lrlab::ParamLayout{{0, 2, 1, false}, {2, 2, 1, false}});
  Eigen::VectorXd w(4), g(4);
  w << 3, 4, 30, 40;
  g << 1, 1, 1, 1;
  lamb->update(w, g, 0.1);
  // u = sign(g) (up to eps) for both, ||u|| = sqrt(2): steps 0.1 * 5 / sqrt(2) and 0.1 * 50 /
  // sqrt(2).
  EXPECT_NEAR(3 - w[0], 0.5 / std::sqrt(2.0), 1e-6);
  EXPECT_NEAR(30 - w[2], 5 / std::sqrt(2.0), 1e-5);
}

}  // namespace
