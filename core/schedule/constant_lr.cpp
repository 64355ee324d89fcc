// constant factor (PyTorch ConstantLR), T = total_iters: the rate is held at factor * lr0 for the
// first T positions, then lr0:
//   lr(s) = lr0 * (factor + (s >= T) * (1 - factor))
// PyTorch accepts factor 0; here it must be above 0, since a rate of 0 is rejected by training.
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

class ConstantLr : public Schedule {
 public:
  explicit ConstantLr(const ParamValues& v)
      : factor_(v.number("factor")), total_(v.number("total_iters")) {}

  double rate(const ScheduleInput& in) const override {
    return static_cast<double>(in.position()) < total_ ? in.lr0 * factor_ : in.lr0;
  }

 private:
  double factor_;
  double total_;
};

std::vector<ParamSpec> constant_lr_params() {
  return {
      params::number("factor", 1.0 / 3, 0, 1, "the rate is factor * lr0 until position T", false),
      params::integer("total_iters", 5, 0, 1e9, "T: positions at the reduced rate")};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  return std::make_unique<ConstantLr>(params::resolve(constant_lr_params(), given, "schedule"));
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines({{"return {lr0} * {factor} if {s} < {total_iters} else {lr0}"}},
                    constant_lr_params(), v, n);
}

}  // namespace

ScheduleInfo constant_lr_schedule() {
  return {"constant_lr",
          "Constant factor (ConstantLR)",
          "lr0 * factor for s < T, then lr0",
          constant_lr_params(),
          Granularity::Epoch,
          make,
          rate_scaled,
          python_body,
          // Keras 3 has no ConstantLR; PiecewiseConstantDecay keeps values[0] while step <= the
          // boundary, so the boundary T - 1 gives the same curve (T >= 1).
          {"keras.optimizers.schedules.PiecewiseConstantDecay",
           {{"boundaries", "[{total_iters:int} - 1]"}, {"values", "[{lr0} * {factor}, {lr0}]"}},
           {{"Keras 3 has no ConstantLR: PiecewiseConstantDecay with one boundary is the same"}},
           "total_iters"},
          {"torch.optim.lr_scheduler.ConstantLR",
           {{"", "optimizer"}, {"factor", "{factor}"}, {"total_iters", "{total_iters}"}}}};
}

}  // namespace lrlab
