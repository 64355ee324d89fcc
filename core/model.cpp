#include "core/model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.h"
#include "core/kernels.h"

// The products go through core/kernels.h: each entry is one dot product summed in index order (the
// order Eigen's lazyProduct used before, so the numbers are the same), with neighbouring entries in
// SIMD lanes. The sums therefore happen in the same order natively and in wasm (with
// -ffp-contract=off, set by CMake), and nothing is allocated.

namespace lrlab {

const std::vector<std::string>& init_names() {
  static const std::vector<std::string> names = {"glorot", "he"};
  return names;
}

const char* init_name(Init init) {
  return init == Init::He ? "he" : "glorot";
}

Init parse_init(const std::string& name, const std::string& field) {
  if (name == "glorot") return Init::Glorot;
  if (name == "he") return Init::He;
  fail_field(field, "\"" + name + "\"", "must be one of: glorot he");
}

void validate(const ModelSpec& spec) {
  constexpr int kMaxFeatures = 4096;
  const std::string range = "must be an integer >= 1 and <= " + std::to_string(kMaxFeatures);
  if (spec.inputs < 1 || spec.inputs > kMaxFeatures) fail_field("model.inputs", spec.inputs, range);
  if (spec.outputs < 1 || spec.outputs > kMaxFeatures)
    fail_field("model.outputs", spec.outputs, range);
  if (spec.hidden.size() > static_cast<std::size_t>(kMaxHiddenLayers))
    fail_field("model.hidden", std::to_string(spec.hidden.size()) + " layers",
               "must be 0 to " + std::to_string(kMaxHiddenLayers) + " hidden layers");
  for (std::size_t i = 0; i < spec.hidden.size(); ++i) {
    if (spec.hidden[i] < 1 || spec.hidden[i] > kMaxUnits)
      fail_field("model.hidden[" + std::to_string(i) + "]", spec.hidden[i],
                 "must be an integer >= 1 and <= " + std::to_string(kMaxUnits));
  }
  if (spec.loss == LossKind::SoftmaxCrossEntropy && spec.outputs < 2)
    fail_field("model.loss", "\"softmax_ce\"",
               "softmax cross-entropy needs at least 2 outputs; use bce or mse for 1 output");
}

ModelSpec make_model_spec(const std::vector<int>& hidden, const std::string& activation,
                          const std::string& init, const std::string& loss,
                          const ProblemShape& shape) {
  ModelSpec spec;
  spec.inputs = shape.inputs;
  spec.outputs = shape.outputs;
  spec.hidden = hidden;
  spec.activation = parse_activation(activation);
  if (init == "auto") {
    spec.init = spec.activation == Activation::Relu ? Init::He : Init::Glorot;
  } else if (init == "glorot" || init == "he") {
    spec.init = parse_init(init);
  } else {
    fail_field("model.init", "\"" + init + "\"", "must be one of: auto glorot he");
  }
  if (loss == "auto") {
    spec.loss = default_loss(shape.task);
  } else if (loss == "mse" || loss == "bce" || loss == "softmax_ce") {
    spec.loss = parse_loss(loss);
  } else {
    fail_field("model.loss", "\"" + loss + "\"", "must be one of: auto mse bce softmax_ce");
  }
  validate(spec);
  return spec;
}

Mlp::Mlp(const ModelSpec& spec, Eigen::Index max_batch, Rng& rng)
    : spec_(spec), max_batch_(max_batch) {
  validate(spec);
  if (max_batch < 1) fail_field("batch_size", static_cast<double>(max_batch), "must be >= 1");
  Eigen::Index in = spec.inputs, offset = 0;
  std::vector<int> widths = spec.hidden;
  widths.push_back(spec.outputs);
  for (int out : widths) {
    layers_.push_back(Layer{in, out, offset});
    offset += in * out + out;
    in = out;
  }
  parameters_.setZero(offset);
  gradient_.setZero(offset);
  Eigen::Index largest = 0;
  for (const Layer& layer : layers_) largest = std::max(largest, layer.in * layer.out);
  transposed_.setZero(largest);
  for (const Layer& layer : layers_) {
    act_.emplace_back(Eigen::MatrixXd::Zero(layer.out, max_batch));
    delta_.emplace_back(Eigen::MatrixXd::Zero(layer.out, max_batch));
  }
  initialize(rng);
}

void Mlp::initialize(Rng& rng) {
  for (int l = 0; l < layer_count(); ++l) {
    const double fan_in = static_cast<double>(layers_[l].in);
    const double fan_out = static_cast<double>(layers_[l].out);
    auto w = weights(l);
    // Column-major order, one draw per statement: the same stream on every compiler.
    if (spec_.init == Init::Glorot) {
      const double limit = std::sqrt(6.0 / (fan_in + fan_out));
      for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = rng.uniform(-limit, limit);
    } else {
      const double stddev = std::sqrt(2.0 / fan_in);
      for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = stddev * rng.normal();
    }
    biases(l).setZero();
  }
  gradient_.setZero();
}

ParamLayout Mlp::layout() const {
  ParamLayout layout;
  for (const Layer& s : layers_) {
    const bool output = &s == &layers_.back();
    layout.push_back(ParamBlock{s.offset, s.out, s.in, true, output});
    layout.push_back(ParamBlock{s.offset + s.in * s.out, s.out, 1, false, output});
  }
  return layout;
}

Eigen::Map<Eigen::MatrixXd> Mlp::weights(int l) {
  const Layer& s = layers_[l];
  return {parameters_.data() + s.offset, s.out, s.in};
}
Eigen::Map<const Eigen::MatrixXd> Mlp::weights(int l) const {
  const Layer& s = layers_[l];
  return {parameters_.data() + s.offset, s.out, s.in};
}
Eigen::Map<Eigen::VectorXd> Mlp::biases(int l) {
  const Layer& s = layers_[l];
  return {parameters_.data() + s.offset + s.in * s.out, s.out};
}
Eigen::Map<const Eigen::VectorXd> Mlp::biases(int l) const {
  const Layer& s = layers_[l];
  return {parameters_.data() + s.offset + s.in * s.out, s.out};
}

void Mlp::forward(const Eigen::Ref<const Eigen::MatrixXd>& x) noexcept {
  const Eigen::Index n = x.cols();
  const int last = layer_count() - 1;
  const double* input = x.data();
  Eigen::Index input_stride = x.outerStride();
  for (int l = 0; l <= last; ++l) {
    const Layer& s = layers_[l];
    double* z = act_[l].data();  // s.out x max_batch: leftCols(n) is contiguous
    // z = W a: lhs W (out x in), rhs a (in x n).
    kernels::product(parameters_.data() + s.offset, s.out, s.out, s.in, input, 1, input_stride,
                     n, z, s.out);
    kernels::add_to_columns(z, s.out, s.out, n, parameters_.data() + s.offset + s.in * s.out);
    if (l < last) activate(spec_.activation, act_[l].leftCols(n));
    input = z;
    input_stride = s.out;
  }
}

long Mlp::last_batch_correct(const Eigen::Ref<const Eigen::MatrixXd>& y) const noexcept {
  return count_correct(spec_.loss, act_[layer_count() - 1].leftCols(y.cols()), y);
}

double Mlp::loss_and_gradient(const Eigen::Ref<const Eigen::MatrixXd>& x,
                              const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept {
  const Eigen::Index n = x.cols();
  if (n < 1 || n > max_batch_ || y.cols() != n) return std::numeric_limits<double>::quiet_NaN();
  forward(x);
  const int last = layer_count() - 1;
  const double loss =
      loss_and_delta(spec_.loss, act_[last].leftCols(n), y, delta_[last].leftCols(n));
  for (int l = last; l >= 0; --l) {
    const Layer& s = layers_[l];
    const double* delta = delta_[l].data();  // s.out x n, contiguous
    const double* below_act = l == 0 ? x.data() : act_[l - 1].data();
    const Eigen::Index below_stride = l == 0 ? x.outerStride() : s.in;
    double* grad_w = gradient_.data() + s.offset;
    // dW = delta a^T: lhs delta (out x n), rhs(j, k) = a(k, j).
    kernels::product(delta, s.out, s.out, n, below_act, below_stride, 1, s.in, grad_w, s.out);
    kernels::row_sums(delta, s.out, s.out, n, grad_w + s.in * s.out);
    if (l > 0) {
      // delta below = W^T delta, from a contiguous copy of W^T so the kernel's lanes run down
      // its columns.
      kernels::transpose(parameters_.data() + s.offset, s.out, s.in, transposed_.data());
      kernels::product(transposed_.data(), s.in, s.in, s.out, delta, 1, s.out, n,
                       delta_[l - 1].data(), s.in);
      scale_by_derivative(spec_.activation, act_[l - 1].leftCols(n), delta_[l - 1].leftCols(n));
    }
  }
  return loss;
}

Mlp::Evaluation Mlp::evaluate(const Eigen::Ref<const Eigen::MatrixXd>& x,
                              const Eigen::Ref<const Eigen::MatrixXd>& y, bool with_loss,
                              bool with_accuracy) noexcept {
  const Eigen::Index total = x.cols();
  if (total == 0) return {0, 0};
  const int last = layer_count() - 1;
  double sum = 0;
  long correct = 0;
  for (Eigen::Index begin = 0; begin < total; begin += max_batch_) {
    const Eigen::Index n = std::min(max_batch_, total - begin);
    forward(x.middleCols(begin, n));
    if (with_loss) sum += loss_sum(spec_.loss, act_[last].leftCols(n), y.middleCols(begin, n));
    if (with_accuracy)
      correct += count_correct(spec_.loss, act_[last].leftCols(n), y.middleCols(begin, n));
  }
  return {sum / static_cast<double>(total),
          static_cast<double>(correct) / static_cast<double>(total)};
}

double Mlp::loss(const Eigen::Ref<const Eigen::MatrixXd>& x,
                 const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept {
  return evaluate(x, y, true, false).loss;
}

double Mlp::accuracy(const Eigen::Ref<const Eigen::MatrixXd>& x,
                     const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept {
  return evaluate(x, y, false, true).accuracy;
}

Mlp::Evaluation Mlp::loss_and_accuracy(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                       const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept {
  return evaluate(x, y, true, true);
}

void Mlp::predict(const Eigen::Ref<const Eigen::MatrixXd>& x,
                  Eigen::Ref<Eigen::MatrixXd> out) noexcept {
  const Eigen::Index total = x.cols();
  const int last = layer_count() - 1;
  for (Eigen::Index begin = 0; begin < total; begin += max_batch_) {
    const Eigen::Index n = std::min(max_batch_, total - begin);
    forward(x.middleCols(begin, n));
    output_transform(spec_.loss, act_[last].leftCols(n), out.middleCols(begin, n));
  }
}

}  // namespace lrlab
