// polynomial: lr(s) = (lr0 - end) * (1 - min(s, N) / N)^power + end, N = decay_steps
// (Keras PolynomialDecay without cycle). `end` is an absolute rate, so a curve from a small lr0
// may rise towards it; both ends are positive, so the rate always is.
#include <algorithm>

#include "core/detmath.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

class Polynomial : public Schedule {
 public:
  explicit Polynomial(const ParamValues& v)
      : decay_steps_(v.number("decay_steps")),
        end_(v.number("end_learning_rate")),
        power_(v.number("power")) {}

  double rate(const ScheduleInput& in) const override {
    const double s = std::min(static_cast<double>(in.position()), decay_steps_);
    return (in.lr0 - end_) * dm::pow(1 - s / decay_steps_, power_) + end_;
  }

 private:
  double decay_steps_;
  double end_;
  double power_;
};

std::vector<ParamSpec> polynomial_params() {
  return {params::integer("decay_steps", 1000, 1, 1e9, "N: positions to reach the end rate"),
          params::number("end_learning_rate", 1e-4, 0, 10, "rate from position N on", false, true,
                         true),
          params::number("power", 1, 0, 100, "curve shape: 1 is a straight line", false)};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  return std::make_unique<Polynomial>(params::resolve(polynomial_params(), given, "schedule"));
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines(
      {{"done = min({s}, {decay_steps}) / {decay_steps}"},
       {"return ({lr0} - {end_learning_rate}) * (1 - done) ** {power} + {end_learning_rate}"}},
      polynomial_params(), v, n);
}

}  // namespace

ScheduleInfo polynomial_schedule() {
  return {"polynomial",
          "Polynomial decay",
          "(lr0 - end) * (1 - min(s, N) / N)^power + end",
          polynomial_params(),
          Granularity::Step,
          make,
          rate_scaled,
          python_body,
          {"keras.optimizers.schedules.PolynomialDecay",
           {{"", "{lr0}"},
            {"decay_steps", "{decay_steps}"},
            {"end_learning_rate", "{end_learning_rate}"},
            {"power", "{power}"}}},
          {}};
}

}  // namespace lrlab
