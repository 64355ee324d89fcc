// The list of schedules in the order the page shows them, lookup by name, and the preview. Adding
// a schedule is one file defining `ScheduleInfo <name>_schedule()` plus its two lines here.
#include <cmath>

#include "core/error.h"
#include "core/schedule/schedule.h"

namespace lrlab {

ScheduleInfo constant_schedule();
ScheduleInfo tutorial_schedule();
ScheduleInfo step_schedule();
ScheduleInfo multistep_schedule();
ScheduleInfo exponential_schedule();
ScheduleInfo inverse_time_schedule();
ScheduleInfo polynomial_schedule();
ScheduleInfo piecewise_schedule();
ScheduleInfo cosine_schedule();
ScheduleInfo cosine_restarts_schedule();
ScheduleInfo cyclic_schedule();
ScheduleInfo one_cycle_schedule();
ScheduleInfo linear_warmup_schedule();
ScheduleInfo constant_lr_schedule();
ScheduleInfo linear_lr_schedule();
ScheduleInfo wsd_schedule();
ScheduleInfo sequential_schedule();
ScheduleInfo chained_schedule();
ScheduleInfo formula_schedule();

const std::vector<ScheduleInfo>& schedule_registry() {
  static const std::vector<ScheduleInfo> registry = {
      constant_schedule(),      tutorial_schedule(),
      step_schedule(),          multistep_schedule(),
      exponential_schedule(),   inverse_time_schedule(),
      polynomial_schedule(),    piecewise_schedule(),
      cosine_schedule(),        cosine_restarts_schedule(),
      cyclic_schedule(),        one_cycle_schedule(),
      linear_warmup_schedule(), constant_lr_schedule(),
      linear_lr_schedule(),     wsd_schedule(),
      sequential_schedule(),    chained_schedule(),
      formula_schedule(),
  };
  return registry;
}

const ScheduleInfo& find_schedule(const std::string& name) {
  std::string names;
  for (const ScheduleInfo& info : schedule_registry()) {
    if (info.name == name) return info;
    names += (names.empty() ? "" : ", ") + info.name;
  }
  fail_field("schedule.name", "\"" + name + "\"", "must be one of " + names);
}

const char* granularity_name(Granularity granularity) {
  return granularity == Granularity::Step ? "step" : "epoch";
}

Granularity parse_granularity(const std::string& text) {
  if (text == "epoch") return Granularity::Epoch;
  if (text == "step") return Granularity::Step;
  fail_field("schedule.granularity", "\"" + text + "\"", "must be \"epoch\" or \"step\"");
}

const char* rate_source_name(RateSource source) {
  switch (source) {
    case RateSource::Scaled:
      return "scaled";
    case RateSource::Absolute:
      return "absolute";
    case RateSource::ReadsLr:
      return "reads_lr";
  }
  return "scaled";
}

RateSource rate_scaled(const ParamValues&) {
  return RateSource::Scaled;
}
RateSource rate_absolute(const ParamValues&) {
  return RateSource::Absolute;
}
RateSource rate_reads_lr(const ParamValues&) {
  return RateSource::ReadsLr;
}

bool is_usable_rate(double rate) {
  return std::isfinite(rate) && rate > 0;
}

std::string bad_rate_message(const Schedule& schedule, const ScheduleInput& in, double rate) {
  std::string where =
      in.granularity == Granularity::Step
          ? "step " + std::to_string(in.step) + " (epoch " + std::to_string(in.epoch) + ")"
          : "epoch " + std::to_string(in.epoch);
  const std::string why = schedule.diagnose(in);
  if (!why.empty()) return "schedule: rate at " + where + ": " + why;
  return "schedule: rate at " + where + " is " + format_number(rate) +
         ", must be a finite number > 0";
}

std::vector<double> preview_schedule(const Schedule& schedule, Granularity granularity, double lr0,
                                     long count, long steps_per_epoch) {
  if (!is_usable_rate(lr0))
    fail_field("optimizer.learning_rate", lr0, "must be a finite number > 0");
  // A preview is drawn, not trained on: ten million points is far beyond any chart.
  if (count < 0 || count > 10000000)
    fail_field("preview.count", static_cast<double>(count), "must be an integer >= 0 and <= 1e7");
  if (steps_per_epoch < 1)
    fail_field("preview.steps_per_epoch", static_cast<double>(steps_per_epoch),
               "must be an integer >= 1");
  std::vector<double> rates;
  rates.reserve(static_cast<size_t>(count));
  ScheduleInput in;
  in.lr0 = lr0;
  in.lr = lr0;
  in.granularity = granularity;
  for (long s = 0; s < count; ++s) {
    in.epoch = granularity == Granularity::Step ? s / steps_per_epoch : s;
    in.step = granularity == Granularity::Step ? s : s * steps_per_epoch;
    const double rate = schedule.rate(in);
    if (!is_usable_rate(rate)) throw Error(bad_rate_message(schedule, in, rate));
    rates.push_back(rate);
    in.lr = rate;  // as in training: the next position sees this rate as the current one
  }
  return rates;
}

}  // namespace lrlab
