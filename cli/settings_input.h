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

// The options of the commands that read one run's settings and write a file (`lrlab data`,
// `lrlab sweep`): --data FILE (the user's CSV), --data-dir DIR (the built-in tables), --run N (a
// run of an exported CSV, 1..1000) and -o FILE.
struct SettingsOptions {
  std::string data_path;
  std::string data_dir;
  std::string out_path;
  long run_number = 0;
};

// When argv[i] is one of SettingsOptions' (with its value after it), reads it into `options`,
// moves i to the value and returns true; `error` then says what is wrong with the value, if
// anything. Returns false, touching nothing, for any other argument.
bool read_settings_option(int argc, char** argv, int& i, SettingsOptions& options,
                          std::string& error);

}  // namespace lrlab
