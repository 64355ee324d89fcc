// warmup-stable-decay ("wsd"; Hu et al. 2024, MiniCPM; Hägele et al. 2024, whose reference code
// fixes the warm-up start and the decay shapes used here). N = total_steps, the run's length;
// the phases are fractions of it, counted in whole positions as that code does:
//   W = floor(warmup_fraction * N), D = floor(decay_fraction * N), H = N - D (the decay starts)
//   s < W:      lr0 * (start_factor + (1 - start_factor) * s / W)       (linear warm-up)
//   s < H:      lr0                                                      (stable)
//   s < N:      lr0 * (final_fraction + (1 - final_fraction) * f((s - H) / D))
//   s >= N:     lr0 * final_fraction
// with f(p) = 1 - sqrt(p) ("1-sqrt", Hägele et al.'s best), 1 - p ("linear") or
// (1 + cos(pi p)) / 2 ("cosine"). final_fraction must be above 0 (the reference allows 0): a rate
// of 0 is rejected by training. warmup_fraction + decay_fraction must not exceed 1.
#include <cmath>

#include "core/detmath.h"
#include "core/error.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

constexpr double kPi = 3.141592653589793;

enum class Shape { OneMinusSqrt, Linear, Cosine };

class Wsd : public Schedule {
 public:
  explicit Wsd(const ParamValues& v)
      : total_(v.number("total_steps")),
        warmup_(std::floor(v.number("warmup_fraction") * total_)),
        decay_(std::floor(v.number("decay_fraction") * total_)),
        start_(v.number("start_factor")),
        final_(v.number("final_fraction")),
        shape_(v.text("decay_shape") == "linear"   ? Shape::Linear
               : v.text("decay_shape") == "cosine" ? Shape::Cosine
                                                   : Shape::OneMinusSqrt) {}

  double rate(const ScheduleInput& in) const override {
    const double s = static_cast<double>(in.position());
    if (s < warmup_) return in.lr0 * (start_ + (1 - start_) * s / warmup_);
    const double decay_start = total_ - decay_;
    if (s < decay_start) return in.lr0;
    if (s >= total_) return in.lr0 * final_;
    const double p = (s - decay_start) / decay_;
    return in.lr0 * (final_ + (1 - final_) * fall(p));
  }

 private:
  double fall(double p) const {
    switch (shape_) {
      case Shape::Linear:
        return 1 - p;
      case Shape::Cosine:
        return 0.5 * (1 + dm::cos(kPi * p));
      case Shape::OneMinusSqrt:
        break;
    }
    return 1 - std::sqrt(p);  // correctly rounded everywhere, so native and wasm agree
  }

  double total_;
  double warmup_;
  double decay_;
  double start_;
  double final_;
  Shape shape_;
};

std::vector<ParamSpec> wsd_params() {
  return {
      params::integer("total_steps", 1000, 1, 1e9, "N: the run's length in positions"),
      params::number("warmup_fraction", 0.05, 0, 1, "warm-up length as a fraction of N"),
      params::number("decay_fraction", 0.2, 0, 1, "decay length as a fraction of N (at its end)"),
      params::choice("decay_shape", {"1-sqrt", "linear", "cosine"}, "shape of the decay"),
      params::number("final_fraction", 0.01, 0, 1, "the last rate, as a fraction of lr0", false),
      params::number("start_factor", 0.01, 0, 1, "the warm-up starts at start_factor * lr0",
                     false)};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  const ParamValues v = params::resolve(wsd_params(), given, "schedule");
  const double sum = v.number("warmup_fraction") + v.number("decay_fraction");
  if (sum > 1)
    fail_field("schedule.decay_fraction", v.number("decay_fraction"),
               "warmup_fraction + decay_fraction must be <= 1 (here " + format_number(sum) + ")");
  return std::make_unique<Wsd>(v);
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  const char* fall = v.text("decay_shape") == "linear" ? "fall = 1 - p"
                     : v.text("decay_shape") == "cosine"
                         ? "fall = 0.5 * (1 + math.cos(math.pi * p))"
                         : "fall = 1 - math.sqrt(p)";
  return fill_lines(
      {{"# Warmup-stable-decay: Keras 3 and PyTorch have no class for it; this function is the"},
       {"# schedule (PyTorch's nearest: SequentialLR over LinearLR, ConstantLR and a LambdaLR)."},
       {"warmup = math.floor({warmup_fraction} * {total_steps})"},
       {"decay = math.floor({decay_fraction} * {total_steps})"},
       {"if {s} < warmup:"},
       {"    return {lr0} * ({start_factor} + (1 - {start_factor}) * {s} / warmup)"},
       {"if {s} < {total_steps} - decay:"},
       {"    return {lr0}"},
       {"if {s} >= {total_steps}:"},
       {"    return {lr0} * {final_fraction}"},
       {"p = ({s} - ({total_steps} - decay)) / decay"},
       {fall},
       {"return {lr0} * ({final_fraction} + (1 - {final_fraction}) * fall)"}},
      wsd_params(), v, n);
}

}  // namespace

ScheduleInfo wsd_schedule() {
  return {"wsd",
          "Warmup-stable-decay",
          "warm-up over W = warmup_fraction * N, lr0 until the last D = decay_fraction * N, then "
          "down to final_fraction * lr0 (1-sqrt, linear or cosine)",
          wsd_params(),
          Granularity::Step,
          make,
          rate_scaled,
          python_body,
          {},
          {}};
}

}  // namespace lrlab
