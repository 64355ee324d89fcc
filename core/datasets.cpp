#include "core/datasets.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>

#include "core/error.h"
#include "core/random.h"

namespace lrlab {

namespace {

// Shapes as the sources document them (data/README.md); a file that differs is refused.
const std::vector<BuiltInDataset> kBuiltIn = {
    {"iris", "Iris (UCI)", Task::MultiClass, 150, 4, 3},
    {"wine", "Wine (UCI)", Task::MultiClass, 178, 13, 3},
    {"breast_cancer", "Breast Cancer Wisconsin, diagnostic (UCI)", Task::Binary, 569, 30, 2},
    {"digits", "Handwritten digits 8x8 (UCI)", Task::MultiClass, 1797, 64, 10},
    {"diabetes", "Diabetes progression (Efron et al. 2004)", Task::Regression, 442, 10, 0},
};

struct Loaded {
  std::shared_ptr<const CsvTable> table;
  TableTarget target;  // as checked at load
};

std::map<std::string, Loaded>& store() {
  static std::map<std::string, Loaded> tables;
  return tables;
}

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

const char* task_word(Task task) {
  switch (task) {
    case Task::Binary:
      return "binary";
    case Task::MultiClass:
      return "multiclass";
    case Task::Regression:
      return "regression";
  }
  return "regression";
}

void check_built_in_shape(const BuiltInDataset& d, const CsvTable& table,
                          const TableTarget& target) {
  if (table.row_count() != d.rows || table.column_count() != d.features + 1 ||
      target.task != d.task || target.classes != d.classes)
    throw Error(std::string(d.name) + ": the loaded table has " +
                std::to_string(table.row_count()) + " rows, " +
                std::to_string(table.column_count() - 1) + " features and " +
                std::to_string(target.classes) + " classes; data/" + d.name + ".csv has " +
                std::to_string(d.rows) + ", " + std::to_string(d.features) + " and " +
                std::to_string(d.classes) + " (regenerate it with scripts/datasets.sh)");
}

// A built-in table's target is its last column and its task is its own.
const char* built_in_task(const BuiltInDataset& d) {
  return d.task == Task::Regression ? "regression" : "classification";
}

}  // namespace

const std::vector<BuiltInDataset>& built_in_datasets() {
  return kBuiltIn;
}

const BuiltInDataset* find_built_in(const std::string& name) {
  for (const BuiltInDataset& d : kBuiltIn)
    if (name == d.name) return &d;
  return nullptr;
}

const std::vector<std::string>& real_problem_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const BuiltInDataset& d : kBuiltIn) out.push_back(d.name);
    out.push_back(kUserCsvProblem);
    return out;
  }();
  return names;
}

bool is_real_problem(const std::string& name) {
  return name == kUserCsvProblem || find_built_in(name) != nullptr;
}

DatasetSummary load_dataset(const std::string& name, const std::string& text, int target,
                            const std::string& task) {
  if (!is_real_problem(name)) {
    std::string allowed = "must be one of:";
    for (const std::string& n : real_problem_names()) allowed += " " + n;
    fail_field("dataset.name", quoted(name), allowed);
  }
  const BuiltInDataset* built_in = find_built_in(name);
  auto table = std::make_shared<CsvTable>(parse_csv(text));
  const TableTarget checked = built_in ? analyse_target(*table, 0, built_in_task(*built_in))
                                       : analyse_target(*table, target, task);
  if (built_in) check_built_in_shape(*built_in, *table, checked);
  table_dataset(*table, checked);  // every feature cell a number: checked before anything changes

  DatasetSummary summary;
  summary.name = name;
  summary.rows = table->row_count();
  summary.columns = table->column_count();
  summary.has_header = table->has_header;
  for (const CsvColumn& column : table->columns) summary.column_names.push_back(column.name);
  summary.target = checked;
  summary.delimiter = table->delimiter;
  summary.decimal_comma = !table->decimal_comma_example.empty();
  summary.format = describe_format(*table);
  store()[name] = Loaded{std::move(table), checked};
  return summary;
}

void store_table(const std::string& name, const std::string& text) {
  if (find_built_in(name) != nullptr || !is_real_problem(name)) {
    load_dataset(name, text);
    return;
  }
  auto table = std::make_shared<CsvTable>(parse_csv(text));
  store()[name] = Loaded{std::move(table), TableTarget{}};
}

void unload_dataset(const std::string& name) {
  store().erase(name);
}

bool dataset_loaded(const std::string& name) {
  return store().count(name) != 0;
}

std::shared_ptr<const CsvTable> loaded_table(const std::string& name) {
  const auto found = store().find(name);
  if (found != store().end()) return found->second.table;
  if (name == kUserCsvProblem)
    fail_field("problem.name", quoted(name),
               "this is your own CSV, and its data is not stored in settings or links: load the "
               "file first (the page's \"Your CSV\" picker, or lrlab run --data FILE.csv)");
  fail_field("problem.name", quoted(name),
             "its data is not loaded yet (the page loads data/" + name +
                 ".csv when it is chosen; the CLI reads it from data/ or --data-dir)");
}

std::string dataset_summary_json(const DatasetSummary& s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> out(buffer);
  out.StartObject();
  out.Key("name");
  out.String(s.name.c_str());
  out.Key("rows");
  out.Int(s.rows);
  out.Key("columns");
  out.Int(s.columns);
  out.Key("has_header");
  out.Bool(s.has_header);
  out.Key("column_names");
  out.StartArray();
  for (const std::string& n : s.column_names) out.String(n.c_str());
  out.EndArray();
  out.Key("target");
  out.Int(s.target.column + 1);
  out.Key("task");
  out.String(task_word(s.target.task));
  out.Key("classes");
  out.Int(s.target.classes);
  out.Key("class_names");
  out.StartArray();
  for (const std::string& n : s.target.class_names) out.String(n.c_str());
  out.EndArray();
  out.Key("delimiter");
  out.String(std::string(1, s.delimiter).c_str());
  out.Key("decimal_comma");
  out.Bool(s.decimal_comma);
  out.Key("format");
  out.String(s.format.c_str());
  out.EndObject();
  return buffer.GetString();
}

namespace {

TableTarget target_for(const ProblemConfig& config, const CsvTable& table) {
  const BuiltInDataset* built_in = find_built_in(config.name);
  if (built_in) return analyse_target(table, 0, built_in_task(*built_in));
  return analyse_target(table, config.target, config.task);
}

}  // namespace

ProblemShape real_problem_shape(const ProblemConfig& config) {
  // A built-in table's shape is documented, so settings naming it validate before (or without)
  // its data being loaded; load_dataset() refuses a file of another shape.
  if (const BuiltInDataset* d = find_built_in(config.name)) {
    ProblemShape shape;
    shape.task = d->task;
    shape.inputs = d->features;
    shape.outputs = d->task == Task::MultiClass ? d->classes : 1;
    shape.classes = d->classes;
    return shape;
  }
  const auto table = loaded_table(config.name);
  return table_shape(target_for(config, *table), *table);
}

Problem make_real_problem(const ProblemConfig& config, std::uint64_t seed) {
  if (!(config.val_fraction >= 0 && config.val_fraction <= 0.5))
    fail_field("problem.val_fraction", config.val_fraction,
               "must be a finite number >= 0 and <= 0.5");
  const auto table = loaded_table(config.name);
  const Dataset all = table_dataset(*table, target_for(config, *table));
  const int n = static_cast<int>(all.size());
  std::vector<int> order(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  Rng rng(seed);
  rng.shuffle(order);
  // As for the generated problems: samples * fraction rounded down.
  const int val_count = static_cast<int>(n * config.val_fraction);
  const int train_count = n - val_count;
  Problem problem;
  problem.train = select_columns(all, order, 0, train_count);
  problem.val = select_columns(all, order, train_count, n);
  standardize_split(problem);
  return problem;
}

}  // namespace lrlab
