#include "core/datasets.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/error.h"
#include "core/problems.h"
#include "core/random.h"

namespace lrlab {

namespace {

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

void check_built_in_shape(const ProblemInfo& d, const CsvTable& table, const TableTarget& target) {
  if (table.row_count() != d.rows || table.column_count() != d.shape.inputs + 1 ||
      target.task != d.shape.task || target.classes != d.shape.classes)
    throw Error(std::string(d.name) + ": the loaded table has " +
                std::to_string(table.row_count()) + " rows, " +
                std::to_string(table.column_count() - 1) + " features and " +
                std::to_string(target.classes) + " classes; data/" + d.name + ".csv has " +
                std::to_string(d.rows) + ", " + std::to_string(d.shape.inputs) + " and " +
                std::to_string(d.shape.classes) + " (regenerate it with scripts/datasets.sh)");
}

// A built-in table's target is its last column and its task is its own.
const char* built_in_task(const ProblemInfo& d) {
  return d.shape.task == Task::Regression ? "regression" : "classification";
}

// The entry `name` names, if it is a problem given as a table; else an Error naming `field`.
const ProblemInfo& table_entry(const std::string& field, const std::string& name) {
  for (const ProblemInfo& entry : problem_registry())
    if (entry.needs_table() && name == entry.name) return entry;
  std::string allowed = "must be one of:";
  for (const ProblemInfo& entry : problem_registry())
    if (entry.needs_table()) allowed += std::string(" ") + entry.name;
  fail_field(field, quoted(name), allowed);
}

// The table given for config.name, or an Error naming "problem.name" that says how to give it.
const CsvTable& given_table(const std::string& name, const TableRef& table) {
  if (table && table->name == name) return table->csv;
  if (table)
    fail_field(
        "problem.name", quoted(name),
        "the table given is \"" + table->name + "\"'s: give the one loaded as \"" + name + "\"");
  if (name == kUserCsvProblem)
    fail_field("problem.name", quoted(name),
               "this is your own CSV, and its data is not stored in settings or links: load the "
               "file first (the page's \"Your CSV\" picker, or lrlab run --data FILE.csv)");
  fail_field("problem.name", quoted(name),
             "its data is not loaded yet (the page loads data/" + name +
                 ".csv when it is chosen; the CLI reads it from data/ or --data-dir)");
}

TableTarget target_for(const ProblemConfig& config, const ProblemInfo& entry,
                       const CsvTable& table) {
  if (entry.source == ProblemSource::BuiltInTable)
    return analyse_target(table, 0, built_in_task(entry));
  return analyse_target(table, config.target, config.task);
}

}  // namespace

LoadedTable load_table(const std::string& name, const std::string& text, int target,
                       const std::string& task) {
  const ProblemInfo& entry = table_entry("dataset.name", name);
  const bool built_in = entry.source == ProblemSource::BuiltInTable;
  auto table = std::make_shared<ProblemTable>(ProblemTable{name, parse_csv(text)});
  const TableTarget checked = built_in ? analyse_target(table->csv, 0, built_in_task(entry))
                                       : analyse_target(table->csv, target, task);
  if (built_in) check_built_in_shape(entry, table->csv, checked);
  check_features(table->csv, checked);  // every feature cell a number

  LoadedTable loaded;
  DatasetSummary& summary = loaded.summary;
  summary.name = name;
  summary.rows = table->csv.row_count();
  summary.columns = table->csv.column_count();
  summary.has_header = table->csv.has_header;
  for (const CsvColumn& column : table->csv.columns) summary.column_names.push_back(column.name);
  summary.target = checked;
  summary.delimiter = table->csv.delimiter;
  summary.decimal_comma = !table->csv.decimal_comma_example.empty();
  summary.format = describe_format(table->csv);
  loaded.table = std::move(table);
  return loaded;
}

TableRef read_table(const std::string& name, const std::string& text) {
  if (table_entry("dataset.name", name).source != ProblemSource::UserTable)
    return load_table(name, text).table;
  return std::make_shared<ProblemTable>(ProblemTable{name, parse_csv(text)});
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

ProblemShape table_problem_shape(const ProblemConfig& config, const TableRef& table) {
  const ProblemInfo& entry = find_problem(config.name);
  if (entry.source == ProblemSource::BuiltInTable) return entry.shape;
  const CsvTable& csv = given_table(config.name, table);
  const TableTarget target = target_for(config, entry, csv);
  // parse_settings() asks for the shape: settings it accepts must train, so the features that
  // this target leaves are checked here, not first when a Trainer is built.
  check_features(csv, target);
  return table_shape(target, csv);
}

Problem make_table_problem(const ProblemConfig& config, std::uint64_t seed, const TableRef& table) {
  if (!(config.val_fraction >= 0 && config.val_fraction <= 0.5))
    fail_field("problem.val_fraction", config.val_fraction,
               "must be a finite number >= 0 and <= 0.5");
  const ProblemInfo& entry = find_problem(config.name);
  const CsvTable& csv = given_table(config.name, table);
  const Dataset all = table_dataset(csv, target_for(config, entry, csv));
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
