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

}  // namespace lrlab
