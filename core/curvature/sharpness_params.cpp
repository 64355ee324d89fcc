#include "core/curvature/sharpness_params.h"

#include "core/schedule/params.h"

namespace lrlab {

// Defaults: the page's cadence, chosen so that measuring costs at most a quarter of training time
// on the default view (docs/performance.md#sharpness). A residual of
// 1% of the eigenvalue leaves the eigenvalue itself far closer (its error is about the residual
// squared over the gap to the next eigenvalue).
const std::vector<ParamSpec>& sharpness_params() {
  static const std::vector<ParamSpec> specs = {
      params::integer("every", 25, 1, 100000,
                      "epochs between measurements of the sharpness (also one at the start)"),
      params::integer("iterations", 20, 1, 200,
                      "Hessian-vector products one measurement may spend, at most"),
      params::number("tolerance", 1e-2, 0, 1,
                     "stop once the top eigenvector's residual is this share of its eigenvalue",
                     false, true, true),
  };
  return specs;
}

}  // namespace lrlab
