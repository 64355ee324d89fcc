#pragma once
// The "changes" list of the settings JSON (core/settings.h SettingsChange): read and checked
// change by change against the settings in force at that point, so an error names the change
// ("changes[2].optimizer.learning_rate: -1 is not allowed ...").
#include <string>
#include <vector>

#include "core/settings.h"

namespace lrlab {

// `texts`: each change's JSON object as written; `start`: the run's settings before any change
// (its own `changes` ignored). A change may give a section in part ({"learning_rate": 10}): the
// fields it leaves out keep their values in force, unless it names another component ("name"),
// whose left-out fields take that component's defaults (as the page's settings merge does).
std::vector<SettingsChange> read_changes(const std::vector<std::string>& texts,
                                         const Settings& start, const TableRef& table);

// Whether two complete parameter sets hold the same values, a NaN equal to a NaN (a nullable
// parameter left unset): the equality of their JSON, which is how the page tells a change.
bool same_params(const ParamValues& a, const ParamValues& b);

// `settings` with the sections of `change` in place.
Settings with_change(Settings settings, const SettingsChange& change);

}  // namespace lrlab
