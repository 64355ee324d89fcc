// linear warm-up (PyTorch LinearLR with end_factor 1), T = total_iters:
//   lr(s) = lr0 * (start_factor + (1 - start_factor) * min(s, T) / T)
#include <algorithm>

#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

class LinearWarmup : public Schedule {
 public:
  explicit LinearWarmup(const ParamValues& v)
      : start_factor_(v.number("start_factor")), total_(v.number("total_iters")) {}

  double rate(const ScheduleInput& in) const override {
    const double s = std::min(static_cast<double>(in.position()), total_);
    return in.lr0 * (start_factor_ + (1 - start_factor_) * s / total_);
  }

 private:
  double start_factor_;
  double total_;
};

std::vector<ParamSpec> warmup_params() {
  return {
      params::number("start_factor", 1.0 / 3, 0, 1, "the first rate is start_factor * lr0", false),
      params::integer("total_iters", 5, 1, 1e9, "T: positions to reach lr0")};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  return std::make_unique<LinearWarmup>(params::resolve(warmup_params(), given, "schedule"));
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines(
      {{"return {lr0} * ({start_factor} + (1 - {start_factor}) * min({s}, {total_iters}) / "
        "{total_iters})"}},
      warmup_params(), v, n);
}

}  // namespace

ScheduleInfo linear_warmup_schedule() {
  return {"linear_warmup",
          "Linear warm-up",
          "lr0 * (start_factor + (1 - start_factor) * min(s, T) / T)",
          warmup_params(),
          Granularity::Epoch,
          make,
          rate_scaled,
          python_body,
          {},
          {"torch.optim.lr_scheduler.LinearLR",
           {{"", "optimizer"},
            {"start_factor", "{start_factor}"},
            {"end_factor", "1.0"},
            {"total_iters", "{total_iters}"}}}};
}

}  // namespace lrlab
