#pragma once
// Hyperparameter descriptions shared by several optimizers, so that every "epsilon" or "beta_1"
// control has the same range and wording wherever it appears.
#include <string>

#include "core/param_spec.h"

namespace lrlab {

// A decay or averaging factor in [0, 1): at 1 the running average would never move.
ParamSpec fraction_param(const char* name, double default_value, const char* meaning);

// A number >= 0 with no upper bound (initial accumulator, weight decay).
ParamSpec non_negative_param(const char* name, double default_value, const char* meaning);

// A true/false switch stored as 0/1.
ParamSpec flag_param(const char* name, bool default_value, const char* meaning);

// Decoupled weight decay as Keras' base optimizer applies it before the rule's own step:
// w -= w * weight_decay * lr. Keras' default is None (no decay): 0 here.
ParamSpec weight_decay_param(double default_value);

// The small constant that keeps a division by a root of an accumulator finite: > 0, log slider.
ParamSpec epsilon_param(double default_value = 1e-7);

}  // namespace lrlab
