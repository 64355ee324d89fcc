#pragma once
// The parts of a schedule made of schedules ("sequential", "chained"): read from the JSON text a
// ParamKind::ScheduleList holds, each checked as a schedule of its own and named in errors by its
// place ("schedule.parts[1].decay_steps"). A part must be a closed form scaled by lr0: a part
// that reads the rate in force (constant), returns absolute rates (tutorial, piecewise) or is a
// formula (whose epoch and step would not be the part's own) has no meaning inside a sequence.
#include <memory>
#include <string>
#include <vector>

#include "core/schedule/schedule.h"

namespace lrlab {

struct SchedulePart {
  const ScheduleInfo* info = nullptr;
  ParamValues values;
  std::unique_ptr<Schedule> schedule;
};

std::vector<SchedulePart> read_schedule_parts(const std::string& json);

// The parts' Python functions part_0, part_1, ... of one argument, the part's own position.
std::vector<std::string> parts_python(const std::vector<SchedulePart>& parts,
                                      const SchedulePythonNames& names);

}  // namespace lrlab
