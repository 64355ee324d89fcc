// piecewise constant: lr(s) = values[0] for s <= boundaries[0], values[i] for
// boundaries[i-1] < s <= boundaries[i], values[n] for s > boundaries[n-1]
// (Keras PiecewiseConstantDecay). The values are absolute rates, as in Keras: lr0 is not used, so
// like the tutorial preset this schedule overrides ReduceLROnPlateau cuts.
#include <vector>

#include "core/error.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

class Piecewise : public Schedule {
 public:
  Piecewise(std::vector<double> boundaries, std::vector<double> values)
      : boundaries_(std::move(boundaries)), values_(std::move(values)) {}

  double rate(const ScheduleInput& in) const override {
    const double s = static_cast<double>(in.position());
    size_t i = 0;
    while (i < boundaries_.size() && s > boundaries_[i]) ++i;
    return values_[i];
  }

 private:
  std::vector<double> boundaries_;
  std::vector<double> values_;
};

std::vector<ParamSpec> piecewise_params() {
  ParamSpec values = params::list("values", {0.01, 0.005, 0.001}, 0, 10,
                                  "rates: values[i] while s <= boundaries[i], then the last one");
  values.min_inclusive = false;
  return {params::list("boundaries", {10, 20}, 0, 1e9,
                       "last position of each rate but the final one (strictly increasing)"),
          values};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  const ParamValues v = params::resolve(piecewise_params(), given, "schedule");
  const std::vector<double>& boundaries = v.list("boundaries");
  const std::vector<double>& values = v.list("values");
  params::require_increasing(boundaries, "schedule.boundaries");
  if (values.size() != boundaries.size() + 1)
    fail_field("schedule.values", std::to_string(values.size()) + " values",
               "must be one more than the " + std::to_string(boundaries.size()) + " boundaries");
  return std::make_unique<Piecewise>(boundaries, values);
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  const std::vector<double>& values = v.list("values");
  ParamValues w = v;
  w.lists["leading"] = {values.begin(), values.end() - 1};
  w.numbers["last"] = values.back();
  return fill_lines({{"for boundary, value in zip({boundaries:tuple}, {leading:tuple}):"},
                     {"    if {s} <= boundary:"},
                     {"        return value"},
                     {"return {last}"}},
                    piecewise_params(), w, n);
}

}  // namespace

ScheduleInfo piecewise_schedule() {
  return {"piecewise",
          "Piecewise constant",
          "values[i] while s <= boundaries[i], the last value after the last boundary",
          piecewise_params(),
          Granularity::Epoch,
          make,
          rate_absolute,
          python_body,
          {"keras.optimizers.schedules.PiecewiseConstantDecay",
           {{"boundaries", "[{boundaries:int}]"}, {"values", "[{values}]"}}},
          {}};
}

}  // namespace lrlab
