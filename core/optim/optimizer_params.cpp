#include "core/optim/optimizer_params.h"

#include <limits>

namespace lrlab {

ParamSpec fraction_param(const std::string& name, double default_value,
                         const std::string& meaning) {
  ParamSpec spec;
  spec.name = name;
  spec.kind = ParamKind::Number;
  spec.default_value = default_value;
  spec.min = 0;
  spec.max = 1;
  spec.max_inclusive = false;
  spec.meaning = meaning;
  return spec;
}

ParamSpec non_negative_param(const std::string& name, double default_value,
                             const std::string& meaning) {
  ParamSpec spec;
  spec.name = name;
  spec.kind = ParamKind::Number;
  spec.default_value = default_value;
  spec.min = 0;
  spec.max = std::numeric_limits<double>::infinity();
  spec.max_inclusive = false;
  spec.meaning = meaning;
  return spec;
}

ParamSpec flag_param(const std::string& name, bool default_value, const std::string& meaning) {
  ParamSpec spec;
  spec.name = name;
  spec.kind = ParamKind::Boolean;
  spec.default_value = default_value ? 1 : 0;
  spec.min = 0;
  spec.max = 1;
  spec.meaning = meaning;
  return spec;
}

ParamSpec epsilon_param(double default_value) {
  ParamSpec spec = non_negative_param(
      "epsilon", default_value, "small constant added to the denominator so it is never zero");
  spec.min_inclusive = false;
  spec.log_scale = true;
  return spec;
}

}  // namespace lrlab
