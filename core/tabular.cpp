#include "core/tabular.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.h"

namespace lrlab {

namespace {

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

std::string cell_place(const CsvTable& table, int row_index, int column) {
  return "row " + std::to_string(table.rows[static_cast<std::size_t>(row_index)]) + ", " +
         describe_column(table, column);
}

int row_index_of(const CsvTable& table, int spreadsheet_row) {
  for (int i = 0; i < table.row_count(); ++i)
    if (table.rows[static_cast<std::size_t>(i)] == spreadsheet_row) return i;
  return 0;
}

std::string cell_text(const CsvColumn& column, int i) {
  return column.texts.empty() ? format_number(column.values[static_cast<std::size_t>(i)])
                              : column.texts[static_cast<std::size_t>(i)];
}

[[noreturn]] void fail_empty(const CsvTable& table, int column, const std::string& role) {
  const CsvColumn& c = table.columns[static_cast<std::size_t>(column)];
  throw Error(cell_place(table, row_index_of(table, c.first_empty_row), column) + role +
              ": the cell is empty or marks a missing value: every cell must hold a value "
              "(fill it in or remove the row)");
}

bool all_integers(const CsvColumn& column) {
  for (double v : column.values)
    if (v != std::floor(v)) return false;
  return true;
}

}  // namespace

int default_target(const CsvTable& table) {
  int text_column = -1, text_columns = 0;
  for (int j = 0; j < table.column_count(); ++j)
    if (table.columns[static_cast<std::size_t>(j)].first_text_row != 0) {
      text_column = j;
      ++text_columns;
    }
  if (text_columns != 1) return table.column_count() - 1;
  // Labels repeat; a stray word in a column of measurements does not make it the target.
  std::vector<std::string> labels = table.columns[static_cast<std::size_t>(text_column)].texts;
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  return labels.size() <= static_cast<std::size_t>(kMaxInferredClasses) ? text_column
                                                                        : table.column_count() - 1;
}

TableTarget analyse_target(const CsvTable& table, int target, const std::string& task) {
  const int columns = table.column_count();
  if (target < 0 || target > columns)
    fail_field("problem.target", std::to_string(target),
               "the CSV has " + std::to_string(columns) +
                   " columns: must be 0 (automatic: the only column holding text, else the "
                   "last) or a column number 1 to " +
                   std::to_string(columns));
  if (task != "auto" && task != "classification" && task != "regression")
    fail_field("problem.task", quoted(task), "must be one of: auto, classification, regression");

  TableTarget out;
  out.column = target == 0 ? default_target(table) : target - 1;
  const CsvColumn& column = table.columns[static_cast<std::size_t>(out.column)];
  const std::string role = ", the target";
  if (column.first_empty_row != 0) fail_empty(table, out.column, role);
  const bool text = column.first_text_row != 0;

  // Distinct labels, in a fixed order: numbers ascending, text by bytes.
  std::vector<double> numbers;
  std::vector<std::string> labels;
  if (text) {
    labels = column.texts;
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  } else {
    numbers = column.values;
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  }
  const std::size_t distinct = text ? labels.size() : numbers.size();

  bool classify = task == "classification";
  if (task == "auto")
    classify =
        text || (all_integers(column) && distinct <= static_cast<std::size_t>(kMaxInferredClasses));
  if (!classify) {
    if (text) {
      const int i = row_index_of(table, column.first_text_row);
      const std::string cell = cell_text(column, i);
      const std::string advice = number_format_advice(cell, table.delimiter);
      throw Error(cell_place(table, i, out.column) + role + ": " + quoted(cell) +
                  " is not a number: " +
                  (advice.empty() ? "a regression target must be numeric (or set the task to "
                                    "classification)"
                                  : advice));
    }
    out.task = Task::Regression;
    return out;
  }
  if (distinct < 2)
    throw Error(describe_column(table, out.column) + role + ": every row holds the same class (" +
                quoted(cell_text(column, 0)) + "): a classifier needs at least two classes");
  if (distinct > static_cast<std::size_t>(kMaxClasses))
    throw Error(describe_column(table, out.column) + role + ": " + std::to_string(distinct) +
                " different values: classification takes at most " + std::to_string(kMaxClasses) +
                " classes (is this a regression target?)");
  out.classes = static_cast<int>(distinct);
  out.task = distinct == 2 ? Task::Binary : Task::MultiClass;
  if (text)
    out.class_names = labels;
  else
    for (double v : numbers) out.class_names.push_back(format_number(v));
  return out;
}

ProblemShape table_shape(const TableTarget& target, const CsvTable& table) {
  ProblemShape shape;
  shape.task = target.task;
  shape.inputs = table.column_count() - 1;
  shape.outputs = target.task == Task::MultiClass ? target.classes : 1;
  shape.classes = target.classes;
  return shape;
}

void check_features(const CsvTable& table, const TableTarget& target) {
  for (int j = 0; j < table.column_count(); ++j) {
    if (j == target.column) continue;
    const CsvColumn& column = table.columns[static_cast<std::size_t>(j)];
    // The earlier of the two faults is the one a reader meets first.
    const int empty = column.first_empty_row, text = column.first_text_row;
    if (text != 0 && (empty == 0 || text < empty)) {
      const int i = row_index_of(table, text);
      const std::string cell = cell_text(column, i);
      const std::string advice = number_format_advice(cell, table.delimiter);
      throw Error(cell_place(table, i, j) + ": " + quoted(cell) + " is not a number: " +
                  (advice.empty() ? "every column but the target must hold numbers (remove the "
                                    "column, or choose it as the target)"
                                  : advice));
    }
    if (empty != 0) fail_empty(table, j, "");
  }
}

Dataset table_dataset(const CsvTable& table, const TableTarget& target) {
  check_features(table, target);
  const int n = table.row_count();
  const int columns = table.column_count();
  const ProblemShape shape = table_shape(target, table);
  Dataset d;
  d.task = target.task;
  d.classes = target.classes;
  d.x.resize(shape.inputs, n);
  d.y.setZero(shape.outputs, n);

  int feature = 0;
  for (int j = 0; j < columns; ++j) {
    if (j == target.column) continue;
    const CsvColumn& column = table.columns[static_cast<std::size_t>(j)];
    for (int i = 0; i < n; ++i) d.x(feature, i) = column.values[static_cast<std::size_t>(i)];
    ++feature;
  }

  const CsvColumn& label = table.columns[static_cast<std::size_t>(target.column)];
  if (target.task == Task::Regression) {
    for (int i = 0; i < n; ++i) d.y(0, i) = label.values[static_cast<std::size_t>(i)];
    return d;
  }
  std::map<std::string, int> index;
  for (int k = 0; k < target.classes; ++k)
    index[target.class_names[static_cast<std::size_t>(k)]] = k;
  for (int i = 0; i < n; ++i) {
    const int k = index.at(cell_text(label, i));
    if (target.task == Task::Binary)
      d.y(0, i) = k;
    else
      d.y(k, i) = 1;
  }
  return d;
}

Standardizer Standardizer::fit(const Eigen::MatrixXd& train) {
  Standardizer s;
  const Eigen::Index rows = train.rows(), n = train.cols();
  s.unit.setOnes(rows);
  s.mean.setZero(rows);
  s.scale.setOnes(rows);
  if (n == 0) return s;
  // Plain loops in a fixed order: the page and the CLI must get the same bits.
  for (Eigen::Index r = 0; r < rows; ++r) {
    double largest = 0;
    for (Eigen::Index i = 0; i < n; ++i) largest = std::max(largest, std::fabs(train(r, i)));
    // Up to kMaxPlain the sum and the squares stay far from overflow (n <= 50,000); above it
    // the row is first divided by its largest magnitude. Dividing by 1 changes no bit.
    const double unit = largest > kMaxPlain ? largest : 1.0;
    double sum = 0;
    for (Eigen::Index i = 0; i < n; ++i) sum += train(r, i) / unit;
    const double mean = sum / static_cast<double>(n);
    double squares = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double d = train(r, i) / unit - mean;
      squares += d * d;
    }
    const double sd = std::sqrt(squares / static_cast<double>(n));
    s.unit(r) = unit;
    s.mean(r) = mean;
    s.scale(r) = sd > 0 ? sd : 1.0;
  }
  return s;
}

void Standardizer::apply(Eigen::MatrixXd& x) const {
  for (Eigen::Index i = 0; i < x.cols(); ++i)
    for (Eigen::Index r = 0; r < x.rows(); ++r) x(r, i) = (x(r, i) / unit(r) - mean(r)) / scale(r);
}

void standardize_split(Problem& problem) {
  const Standardizer features = Standardizer::fit(problem.train.x);
  features.apply(problem.train.x);
  features.apply(problem.val.x);
  if (problem.train.task == Task::Regression) {
    const Standardizer target = Standardizer::fit(problem.train.y);
    target.apply(problem.train.y);
    target.apply(problem.val.y);
  }
}

}  // namespace lrlab
