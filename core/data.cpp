#include "core/data.h"

#include <cmath>

#include "core/detmath.h"
#include "core/error.h"
#include "core/random.h"

namespace lrlab {

namespace {

constexpr double kPi = 3.141592653589793;

// Two interleaved arms, one per class; radius grows with the angle.
Dataset spiral(int n, double noise, Rng& rng) {
  Dataset d;
  d.task = Task::Binary;
  d.x.resize(2, n);
  d.y.resize(1, n);
  for (int i = 0; i < n; ++i) {
    const int label = i % 2;
    const double t = rng.uniform();  // position along the arm
    const double radius = 0.1 + 0.9 * t;
    const double angle = 1.75 * 2.0 * kPi * t + label * kPi;
    d.x(0, i) = radius * dm::sin(angle) + noise * rng.normal();
    d.x(1, i) = radius * dm::cos(angle) + noise * rng.normal();
    d.y(0, i) = label;
  }
  return d;
}

Dataset columns(const Dataset& all, const std::vector<int>& order, int begin, int end) {
  Dataset part;
  part.task = all.task;
  part.x.resize(all.x.rows(), end - begin);
  part.y.resize(all.y.rows(), end - begin);
  for (int i = begin; i < end; ++i) {
    part.x.col(i - begin) = all.x.col(order[i]);
    part.y.col(i - begin) = all.y.col(order[i]);
  }
  return part;
}

}  // namespace

const std::vector<std::string>& problem_names() {
  static const std::vector<std::string> names = {"spiral"};
  return names;
}

Problem make_problem(const ProblemConfig& config, std::uint64_t seed) {
  if (config.samples < 8 || config.samples > 100000)
    fail_field("problem.samples", config.samples, "must be an integer >= 8 and <= 100000");
  if (!(config.noise >= 0 && config.noise <= 10))
    fail_field("problem.noise", config.noise, "must be a finite number >= 0 and <= 10");
  if (!(config.val_fraction >= 0 && config.val_fraction <= 0.5))
    fail_field("problem.val_fraction", config.val_fraction, "must be a number >= 0 and <= 0.5");
  Rng rng(seed);
  Dataset all;
  if (config.name == "spiral") {
    all = spiral(config.samples, config.noise, rng);
  } else {
    fail_field("problem.name", "\"" + config.name + "\"", "must be one of: spiral");
  }
  std::vector<int> order(config.samples);
  for (int i = 0; i < config.samples; ++i) order[i] = i;
  rng.shuffle(order);
  const int val_count = static_cast<int>(std::floor(config.samples * config.val_fraction));
  const int train_count = config.samples - val_count;
  return Problem{columns(all, order, 0, train_count),
                 columns(all, order, train_count, config.samples)};
}

}  // namespace lrlab
