#pragma once
// What the "as code" listings (web/exports/code-export.js) take from the core for one run: the
// schedule's Python function body and its rate source, and the Keras 3 and PyTorch spellings of the
// optimizer and the schedule, all from the registry entries (core/optim/*.cpp,
// core/schedule/*.cpp) with the run's values filled in. The page prints the rest of the listing.
#include <string>
#include <vector>

#include "core/python/spelling.h"
#include "core/schedule/schedule.h"
#include "core/settings.h"

namespace lrlab {

struct ScheduleCode {
  RateSource rate_source = RateSource::Scaled;
  std::vector<std::string> body;  // lr_schedule's lines, unindented
  SpelledCall keras;              // Keras 3 schedule object with the same curve, if any
  SpelledCall pytorch;            // PyTorch scheduler with the same curve, if any
};

struct OptimizerCode {
  SpelledCall keras;
  SpelledCall pytorch;  // notes: where PyTorch's rule departs from lrlab's (Keras')
};

// Where a validated schedule's rate comes from (core/schedule/schedule.h).
RateSource schedule_rate_source(const ScheduleSettings& schedule);
ScheduleCode schedule_code(const ScheduleSettings& schedule, const SchedulePythonNames& names);
// lr0: the listing's name for the run's rate.
OptimizerCode optimizer_code(const OptimizerSettings& optimizer, const std::string& lr0);

}  // namespace lrlab
