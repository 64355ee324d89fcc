#pragma once
// The settings of the sharpness measurement (docs/spec-core.md#sharpness), self-described for the
// validator and the page: "sharpness": {"enabled": true, "every": 25, "iterations": 20,
// "tolerance": 0.01}.
#include <vector>

#include "core/param_spec.h"

namespace lrlab {

//   every       epochs between measurements (one is also taken at the initial weights)
//   iterations  Hessian-vector products one measurement may spend (twice that with a
//               preconditioner: P^-1 H is measured too)
//   tolerance   a measurement stops once |H x - lambda x| <= tolerance * |lambda|
const std::vector<ParamSpec>& sharpness_params();

}  // namespace lrlab
