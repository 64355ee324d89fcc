#pragma once
// Real problems: the five built-in tables (data/*.csv, see data/README.md) and the user's own CSV
// (problem name "csv"). Their data is not generated from the seed but loaded: the page fetches a
// built-in file when it is chosen (or reads the user's file) and hands the text to every worker's
// core with load_dataset(); the CLI reads data/ (or --data FILE). make_problem() then finds the
// table here, splits it with the seed and standardizes it from the training part.
#include <memory>
#include <string>
#include <vector>

#include "core/csv_table.h"
#include "core/data.h"
#include "core/tabular.h"

namespace lrlab {

constexpr const char* kUserCsvProblem = "csv";

struct BuiltInDataset {
  const char* name;   // the problem name, also data/<name>.csv
  const char* title;  // for people: "Iris (UCI)"
  Task task;
  int rows;
  int features;
  int classes;  // 0 for regression
};

const std::vector<BuiltInDataset>& built_in_datasets();
const BuiltInDataset* find_built_in(const std::string& name);  // nullptr if not built in
// The built-in names, then "csv".
const std::vector<std::string>& real_problem_names();
bool is_real_problem(const std::string& name);

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

// Parses and checks `text` as the table of problem `name` (a built-in name or "csv"), with the
// given target (1-based, 0: last) and task, and keeps it for make_problem(). A built-in table must
// have its documented shape. On any error (naming row and column) the table loaded before under
// this name stays as it was. Not thread-safe; each wasm instance is one thread.
DatasetSummary load_dataset(const std::string& name, const std::string& text, int target = 0,
                            const std::string& task = "auto");
// The CLI's form for --data FILE: the file's shape is checked now, its target and cells when the
// settings name their target and task (parse_settings, then the trainer), with the same messages.
void store_table(const std::string& name, const std::string& text);
void unload_dataset(const std::string& name);
bool dataset_loaded(const std::string& name);

// The table loaded as `name`, or an Error naming "problem.name" that says how to load it.
std::shared_ptr<const CsvTable> loaded_table(const std::string& name);

// The table's summary as JSON (the page's form).
std::string dataset_summary_json(const DatasetSummary& summary);

// A real problem from its loaded table: analysed with the config's target and task (built-ins:
// last column, their own task), shuffled and split by the seed, standardized from the training
// part. problem_shape()/make_problem() in core/data.h come here for real names.
ProblemShape real_problem_shape(const ProblemConfig& config);
Problem make_real_problem(const ProblemConfig& config, std::uint64_t seed);

}  // namespace lrlab
