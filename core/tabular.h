#pragma once
// A CSV table (core/csv_table.h) as a learning problem: which column is the target, whether the
// task is classification or regression, the classes, and the samples as a Dataset. Every cell
// that cannot serve (a feature that is not a number, an empty cell, a single class) is an
// lrlab::Error naming the row and the column. Then the split's features (and a regression
// target) are standardized with the training part's statistics only.
#include <string>
#include <vector>

#include "core/csv_table.h"
#include "core/data.h"

namespace lrlab {

// Classification is inferred when the target holds text, or only integers with at most this many
// distinct values; otherwise regression. problem.task overrides it.
constexpr int kMaxInferredClasses = 20;
constexpr int kMaxClasses = 64;

struct TableTarget {
  int column = 0;  // 0-based index of the target column
  Task task = Task::Regression;
  int classes = 0;                       // 0 for regression
  std::vector<std::string> class_names;  // class i's label as the file writes it (sorted)
};

// The target when none is chosen (problem.target 0): the one column holding text, if exactly one
// does and it has at most kMaxInferredClasses distinct values (class labels written as words),
// else the last column. 0-based.
int default_target(const CsvTable& table);

// target: 1-based column number, 0 for default_target(); task: "auto", "classification" or
// "regression". Throws naming "problem.target" / "problem.task" or the row and column of a cell.
TableTarget analyse_target(const CsvTable& table, int target, const std::string& task);

ProblemShape table_shape(const TableTarget& target, const CsvTable& table);

// Throws for an empty or non-numeric cell outside the target column, naming its row and column:
// what table_dataset() would refuse, checked from the columns' summaries without building it.
void check_features(const CsvTable& table, const TableTarget& target);

// Every row as a sample (features: every column but the target, in file order), unstandardized.
// Throws as check_features() does.
Dataset table_dataset(const CsvTable& table, const TableTarget& target);

// Per-row statistics of the training part (population standard deviation; a constant feature
// keeps scale 1 so it becomes 0, not NaN). A row holding a magnitude above kMaxPlain is measured
// in units of its largest magnitude (unit), so that numbers near the largest double give finite
// statistics; other rows have unit 1. apply(): x -> (x / unit - mean) / scale.
struct Standardizer {
  static constexpr double kMaxPlain = 1e150;
  Eigen::VectorXd unit, mean, scale;
  static Standardizer fit(const Eigen::MatrixXd& train);
  void apply(Eigen::MatrixXd& x) const;
};

// Standardizes the features of both parts, and a regression target too (so a mean squared error
// of 1 means "no better than predicting the training mean", whatever the target's units), with the
// training part's statistics only: the validation part stays unseen.
void standardize_split(Problem& problem);

}  // namespace lrlab
