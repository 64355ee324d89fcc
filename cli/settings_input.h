#pragma once
// The settings a CLI command reads: a settings JSON file, "-" for standard input, or a CSV the
// page exported (its "# settings run N:" lines), from which `run` picks one (0: the only one).
#include <string>

#include "core/settings.h"

namespace lrlab {

// The whole file, or standard input for "-". Throws Error naming the path if it cannot be read.
std::string read_input(const std::string& path);

// The settings JSON text of `path`. Throws Error naming the path when `run` is given (> 0) for a
// file that is not an export, or the run is not in the export.
std::string settings_text(const std::string& path, int run);

}  // namespace lrlab
