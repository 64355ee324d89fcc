#pragma once
// Hidden-layer activations. Each derivative is written in terms of the activation's output a, so
// the forward pass can overwrite z with a and the backward pass needs nothing else.
#include <Eigen/Core>
#include <string>
#include <vector>

namespace lrlab {

enum class Activation { Tanh, Relu, Sigmoid, Linear };

// Names used in settings: "tanh", "relu", "sigmoid", "linear" (in that order).
const std::vector<std::string>& activation_names();
const char* activation_name(Activation activation);
// Throws Error naming `field` for an unknown name.
Activation parse_activation(const std::string& name, const std::string& field = "model.activation");

// a = f(z), in place.
void activate(Activation activation, Eigen::Ref<Eigen::MatrixXd> za) noexcept;
// delta *= f'(z), with f'(z) computed from a = f(z).
void scale_by_derivative(Activation activation, const Eigen::Ref<const Eigen::MatrixXd>& a,
                         Eigen::Ref<Eigen::MatrixXd> delta) noexcept;

// f'(z) and f''(z) from a = f(z), one value at a time: the Hessian-vector product
// (core/curvature/hessian_product.h) needs the second derivative as well. relu's is 0 everywhere it
// exists (and taken as 0 at the kink, like its slope there).
inline double derivative_from_output(Activation activation, double a) noexcept {
  switch (activation) {
    case Activation::Tanh:
      return 1 - a * a;
    case Activation::Relu:
      return a > 0 ? 1.0 : 0.0;
    case Activation::Sigmoid:
      return a * (1 - a);
    case Activation::Linear:
      return 1;
  }
  return 1;
}
inline double second_derivative_from_output(Activation activation, double a) noexcept {
  switch (activation) {
    case Activation::Tanh:  // d/dz (1 - a^2) = -2 a (1 - a^2)
      return -2 * a * (1 - a * a);
    case Activation::Sigmoid:  // d/dz a (1 - a) = a (1 - a) (1 - 2a)
      return a * (1 - a) * (1 - 2 * a);
    case Activation::Relu:
    case Activation::Linear:
      return 0;
  }
  return 0;
}

}  // namespace lrlab
