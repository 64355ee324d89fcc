#pragma once
// Where the CLI finds a real problem's table (core/datasets.h): the user's CSV given with --data
// FILE (the problem "csv"), and the built-in tables in data/ (the same files the page loads),
// found in --data-dir DIR, else $LRLAB_DATA_DIR, else the source tree's data/ this CLI was built
// from. The table read is given to the trainer.
#include <string>

#include "core/settings.h"

namespace lrlab {

std::string default_data_dir();

// Reads `path` as the user's CSV. Throws Error naming the file or, from the core, the row and
// column.
TableRef read_user_csv(const std::string& path);

// Settings JSON text with its problem made the user's CSV: problem.name becomes "csv" and every
// other problem field (target, task, val_fraction...) stays as the settings had it. Text that is
// not a JSON object with a problem object (or none) comes back unchanged, for parse_settings to
// name what is wrong.
std::string on_user_csv(const std::string& settings_json);

// The built-in table `settings` name, read from `dir`; null for a problem that is not one.
TableRef built_in_table(const Settings& settings, const std::string& dir);

}  // namespace lrlab
