#pragma once
// Where the CLI finds a real problem's data: the user's CSV given with --data FILE (loaded as the
// problem "csv"), and the built-in tables in data/ (the same files the page loads), found in
// --data-dir DIR, else $LRLAB_DATA_DIR, else the source tree's data/ this CLI was built from.
#include <string>

#include "core/settings.h"

namespace lrlab {

std::string default_data_dir();

// Loads `path` as the user's CSV. Throws Error naming the file or, from the core, the row and
// column.
void load_user_csv(const std::string& path);

// Loads the table `settings` name if it is a built-in one that is not loaded yet.
void load_built_in_data(const Settings& settings, const std::string& dir);

}  // namespace lrlab
