#include "core/activation.h"

#include "core/detmath.h"
#include "core/error.h"
#include "core/kernels.h"

namespace lrlab {

const std::vector<std::string>& activation_names() {
  static const std::vector<std::string> names = {"tanh", "relu", "sigmoid", "linear"};
  return names;
}

const char* activation_name(Activation activation) {
  switch (activation) {
    case Activation::Tanh:
      return "tanh";
    case Activation::Relu:
      return "relu";
    case Activation::Sigmoid:
      return "sigmoid";
    case Activation::Linear:
      return "linear";
  }
  return "linear";
}

Activation parse_activation(const std::string& name, const std::string& field) {
  if (name == "tanh") return Activation::Tanh;
  if (name == "relu") return Activation::Relu;
  if (name == "sigmoid") return Activation::Sigmoid;
  if (name == "linear") return Activation::Linear;
  fail_field(field, "\"" + name + "\"", "must be one of: tanh relu sigmoid linear");
}

void activate(Activation activation, Eigen::Ref<Eigen::MatrixXd> za) noexcept {
  const Eigen::Index rows = za.rows(), n = za.cols();
  switch (activation) {
    case Activation::Tanh:  // two lanes at a time, bit-identical to dm::tanh
      if (za.outerStride() == rows) {
        dm::tanh_array(za.data(), rows * n);
      } else {
        for (Eigen::Index j = 0; j < n; ++j) dm::tanh_array(&za(0, j), rows);
      }
      break;
    case Activation::Relu:
      for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) za(i, j) = za(i, j) > 0 ? za(i, j) : 0.0;
      break;
    case Activation::Sigmoid:
      for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) za(i, j) = dm::sigmoid(za(i, j));
      break;
    case Activation::Linear:
      break;
  }
}

void scale_by_derivative(Activation activation, const Eigen::Ref<const Eigen::MatrixXd>& a,
                         Eigen::Ref<Eigen::MatrixXd> delta) noexcept {
  const Eigen::Index rows = a.rows(), n = a.cols();
  switch (activation) {
    case Activation::Tanh:  // 1 - tanh^2
      if (a.outerStride() == rows && delta.outerStride() == rows) {
        kernels::scale_by_tanh_derivative(a.data(), delta.data(), rows * n);
      } else {
        for (Eigen::Index j = 0; j < n; ++j)
          for (Eigen::Index i = 0; i < rows; ++i) delta(i, j) *= 1 - a(i, j) * a(i, j);
      }
      break;
    case Activation::Relu:  // a > 0 exactly where z > 0 (the kink at 0 takes slope 0)
      for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < rows; ++i)
          if (!(a(i, j) > 0)) delta(i, j) = 0;
      break;
    case Activation::Sigmoid:  // s (1 - s)
      for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) delta(i, j) *= a(i, j) * (1 - a(i, j));
      break;
    case Activation::Linear:
      break;
  }
}

}  // namespace lrlab
