// one-cycle (Smith 2018; PyTorch OneCycleLR with cosine annealing, two phases). Here lr0 is the
// peak ("max_lr"), as it is the rate the user picks (e.g. from the LR finder). With N =
// total_steps, a = pct_start * N - 1 (the peak position), b = N - 1 (the last position):
//   start = lr0 / div_factor,  end = start / final_div_factor,
//   anneal(from, to, p) = to + (from - to) / 2 * (cos(pi * p) + 1)
//   s <= a: lr(s) = anneal(start, lr0, s / a)
//   s >  a: lr(s) = anneal(lr0, end, min((s - a) / (b - a), 1))
// PyTorch raises past the last step; here the rate stays at `end`.
#include <algorithm>

#include "core/detmath.h"
#include "core/error.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

constexpr double kPi = 3.141592653589793;

double anneal(double from, double to, double p) {
  return to + (from - to) / 2 * (dm::cos(kPi * p) + 1);
}

class OneCycle : public Schedule {
 public:
  OneCycle(const ParamValues& v, double peak_at)
      : peak_at_(peak_at),
        last_(v.number("total_steps") - 1),
        div_(v.number("div_factor")),
        final_div_(v.number("final_div_factor")) {}

  double rate(const ScheduleInput& in) const override {
    const double s = static_cast<double>(in.position());
    const double start = in.lr0 / div_;
    if (s <= peak_at_) return anneal(start, in.lr0, s / peak_at_);
    const double p = std::min((s - peak_at_) / (last_ - peak_at_), 1.0);
    return anneal(in.lr0, start / final_div_, p);
  }

 private:
  double peak_at_;
  double last_;
  double div_;
  double final_div_;
};

std::vector<ParamSpec> one_cycle_params() {
  return {
      params::integer("total_steps", 1000, 2, 1e9, "N: length of the whole cycle"),
      params::number("pct_start", 0.3, 0, 1, "fraction of the cycle spent rising to lr0", false,
                     false),
      params::number("div_factor", 25, 1, 1e6, "the cycle starts at lr0 / div_factor"),
      params::number("final_div_factor", 1e4, 1, 1e9,
                     "the cycle ends at the starting rate / final_div_factor", true, true, true)};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  const ParamValues v = params::resolve(one_cycle_params(), given, "schedule");
  const double total = v.number("total_steps");
  const double peak_at = v.number("pct_start") * total - 1;  // PyTorch's phase boundary
  if (!(peak_at > 0 && peak_at < total - 1))
    fail_field("schedule.pct_start", v.number("pct_start"),
               "with total_steps " + format_number(total) +
                   " the peak pct_start * total_steps - 1 must lie strictly between 0 and "
                   "total_steps - 1, so that both phases have length");
  return std::make_unique<OneCycle>(v, peak_at);
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  // The peak's position, as PyTorch's OneCycleLR puts it (and make() above).
  const double rise = v.number("pct_start") * v.number("total_steps") - 1;
  ParamValues w = v;
  w.numbers["peak"] = rise;
  w.numbers["fall"] = v.number("total_steps") - 1 - rise;
  return fill_lines(
      {{"start = {lr0} / {div_factor}"},
       {"anneal = lambda a, b, frac: b + (a - b) / 2 * (math.cos(math.pi * frac) + 1)"},
       {"if {s} <= {peak}:"},
       {"    return anneal(start, {lr0}, {s} / {peak})"},
       {"return anneal({lr0}, start / {final_div_factor}, min(({s} - {peak}) / {fall}, 1.0))"}},
      one_cycle_params(), w, n);
}

}  // namespace

ScheduleInfo one_cycle_schedule() {
  return {"one_cycle",
          "One-cycle",
          "cosine up from lr0 / div_factor to lr0 over pct_start of N, then down to lr0 / "
          "div_factor / final_div_factor",
          one_cycle_params(),
          Granularity::Step,
          make,
          rate_scaled,
          python_body,
          {},
          {"torch.optim.lr_scheduler.OneCycleLR",
           {{"", "optimizer"},
            {"max_lr", "{lr0}"},
            {"total_steps", "{total_steps}"},
            {"pct_start", "{pct_start}"},
            {"div_factor", "{div_factor}"},
            {"final_div_factor", "{final_div_factor}"},
            {"anneal_strategy", "\"cos\""},
            {"three_phase", "False"},
            {"cycle_momentum", "False"}},
           {{"raises past total_steps; lrlab stays at the last rate"}}}};
}

}  // namespace lrlab
