#include "core/optim/optimizer.h"

#include <utility>

namespace lrlab {

ParamLayout vector_layout(Eigen::Index n) {
  ParamBlock block;
  block.rows = n;
  return {block};
}

StateQuantity per_parameter(std::string name, const Eigen::VectorXd& values, std::string meaning) {
  return {std::move(name), StateQuantity::Kind::PerParameter, values, std::move(meaning)};
}

StateQuantity shared_value(std::string name, double value, std::string meaning) {
  return {std::move(name), StateQuantity::Kind::Shared, Eigen::VectorXd::Constant(1, value),
          std::move(meaning)};
}

StateQuantity of_last_update(StateQuantity quantity) {
  quantity.of_last_update = true;
  return quantity;
}

void Optimizer::reset(const ParamLayout& layout) {
  layout_ = layout;
  t_ = 0;
  Eigen::Index n = 0;
  for (const ParamBlock& block : layout_) n += block.size();
  reset_state(n);
}

}  // namespace lrlab
