// linear factor (PyTorch LinearLR), T = total_iters: the factor on lr0 moves in a straight line
// from start_factor to end_factor over T positions and stays there:
//   lr(s) = lr0 * (start_factor + (end_factor - start_factor) * min(s, T) / T)
// PyTorch accepts end_factor 0; here it must be above 0, since a rate of 0 is rejected by
// training. "linear_warmup" is the special case end_factor = 1.
#include <algorithm>

#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

class LinearLr : public Schedule {
 public:
  explicit LinearLr(const ParamValues& v)
      : start_(v.number("start_factor")),
        end_(v.number("end_factor")),
        total_(v.number("total_iters")) {}

  double rate(const ScheduleInput& in) const override {
    const double s = std::min(static_cast<double>(in.position()), total_);
    return in.lr0 * (start_ + (end_ - start_) * s / total_);
  }

 private:
  double start_;
  double end_;
  double total_;
};

std::vector<ParamSpec> linear_lr_params() {
  return {
      params::number("start_factor", 1.0 / 3, 0, 1, "the first rate is start_factor * lr0", false),
      params::number("end_factor", 1, 0, 1, "the rate from position T on is end_factor * lr0",
                     false),
      params::integer("total_iters", 5, 1, 1e9, "T: positions of the straight line")};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  return std::make_unique<LinearLr>(params::resolve(linear_lr_params(), given, "schedule"));
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines({{"return {lr0} * ({start_factor} + ({end_factor} - {start_factor}) * "
                      "min({s}, {total_iters}) / {total_iters})"}},
                    linear_lr_params(), v, n);
}

}  // namespace

ScheduleInfo linear_lr_schedule() {
  return {"linear_lr",
          "Linear factor (LinearLR)",
          "lr0 * (start_factor + (end_factor - start_factor) * min(s, T) / T)",
          linear_lr_params(),
          Granularity::Epoch,
          make,
          rate_scaled,
          python_body,
          // Keras 3 has no LinearLR; PolynomialDecay with power 1 from start_factor * lr0 to
          // end_factor * lr0 over T steps draws the same line.
          {"keras.optimizers.schedules.PolynomialDecay",
           {{"", "{lr0} * {start_factor}"},
            {"decay_steps", "{total_iters}"},
            {"end_learning_rate", "{lr0} * {end_factor}"},
            {"power", "1.0"}},
           {{"Keras 3 has no LinearLR: PolynomialDecay with power 1 is the same line"}}},
          {"torch.optim.lr_scheduler.LinearLR",
           {{"", "optimizer"},
            {"start_factor", "{start_factor}"},
            {"end_factor", "{end_factor}"},
            {"total_iters", "{total_iters}"}}}};
}

}  // namespace lrlab
