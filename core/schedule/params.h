#pragma once
// Shared by the schedules and ReduceLROnPlateau: terse ParamSpec builders (the registry entries
// stay readable) and a resolver that fills defaults and re-checks every value, so that make() is
// safe to call with partial or unvalidated values (tests, CLI) and still names "<prefix>.<param>".
// The builders take names and texts as const char*: every call passes literals, and a
// const std::string& parameter would build (and destroy) a std::string at each call site; that
// cost the wasm module 10 KB (3.3 KB gzip) over the registries.
#include <string>
#include <vector>

#include "core/param_spec.h"

namespace lrlab::params {

ParamSpec number(const char* name, double default_value, double min, double max,
                 const char* meaning, bool min_inclusive = true, bool max_inclusive = true,
                 bool log_scale = false);
// A Number that may be null (stored as NaN), as Keras' `None`: null is its default.
ParamSpec optional_number(const char* name, double min, double max, const char* meaning);
ParamSpec integer(const char* name, double default_value, double min, double max,
                  const char* meaning);
ParamSpec boolean(const char* name, bool default_value, const char* meaning);
ParamSpec choice(const char* name, const std::vector<std::string>& choices, const char* meaning);
// NumberList elements are checked against min/max (inclusive) by resolve().
ParamSpec list(const char* name, const std::vector<double>& default_list, double min, double max,
               const char* meaning);
ParamSpec text(const char* name, const char* default_text, const char* meaning);
// A list of schedule objects, as JSON text (ParamKind::ScheduleList).
ParamSpec schedule_list(const char* name, const char* default_json, const char* meaning);

// Defaults for missing keys, then every value checked against its spec; throws lrlab::Error
// naming "<prefix>.<name>" (list elements as "<prefix>.<name>[i]"). Unknown keys are ignored:
// rejecting them is the settings validator's job.
ParamValues resolve(const std::vector<ParamSpec>& specs, const ParamValues& given,
                    const std::string& prefix);

// A list must be strictly increasing ("milestones", "boundaries"); throws naming the element.
void require_increasing(const std::vector<double>& values, const std::string& field);

}  // namespace lrlab::params
