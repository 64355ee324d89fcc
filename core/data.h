#pragma once
// Seeded problems generated in C++. Samples are columns: x is features x n, y is targets x n, so a
// layer computes W * x + b on a whole batch at once.
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace lrlab {

enum class Task { Binary, MultiClass, Regression };

struct Dataset {
  Eigen::MatrixXd x;  // inputs  x samples
  Eigen::MatrixXd y;  // outputs x samples: binary 0/1 (1 row), one-hot (classes rows), or values
  Task task = Task::Binary;
  Eigen::Index size() const { return x.cols(); }
};

struct ProblemConfig {
  std::string name = "spiral";  // see problem_names()
  int samples = 512;            // training + validation
  double noise = 0.1;
  double val_fraction = 0.2;    // the last share of the shuffled samples becomes validation
};

struct Problem {
  Dataset train;
  Dataset val;
};

const std::vector<std::string>& problem_names();

// Generates the samples from `seed`, shuffles them and splits train/validation. Throws Error for an
// unknown name or an out-of-range size, noise or fraction, naming "problem.<field>".
Problem make_problem(const ProblemConfig& config, std::uint64_t seed);

}  // namespace lrlab
