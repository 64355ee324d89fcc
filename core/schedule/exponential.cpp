// exponential:   lr(s) = lr0 * decay_rate^(s / decay_steps)
//   staircase:   lr(s) = lr0 * decay_rate^floor(s / decay_steps)
// inverse time:  lr(s) = lr0 / (1 + decay_rate * s / decay_steps)
//   staircase:   lr(s) = lr0 / (1 + decay_rate * floor(s / decay_steps))
// (Keras ExponentialDecay and InverseTimeDecay: both divide the position by decay_steps, then
// optionally floor it; they differ only in how the decay is applied.)
#include <cmath>

#include "core/detmath.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

class DecaySchedule : public Schedule {
 public:
  DecaySchedule(bool inverse, const ParamValues& v)
      : inverse_(inverse),
        decay_steps_(v.number("decay_steps")),
        decay_rate_(v.number("decay_rate")),
        staircase_(v.flag("staircase")) {}

  double rate(const ScheduleInput& in) const override {
    double p = static_cast<double>(in.position()) / decay_steps_;
    if (staircase_) p = std::floor(p);
    if (inverse_) return in.lr0 / (1 + decay_rate_ * p);
    return in.lr0 * dm::pow(decay_rate_, p);
  }

 private:
  bool inverse_;
  double decay_steps_;
  double decay_rate_;
  bool staircase_;
};

std::vector<ParamSpec> exponential_params() {
  return {params::integer("decay_steps", 100, 1, 1e9,
                          "positions over which the rate is multiplied once by decay_rate"),
          params::number("decay_rate", 0.9, 0, 1, "factor per decay_steps", false),
          params::boolean("staircase", false,
                          "floor s / decay_steps: drops instead of a smooth curve")};
}

std::vector<ParamSpec> inverse_time_params() {
  return {params::integer("decay_steps", 100, 1, 1e9, "positions per unit of decay"),
          params::number("decay_rate", 0.5, 0, 1e3,
                         "how fast 1 / (1 + decay_rate * s / decay_steps) falls", false),
          params::boolean("staircase", false,
                          "floor s / decay_steps: drops instead of a smooth curve")};
}

std::unique_ptr<Schedule> make_exponential(const ParamValues& given) {
  return std::make_unique<DecaySchedule>(false,
                                         params::resolve(exponential_params(), given, "schedule"));
}

std::unique_ptr<Schedule> make_inverse_time(const ParamValues& given) {
  return std::make_unique<DecaySchedule>(true,
                                         params::resolve(inverse_time_params(), given, "schedule"));
}

std::vector<std::string> exponential_python(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines(
      {{"return {lr0} * {decay_rate} ** (math.floor({s} / {decay_steps}))", "staircase"},
       {"return {lr0} * {decay_rate} ** ({s} / {decay_steps})", "!staircase"}},
      exponential_params(), v, n);
}

std::vector<std::string> inverse_time_python(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines(
      {{"return {lr0} / (1 + {decay_rate} * math.floor({s} / {decay_steps}))", "staircase"},
       {"return {lr0} / (1 + {decay_rate} * {s} / {decay_steps})", "!staircase"}},
      inverse_time_params(), v, n);
}

// Keras' ExponentialDecay and InverseTimeDecay take the same arguments.
std::vector<FrameworkArgument> keras_decay_arguments() {
  return {{"", "{lr0}"},
          {"decay_steps", "{decay_steps}"},
          {"decay_rate", "{decay_rate}"},
          {"staircase", "{staircase}"}};
}

}  // namespace

ScheduleInfo exponential_schedule() {
  return {"exponential",
          "Exponential decay",
          "lr0 * decay_rate^(s / decay_steps), exponent floored if staircase",
          exponential_params(),
          Granularity::Step,
          make_exponential,
          rate_scaled,
          exponential_python,
          {"keras.optimizers.schedules.ExponentialDecay", keras_decay_arguments()},
          // ExponentialLR multiplies by gamma every position: no staircase.
          {"torch.optim.lr_scheduler.ExponentialLR",
           {{"", "optimizer"}, {"gamma", "{decay_rate} ** (1 / {decay_steps})"}},
           {},
           "!staircase"}};
}

ScheduleInfo inverse_time_schedule() {
  return {"inverse_time",
          "Inverse time decay",
          "lr0 / (1 + decay_rate * s / decay_steps), s / decay_steps floored if staircase",
          inverse_time_params(),
          Granularity::Step,
          make_inverse_time,
          rate_scaled,
          inverse_time_python,
          {"keras.optimizers.schedules.InverseTimeDecay", keras_decay_arguments()},
          {}};
}

}  // namespace lrlab
