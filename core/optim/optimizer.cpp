#include "core/optim/optimizer.h"

namespace lrlab {

ParamLayout vector_layout(Eigen::Index n) {
  ParamBlock block;
  block.rows = n;
  return {block};
}

void Optimizer::reset(const ParamLayout& layout) {
  layout_ = layout;
  t_ = 0;
  Eigen::Index n = 0;
  for (const ParamBlock& block : layout_) n += block.size();
  reset_state(n);
}

}  // namespace lrlab
