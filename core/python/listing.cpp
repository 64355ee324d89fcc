#include "core/python/listing.h"

#include "core/error.h"
#include "core/optim/optimizer.h"

namespace lrlab {

RateSource schedule_rate_source(const ScheduleSettings& schedule) {
  const ScheduleInfo& info = find_schedule(schedule.name);
  if (!info.rate_source)
    throw Error("schedule.name: \"" + info.name + "\" does not say where its rate comes from");
  return info.rate_source(schedule.params);
}

ScheduleCode schedule_code(const ScheduleSettings& schedule, const SchedulePythonNames& names) {
  const ScheduleInfo& info = find_schedule(schedule.name);
  if (!info.python_body) throw Error("schedule.name: \"" + info.name + "\" has no code export");
  ScheduleCode code;
  code.rate_source = schedule_rate_source(schedule);
  code.body = info.python_body(schedule.params, names);
  code.keras = spell(info.keras, info.params, schedule.params, names);
  code.pytorch = spell(info.pytorch, info.params, schedule.params, names);
  return code;
}

OptimizerCode optimizer_code(const OptimizerSettings& optimizer, const std::string& lr0) {
  const OptimizerInfo& info = find_optimizer(optimizer.name);
  SchedulePythonNames names;
  names.names.lr0 = lr0;
  return {spell(info.keras, info.params, optimizer.params, names),
          spell(info.pytorch, info.params, optimizer.params, names)};
}

}  // namespace lrlab
