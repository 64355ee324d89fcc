#pragma once
// How Keras 3 or PyTorch spells one of lrlab's optimizers or schedules: the class, its arguments
// as Python templates over the entry's parameters, and where the framework's rule departs from
// lrlab's (which follows Keras 3: docs/semantics.md). Each registry entry carries its own, beside
// its rule (core/optim/*.cpp, core/schedule/*.cpp); the code export prints them
// (web/exports/code-export.js) after spell() has filled in the run's values.
//
// Templates: "{name}" is the parameter's value as a Python literal by its kind (a float, an int,
// True/False, a quoted choice; a list's elements comma-separated), "{name:int}", "{name:float}",
// "{name:tuple}" (a list as a tuple of floats) and "{name:js}" (a number as the page writes it)
// force the spelling; a name without a spec (a value the entry computed) reads as a float or a
// list. "{s}", "{epoch}", "{step}", "{lr}", "{lr0}" are the listing's names for the schedule's
// position, the formula variables and the run's rate. A condition ("when") is "" (always), "name"
// (the parameter is nonzero / true) or "!name" (it is zero / false).
#include <string>
#include <vector>

#include "core/formula/python.h"
#include "core/param_spec.h"

namespace lrlab {

// Python names in a listing (web/exports/code-export.js): `position` is the schedule function's
// argument (epoch or step, as the schedule counts), `names` what the formula variables and lr0
// read.
struct SchedulePythonNames {
  std::string position = "epoch";
  formula::PythonNames names;
};

// One line of Python, kept where its condition holds.
struct PythonLine {
  const char* text;  // template
  const char* when = "";
};

struct FrameworkArgument {
  const char* name;   // keyword; "" for a positional argument
  const char* value;  // template
  const char* when = "";
};

struct FrameworkNote {
  const char* text;  // one comment line, without "# "
  const char* when = "";
};

struct FrameworkSpelling {
  const char* call = "";  // qualified class, e.g. "keras.optimizers.SGD"; "" when there is none
  std::vector<FrameworkArgument> arguments;
  std::vector<FrameworkNote> notes;  // departures from lrlab's rule
  const char* when = "";             // the spelling matches lrlab only under this condition
};

// A spelling with the run's values filled in.
struct SpelledCall {
  bool exists = false;                 // false: no such class, or its condition does not hold
  std::string call;                    // "keras.optimizers.SGD"
  std::vector<std::string> arguments;  // "momentum=0.9", or a positional value
  std::vector<std::string> notes;      // the departures whose condition holds
};

// These throw lrlab::Error for a template naming no value (a registry mistake, caught by the core
// tests that spell every entry).
SpelledCall spell(const FrameworkSpelling& spelling, const std::vector<ParamSpec>& specs,
                  const ParamValues& values, const SchedulePythonNames& names);
std::vector<std::string> fill_lines(const std::vector<PythonLine>& lines,
                                    const std::vector<ParamSpec>& specs, const ParamValues& values,
                                    const SchedulePythonNames& names);

}  // namespace lrlab
