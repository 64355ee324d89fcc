#pragma once
// The page's CSV export (web/export.js) carries each run's settings JSON on a comment line,
//   # settings run 2: {"version":1,...}
// before the rows, so `lrlab run lrlab-runs.csv --run 2` reproduces run 2 from the file alone.
#include <string>

namespace lrlab {

// True when `text` looks like the page's export (its first character is '#') rather than a
// settings JSON.
bool is_runs_export(const std::string& text);

// The settings JSON of run `run` (1-based; 0 = the only run) from an export's text. Throws
// lrlab::Error naming `source` when the run is not there, or when the file holds several runs and
// none was chosen (the message lists the runs it has).
std::string settings_from_export(const std::string& text, int run, const std::string& source);

}  // namespace lrlab
