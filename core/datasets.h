#pragma once
// The CSV door for real problems (core/problems.h): the five built-in tables and the user's own
// CSV. Whoever holds a table's text loads it here into a ProblemTable and gives that to every
// trainer, sweep or range test that trains on it (the page's worker when a run needs it, the CLI
// from data/ or --data FILE); nothing is kept here. make_problem() (core/data.h) then splits the
// table with the seed and standardizes it from the training part.
#include <memory>
#include <string>
#include <vector>

#include "core/csv_table.h"
#include "core/data.h"
#include "core/tabular.h"

namespace lrlab {

struct ProblemTable {
  std::string name;  // the problem it was checked for: a built-in table's name or "csv"
  CsvTable csv;
};

// What the page shows about a loaded table.
struct DatasetSummary {
  std::string name;
  int rows = 0;
  int columns = 0;
  bool has_header = false;
  std::vector<std::string> column_names;
  TableTarget target;  // as checked at load (the given target column and task)
  char delimiter = ',';
  bool decimal_comma = false;  // some number was written with a decimal comma
  // describe_format(): how the file is written, in a sentence ("" for the usual comma-separated
  // file with decimal points). The page shows it in the table's summary.
  std::string format;
};

struct LoadedTable {
  TableRef table;
  DatasetSummary summary;
};

// Parses and checks `text` as the table of problem `name` (a built-in table's name or "csv"),
// with the given target (1-based, 0: automatic) and task; a built-in table must have its
// documented shape, with its last column as target. Throws Error naming row and column.
LoadedTable load_table(const std::string& name, const std::string& text, int target = 0,
                       const std::string& task = "auto");
// The CLI's form for --data FILE as "csv": the file's shape is checked now, its target and cells
// when the settings name their target and task (parse_settings, then the trainer), with the same
// messages. A built-in name is checked whole, as load_table does.
TableRef read_table(const std::string& name, const std::string& text);

// The table's summary as JSON (the page's form).
std::string dataset_summary_json(const DatasetSummary& summary);

// A real problem's shape and samples: core/data.h's problem_shape() and make_problem() come
// here for the problems that need a table. The table must be the one loaded for config.name
// (else an Error naming "problem.name" that says how to give it); a built-in table's shape is
// documented, so settings naming it validate without the table. For the user's CSV the shape is
// given only when the table serves the target: every other column's cells numbers (else an Error
// naming the cell's row and column).
ProblemShape table_problem_shape(const ProblemConfig& config, const TableRef& table);
Problem make_table_problem(const ProblemConfig& config, std::uint64_t seed, const TableRef& table);

}  // namespace lrlab
