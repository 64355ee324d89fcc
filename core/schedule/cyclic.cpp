// cyclic (Smith 2017; PyTorch CyclicLR), base = lr0, max = max_factor * lr0, h = step_size:
//   cycle = floor(1 + s / (2h)),  x = |s / h - 2 * cycle + 1|
//   lr(s) = base + (max - base) * max(0, 1 - x) * scale
//   scale: triangular 1; triangular2 1 / 2^(cycle - 1); exp_range gamma^s
// The cycle starts and ends at base (s = 2hk) and peaks at s = h(2k + 1). PyTorch takes base_lr
// and max_lr as absolute rates; here base is lr0 and the peak a multiple of it, so "max > base"
// is max_factor > 1 and the curve scales with lr0 (and ReduceLROnPlateau cuts).
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/detmath.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

enum class Mode { Triangular, Triangular2, ExpRange };

class Cyclic : public Schedule {
 public:
  explicit Cyclic(const ParamValues& v)
      : step_size_(static_cast<long>(v.number("step_size"))),
        max_factor_(v.number("max_factor")),
        gamma_(v.number("gamma")),
        mode_(v.text("mode") == "triangular2" ? Mode::Triangular2
              : v.text("mode") == "exp_range" ? Mode::ExpRange
                                              : Mode::Triangular) {}

  double rate(const ScheduleInput& in) const override {
    const long s = in.position();
    const long cycle = 1 + s / (2 * step_size_);
    const double x =
        std::fabs(static_cast<double>(s) / static_cast<double>(step_size_) - 2.0 * cycle + 1);
    double scale = 1;
    if (mode_ == Mode::Triangular2)
      scale = std::ldexp(1.0, -static_cast<int>(std::min(cycle - 1, 2000L)));
    if (mode_ == Mode::ExpRange) scale = dm::pow(gamma_, static_cast<double>(s));
    const double base = in.lr0;
    const double max = in.lr0 * max_factor_;
    return base + (max - base) * std::max(0.0, 1 - x) * scale;
  }

 private:
  long step_size_;
  double max_factor_;
  double gamma_;
  Mode mode_;
};

std::vector<ParamSpec> cyclic_params() {
  return {
      params::integer("step_size", 100, 1, 1e9, "positions of a half-cycle (base to peak)"),
      params::number("max_factor", 4, 1, 1000, "peak rate as a multiple of lr0 (the base)", false,
                     true, true),
      params::choice("mode", {"triangular", "triangular2", "exp_range"},
                     "triangular2 halves the amplitude each cycle; exp_range multiplies it by "
                     "gamma^s"),
      params::number("gamma", 0.999, 0, 1, "exp_range only: amplitude factor per position", false)};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  return std::make_unique<Cyclic>(params::resolve(cyclic_params(), given, "schedule"));
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  ParamValues w = v;
  w.numbers["cycle_length"] = 2 * v.number("step_size");
  for (const char* mode : {"triangular", "triangular2", "exp_range"})
    w.numbers[mode] = v.text("mode") == mode;
  return fill_lines(
      {{"cycle = 1 + {s} // {cycle_length:js}"},
       {"x = abs({s} / {step_size} - 2 * cycle + 1)"},
       {"peak = {lr0} * {max_factor}"},
       {"return {lr0} + (peak - {lr0}) * max(0.0, 1 - x) * 1.0", "triangular"},
       {"return {lr0} + (peak - {lr0}) * max(0.0, 1 - x) * 0.5 ** (cycle - 1)", "triangular2"},
       {"return {lr0} + (peak - {lr0}) * max(0.0, 1 - x) * {gamma} ** {s}", "exp_range"}},
      cyclic_params(), w, n);
}

}  // namespace

ScheduleInfo cyclic_schedule() {
  return {"cyclic",
          "Cyclic (triangular)",
          "between lr0 and max_factor * lr0 and back every 2 * step_size positions",
          cyclic_params(),
          Granularity::Step,
          make,
          rate_scaled,
          python_body,
          {},
          {}};
}

}  // namespace lrlab
