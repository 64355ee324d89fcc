#include "core/curvature/hessian_product.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "core/activation.h"
#include "core/kernels.h"
#include "core/loss.h"

// Notation, layer l with input a (x for the first layer), z = W a + b, a' = f(z) for a hidden
// layer; the direction v holds V and c where the weights hold W and b. Then
//   R(z) = V a + W R(a) + c,                R(a') = f'(z) R(z)
//   R(dL/dz_out) = loss_curvature_product(z_out, R(z_out))
//   R(dL/dW) = R(delta) a^T + delta R(a)^T, R(dL/db) = row sums of R(delta)
//   delta_below = f'(z_below) (W^T delta)
//   R(delta_below) = f'(z_below) (W^T R(delta) + V^T delta) + f''(z_below) R(z_below) (W^T delta)
// and H v is R(gradient).

namespace lrlab {

namespace {

// out[k] += add[k], in index order.
void accumulate(double* out, const double* add, Eigen::Index count) noexcept {
  for (Eigen::Index k = 0; k < count; ++k) out[k] = out[k] + add[k];
}

}  // namespace

HessianProduct::HessianProduct(const ModelSpec& spec, Eigen::MatrixXd x, Eigen::MatrixXd y)
    : spec_(spec), x_(std::move(x)), y_(std::move(y)) {
  validate(spec);
  const Eigen::Index n = x_.cols();
  Eigen::Index in = spec.inputs, offset = 0, largest_block = 0, widest = 0;
  std::vector<int> widths = spec.hidden;
  widths.push_back(spec.outputs);
  for (int out : widths) {
    layers_.push_back(Layer{in, out, offset});
    offset += in * out + out;
    largest_block = std::max(largest_block, in * out);
    widest = std::max<Eigen::Index>(widest, out);
    in = out;
  }
  parameters_.setZero(offset);
  gradient_.setZero(offset);
  transposed_.setZero(largest_block);
  block_.setZero(largest_block);
  scratch_.setZero(widest, n);
  const std::size_t count = layers_.size();
  for (std::vector<Eigen::MatrixXd>* buffers : {&act_, &delta_, &back_, &rz_, &ra_, &rdelta_}) {
    for (std::size_t l = 0; l < count; ++l) {
      const bool hidden_only = buffers == &back_ || buffers == &ra_;
      const Eigen::Index rows = hidden_only && l + 1 == count ? 0 : layers_[l].out;
      buffers->emplace_back(Eigen::MatrixXd::Zero(rows, n));
    }
  }
}

double HessianProduct::prepare(const Eigen::Ref<const Eigen::VectorXd>& parameters) noexcept {
  const Eigen::Index n = x_.cols();
  if (n < 1 || parameters.size() != parameters_.size())
    return std::numeric_limits<double>::quiet_NaN();
  parameters_ = parameters;
  const int last = static_cast<int>(layers_.size()) - 1;
  const double* w = parameters_.data();
  for (int l = 0; l <= last; ++l) {
    const Layer& s = layers_[l];
    double* z = act_[l].data();
    kernels::product(w + s.offset, s.out, s.out, s.in, below(l), 1, s.in, n, z, s.out);
    kernels::add_to_columns(z, s.out, s.out, n, w + s.offset + s.in * s.out);
    if (l < last) activate(spec_.activation, act_[l]);
  }
  const double loss = loss_and_delta(spec_.loss, act_[last], y_, delta_[last]);
  for (int l = last; l >= 0; --l) {
    const Layer& s = layers_[l];
    double* grad_w = gradient_.data() + s.offset;
    kernels::product(delta_[l].data(), s.out, s.out, n, below(l), s.in, 1, s.in, grad_w, s.out);
    kernels::row_sums(delta_[l].data(), s.out, s.out, n, grad_w + s.in * s.out);
    if (l == 0) continue;
    kernels::transpose(w + s.offset, s.out, s.in, transposed_.data());
    kernels::product(transposed_.data(), s.in, s.in, s.out, delta_[l].data(), 1, s.out, n,
                     back_[l - 1].data(), s.in);
    const double* a = act_[l - 1].data();
    const double* back = back_[l - 1].data();
    double* delta = delta_[l - 1].data();
    for (Eigen::Index k = 0; k < s.in * n; ++k)
      delta[k] = back[k] * derivative_from_output(spec_.activation, a[k]);
  }
  return loss;
}

void HessianProduct::apply(const Eigen::Ref<const Eigen::VectorXd>& v,
                           Eigen::Ref<Eigen::VectorXd> out) noexcept {
  const Eigen::Index n = x_.cols();
  const int last = static_cast<int>(layers_.size()) - 1;
  const double* w = parameters_.data();
  const Activation f = spec_.activation;
  // Forward: the directional derivative of every layer's z.
  for (int l = 0; l <= last; ++l) {
    const Layer& s = layers_[l];
    double* rz = rz_[l].data();
    kernels::product(v.data() + s.offset, s.out, s.out, s.in, below(l), 1, s.in, n, rz, s.out);
    if (l > 0) {
      kernels::product(w + s.offset, s.out, s.out, s.in, ra_[l - 1].data(), 1, s.in, n,
                       scratch_.data(), s.out);
      accumulate(rz, scratch_.data(), s.out * n);
    }
    kernels::add_to_columns(rz, s.out, s.out, n, v.data() + s.offset + s.in * s.out);
    if (l < last) {
      const double* a = act_[l].data();
      double* ra = ra_[l].data();
      for (Eigen::Index k = 0; k < s.out * n; ++k) ra[k] = derivative_from_output(f, a[k]) * rz[k];
    }
  }
  loss_curvature_product(spec_.loss, act_[last], y_, rz_[last], rdelta_[last]);
  // Backward: the gradient's derivative along v.
  for (int l = last; l >= 0; --l) {
    const Layer& s = layers_[l];
    double* out_w = out.data() + s.offset;
    kernels::product(rdelta_[l].data(), s.out, s.out, n, below(l), s.in, 1, s.in, out_w, s.out);
    kernels::row_sums(rdelta_[l].data(), s.out, s.out, n, out_w + s.in * s.out);
    if (l == 0) continue;
    kernels::product(delta_[l].data(), s.out, s.out, n, ra_[l - 1].data(), s.in, 1, s.in,
                     block_.data(), s.out);
    accumulate(out_w, block_.data(), s.out * s.in);
    double* rdelta = rdelta_[l - 1].data();
    kernels::transpose(w + s.offset, s.out, s.in, transposed_.data());
    kernels::product(transposed_.data(), s.in, s.in, s.out, rdelta_[l].data(), 1, s.out, n, rdelta,
                     s.in);
    kernels::transpose(v.data() + s.offset, s.out, s.in, transposed_.data());
    kernels::product(transposed_.data(), s.in, s.in, s.out, delta_[l].data(), 1, s.out, n,
                     scratch_.data(), s.in);
    accumulate(rdelta, scratch_.data(), s.in * n);
    const double* a = act_[l - 1].data();
    const double* rz = rz_[l - 1].data();
    const double* back = back_[l - 1].data();
    for (Eigen::Index k = 0; k < s.in * n; ++k)
      rdelta[k] = derivative_from_output(f, a[k]) * rdelta[k] +
                  second_derivative_from_output(f, a[k]) * rz[k] * back[k];
  }
}

}  // namespace lrlab
