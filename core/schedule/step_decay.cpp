// step decay ("step"):       lr(s) = lr0 * gamma^floor(s / step_size)
// multi-step ("multistep"):  lr(s) = lr0 * gamma^(number of milestones m with m <= s)
// (PyTorch StepLR / MultiStepLR in closed form: a milestone is the first position at the lower
// rate.)
#include <vector>

#include "core/detmath.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

class StepDecay : public Schedule {
 public:
  StepDecay(long step_size, double gamma) : step_size_(step_size), gamma_(gamma) {}
  double rate(const ScheduleInput& in) const override {
    const long drops = in.position() / step_size_;  // positions are >= 0, so this is floor
    return in.lr0 * dm::pow(gamma_, static_cast<double>(drops));
  }

 private:
  long step_size_;
  double gamma_;
};

class MultiStep : public Schedule {
 public:
  MultiStep(std::vector<double> milestones, double gamma)
      : milestones_(std::move(milestones)), gamma_(gamma) {}
  double rate(const ScheduleInput& in) const override {
    const double s = static_cast<double>(in.position());
    int passed = 0;
    for (double m : milestones_) passed += m <= s ? 1 : 0;
    return in.lr0 * dm::pow(gamma_, passed);
  }

 private:
  std::vector<double> milestones_;
  double gamma_;
};

ParamSpec gamma_param() {
  return params::number("gamma", 0.1, 0, 1, "factor applied to the rate at each drop", false);
}

std::vector<ParamSpec> step_params() {
  return {params::integer("step_size", 10, 1, 1e9, "positions between drops"), gamma_param()};
}

std::vector<ParamSpec> multistep_params() {
  return {params::list("milestones", {10, 20}, 0, 1e9,
                       "positions where the rate drops (strictly increasing)"),
          gamma_param()};
}

std::unique_ptr<Schedule> make_step(const ParamValues& given) {
  const ParamValues v = params::resolve(step_params(), given, "schedule");
  return std::make_unique<StepDecay>(static_cast<long>(v.number("step_size")), v.number("gamma"));
}

std::vector<std::string> step_python(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines({{"return {lr0} * {gamma} ** math.floor({s} / {step_size})"}}, step_params(), v,
                    n);
}

std::vector<std::string> multistep_python(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines({{"passed = sum(1 for milestone in {milestones:tuple} if milestone <= {s})"},
                     {"return {lr0} * {gamma} ** passed"}},
                    multistep_params(), v, n);
}

std::unique_ptr<Schedule> make_multistep(const ParamValues& given) {
  const ParamValues v = params::resolve(multistep_params(), given, "schedule");
  params::require_increasing(v.list("milestones"), "schedule.milestones");
  return std::make_unique<MultiStep>(v.list("milestones"), v.number("gamma"));
}

}  // namespace

ScheduleInfo step_schedule() {
  return {"step",
          "Step decay",
          "lr0 * gamma^floor(s / step_size)",
          step_params(),
          Granularity::Epoch,
          make_step,
          rate_scaled,
          step_python,
          {},
          {"torch.optim.lr_scheduler.StepLR",
           {{"", "optimizer"}, {"step_size", "{step_size}"}, {"gamma", "{gamma}"}}}};
}

ScheduleInfo multistep_schedule() {
  return {"multistep",
          "Multi-step decay",
          "lr0 * gamma^(number of milestones <= s)",
          multistep_params(),
          Granularity::Epoch,
          make_multistep,
          rate_scaled,
          multistep_python,
          {},
          {"torch.optim.lr_scheduler.MultiStepLR",
           {{"", "optimizer"}, {"milestones", "[{milestones:int}]"}, {"gamma", "{gamma}"}}}};
}

}  // namespace lrlab
