#include "core/schedule/run_length.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace lrlab {

namespace {

struct Fraction {
  const char* schedule;
  const char* param;
  std::vector<double> fractions;  // one for an integer parameter, one per element for a list
  double minimum = 0;             // beyond the parameter's own minimum
};

// See the header for why each fraction.
const std::vector<Fraction>& fractions() {
  static const std::vector<Fraction> table = {
      {"cosine", "decay_steps", {1.0}},
      {"polynomial", "decay_steps", {1.0}},
      {"one_cycle", "total_steps", {1.0}, 4},  // pct_start 0.3: both phases need length
      {"cosine_restarts", "first_decay_steps", {1.0 / 7}},
      {"cyclic", "step_size", {1.0 / 8}},
      {"step", "step_size", {1.0 / 3}},
      {"multistep", "milestones", {1.0 / 2, 3.0 / 4}},
      {"piecewise", "boundaries", {1.0 / 3, 2.0 / 3}},
      {"exponential", "decay_steps", {1.0 / 20}},
      {"inverse_time", "decay_steps", {1.0 / 10}},
      {"linear_warmup", "total_iters", {1.0 / 10}},
      {"constant_lr", "total_iters", {1.0 / 10}},
      {"linear_lr", "total_iters", {1.0 / 2}},
      {"wsd", "total_steps", {1.0}},
  };
  return table;
}

const ParamSpec* spec_of(const ScheduleInfo& info, const std::string& param) {
  for (const ParamSpec& spec : info.params)
    if (spec.name == param) return &spec;
  return nullptr;
}

}  // namespace

long run_positions(long epochs, long steps_per_epoch, Granularity granularity) {
  const long e = std::max(epochs, 1L);
  return granularity == Granularity::Step ? e * std::max(steps_per_epoch, 1L) : e;
}

ParamValues run_length_defaults(const std::string& name, long positions) {
  const ScheduleInfo& info = find_schedule(name);  // throws for an unknown name
  const double n = static_cast<double>(std::max(positions, 1L));
  ParamValues out;
  for (const Fraction& f : fractions()) {
    if (info.name != f.schedule) continue;
    const ParamSpec* spec = spec_of(info, f.param);
    if (!spec) continue;
    const double low = std::max(f.minimum, spec->kind == ParamKind::NumberList ? 0 : spec->min);
    std::vector<double> values;
    for (double fraction : f.fractions) {
      double v = std::max(low, std::round(fraction * n));
      if (!values.empty()) v = std::max(v, values.back() + 1);  // strictly increasing
      values.push_back(std::min(v, spec->max));
    }
    if (spec->kind == ParamKind::NumberList)
      out.lists[spec->name] = values;
    else
      out.numbers[spec->name] = values.front();
  }
  return out;
}

}  // namespace lrlab
