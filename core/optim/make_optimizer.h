#pragma once
// From a name and user-given values to a ready optimizer, with every check in one place. The
// JSON door reads the keys listed in OptimizerInfo::params into a ParamValues and calls these, so
// no list of optimizers or hyperparameters exists outside the registry.
#include <memory>
#include <string>

#include "core/optim/optimizer.h"
#include "core/param_spec.h"

namespace lrlab {

// Throws Error naming optimizer.learning_rate unless lr is a finite number > 0 and <= 1e6 (the
// settings door's bound).
void check_learning_rate(double lr);

// Returns `given` completed with the Keras default of every key it lacks, after checking each
// given value against its spec. Throws Error naming "optimizer.<key>" with the value and the
// allowed range, or for a key this optimizer does not have.
ParamValues validate_optimizer_params(const OptimizerInfo& info, const ParamValues& given);

// find_optimizer, then validate_optimizer_params, then info.make. State is created later, by
// reset(n).
std::unique_ptr<Optimizer> make_optimizer(const std::string& name,
                                          const ParamValues& given = ParamValues());

}  // namespace lrlab
