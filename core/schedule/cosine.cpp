// cosine (Keras 3 CosineDecay), W = warmup_steps, N = decay_steps, target =
// warmup_target_factor*lr0:
//   s < W:  lr(s) = lr0 + (target - lr0) * s / W                      (linear warm-up)
//   s >= W: lr(s) = target * ((1 - alpha) * 0.5 * (1 + cos(pi * min(s - W, N) / N)) + alpha)
// With W = 0 there is no warm-up and target = lr0 * warmup_target_factor is the start of the
// decay. Keras gives the warm-up target as an absolute rate; here it is a multiple of lr0 so the
// whole curve scales with lr0 (and with ReduceLROnPlateau cuts, see plateau.h). alpha must be > 0
// here, unlike Keras (default 0): alpha = 0 ends at a rate of exactly 0, which training rejects.
#include <algorithm>

#include "core/detmath.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

constexpr double kPi = 3.141592653589793;

class Cosine : public Schedule {
 public:
  explicit Cosine(const ParamValues& v)
      : decay_steps_(v.number("decay_steps")),
        alpha_(v.number("alpha")),
        warmup_steps_(v.number("warmup_steps")),
        target_factor_(v.number("warmup_target_factor")) {}

  double rate(const ScheduleInput& in) const override {
    const double s = static_cast<double>(in.position());
    const double target = in.lr0 * target_factor_;
    if (s < warmup_steps_) return in.lr0 + (target - in.lr0) * (s / warmup_steps_);
    const double t = std::min(s - warmup_steps_, decay_steps_);
    const double cosine = 0.5 * (1 + dm::cos(kPi * t / decay_steps_));
    return target * ((1 - alpha_) * cosine + alpha_);
  }

 private:
  double decay_steps_;
  double alpha_;
  double warmup_steps_;
  double target_factor_;
};

std::vector<ParamSpec> cosine_params() {
  return {
      params::integer("decay_steps", 1000, 1, 1e9, "N: positions of the cosine half-wave"),
      params::number("alpha", 0.01, 0, 1, "final rate as a fraction of the decay's start", false),
      params::integer("warmup_steps", 0, 0, 1e9, "W: positions of linear warm-up (0 = none)"),
      params::number("warmup_target_factor", 1, 0, 1000,
                     "rate reached after the warm-up, as a multiple of lr0", false, true, true)};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  return std::make_unique<Cosine>(params::resolve(cosine_params(), given, "schedule"));
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines(
      {{"target = {lr0} * {warmup_target_factor}"},
       {"if {s} < {warmup_steps}:", "warmup_steps"},
       {"    return {lr0} + (target - {lr0}) * ({s} / {warmup_steps})", "warmup_steps"},
       {"t = min({s} - {warmup_steps}, {decay_steps})"},
       {"cosine = 0.5 * (1 + math.cos(math.pi * t / {decay_steps}))"},
       {"return target * ((1 - {alpha}) * cosine + {alpha})"}},
      cosine_params(), v, n);
}

}  // namespace

ScheduleInfo cosine_schedule() {
  return {"cosine",
          "Cosine decay",
          "warm-up lr0 -> target over W, then target * ((1-alpha) * (1 + cos(pi * min(s-W, N) / "
          "N)) / 2 + alpha)",
          cosine_params(),
          Granularity::Step,
          make,
          rate_scaled,
          python_body,
          // Keras warms up from its first argument to warmup_target; without a warm-up the decay
          // starts from its first argument.
          {"keras.optimizers.schedules.CosineDecay",
           {{"", "{lr0}", "warmup_steps"},
            {"", "{lr0} * {warmup_target_factor}", "!warmup_steps"},
            {"decay_steps", "{decay_steps}"},
            {"alpha", "{alpha}"},
            {"warmup_target", "{lr0} * {warmup_target_factor}", "warmup_steps"},
            {"warmup_steps", "{warmup_steps}", "warmup_steps"}}},
          {}};
}

}  // namespace lrlab
