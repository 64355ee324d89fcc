#include "core/optim/optimizer_params.h"

#include <limits>

#include "core/schedule/params.h"

namespace lrlab {

ParamSpec fraction_param(const char* name, double default_value, const char* meaning) {
  return params::number(name, default_value, 0, 1, meaning, true, false);
}

ParamSpec non_negative_param(const char* name, double default_value, const char* meaning) {
  return params::number(name, default_value, 0, std::numeric_limits<double>::infinity(), meaning,
                        true, false);
}

ParamSpec flag_param(const char* name, bool default_value, const char* meaning) {
  return params::boolean(name, default_value, meaning);
}

ParamSpec weight_decay_param(double default_value) {
  return non_negative_param("weight_decay", default_value,
                            "fraction of each weight removed per step, times the rate");
}

ParamSpec epsilon_param(double default_value) {
  ParamSpec spec = non_negative_param(
      "epsilon", default_value, "small constant added to the denominator so it is never zero");
  spec.min_inclusive = false;
  spec.log_scale = true;
  return spec;
}

}  // namespace lrlab
