#pragma once
// A problem's samples, split into training and validation. Samples are columns: x is features x
// n, y is targets x n, so a layer computes W * x + b on a whole batch at once. Which problems
// exist and where their samples come from is the registry's (core/problems.h).
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lrlab {

enum class Task { Binary, MultiClass, Regression };

struct Dataset {
  Eigen::MatrixXd x;  // inputs  x samples
  Eigen::MatrixXd y;  // outputs x samples: binary 0/1 (1 row), one-hot (classes rows), or values
  Task task = Task::Binary;
  int classes = 2;  // 2 for Binary, the one-hot width for MultiClass, 0 for Regression
  Eigen::Index size() const { return x.cols(); }
  Eigen::Index inputs() const { return x.rows(); }
  Eigen::Index outputs() const { return y.rows(); }
};

// What a problem looks like before any sample is drawn, so a model can be sized from the name.
struct ProblemShape {
  Task task = Task::Binary;
  int inputs = 2;
  int outputs = 1;  // 1 for Binary and Regression, `classes` for MultiClass
  int classes = 2;
};

struct ProblemConfig {
  std::string name = "spiral";  // see core/problems.h
  int samples = 512;            // training + validation, 8 to 100000
  double noise = 0.1;           // standard deviation of Gaussian jitter (inputs or target), 0 to 10
  double val_fraction = 0.2;    // the last share of the shuffled samples becomes validation
  // The user's own CSV (name "csv", core/problems.h) only: the target column (1-based; 0 =
  // automatic: the only column holding text labels, else the last) and the task ("auto",
  // "classification", "regression"). Real problems ignore samples and noise: they
  // have the rows they have.
  int target = 0;
  std::string task = "auto";
};

struct Problem {
  Dataset train;
  Dataset val;
};

// A real problem's table as the CSV door accepted it (core/datasets.h): immutable, shared by every
// trainer it is given to.
struct ProblemTable;
using TableRef = std::shared_ptr<const ProblemTable>;

// The generated problems' names, in the registry's order.
const std::vector<std::string>& problem_names();
// Every name problem.name accepts: the generated problems, then the tables.
const std::vector<std::string>& all_problem_names();

// A problem's shape before any sample is drawn, so a model can be sized. A generated problem's
// and a built-in table's are known from the name; the user's CSV needs its `table` (and the
// config's target and task). Throws Error naming "problem.name" for an unknown name or a missing
// table.
ProblemShape problem_shape(const std::string& name);
ProblemShape problem_shape(const ProblemConfig& config, const TableRef& table = nullptr);

// The samples order[begin..end) of `all`, as a dataset of their own.
Dataset select_columns(const Dataset& all, const std::vector<int>& order, int begin, int end);

// The noiseless line behind "linear": y = kLinearWeight * x + kLinearBias (+ noise), x in [-1, 1].
constexpr double kLinearWeight = 2.0;
constexpr double kLinearBias = 0.5;

// The problem's samples, shuffled and split into training and validation by `seed`: drawn from
// the seed for a generated problem, taken from `table` for a real one (which must be the table
// of that problem; standardized from the training part). Throws Error for an unknown name, a
// missing or mismatched table, or an out-of-range size, noise or fraction, naming
// "problem.<field>".
Problem make_problem(const ProblemConfig& config, std::uint64_t seed,
                     const TableRef& table = nullptr);

}  // namespace lrlab
