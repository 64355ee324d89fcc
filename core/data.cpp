#include "core/data.h"

#include <cmath>

#include "core/datasets.h"
#include "core/detmath.h"
#include "core/error.h"
#include "core/random.h"

// Every generator draws its numbers only from Rng and dm:: (never std:: distributions or libm),
// one draw per statement so the order of draws is fixed by the code and not by the compiler's
// choice of argument evaluation order: the page and the CLI get the same data from a seed.
// Classes alternate with the sample index, so every problem is balanced; the later shuffle mixes
// them. For classification `noise` jitters the inputs after the label is fixed.

namespace lrlab {

namespace {

constexpr double kPi = 3.141592653589793;

Dataset blank(Task task, int classes, int inputs, int outputs, int n) {
  Dataset d;
  d.task = task;
  d.classes = classes;
  d.x.resize(inputs, n);
  d.y.setZero(outputs, n);
  return d;
}

void jitter(Dataset& d, int i, double noise, Rng& rng) {
  for (Eigen::Index r = 0; r < d.x.rows(); ++r) {
    const double z = rng.normal();
    d.x(r, i) += noise * z;
  }
}

// Two interleaved arms, one per class; radius grows with the angle.
Dataset spiral(int n, double noise, Rng& rng) {
  Dataset d = blank(Task::Binary, 2, 2, 1, n);
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

// Two interlocking half circles of radius 1: class 0 the upper one centred at (0, 0), class 1 the
// lower one centred at (1, 0.5).
Dataset moons(int n, double noise, Rng& rng) {
  Dataset d = blank(Task::Binary, 2, 2, 1, n);
  for (int i = 0; i < n; ++i) {
    const int label = i % 2;
    const double t = kPi * rng.uniform();
    const double c = dm::cos(t), s = dm::sin(t);
    d.x(0, i) = label == 0 ? c : 1 - c;
    d.x(1, i) = label == 0 ? s : 0.5 - s;
    d.y(0, i) = label;
    jitter(d, i, noise, rng);
  }
  return d;
}

// Class 1 fills the disc of radius 0.5 (uniformly by area), class 0 the ring 0.7 <= r <= 1.
Dataset circles(int n, double noise, Rng& rng) {
  Dataset d = blank(Task::Binary, 2, 2, 1, n);
  for (int i = 0; i < n; ++i) {
    const int label = i % 2;
    const double angle = 2 * kPi * rng.uniform();
    const double u = rng.uniform();
    // Uniform by area: r^2 uniform between the inner and outer radius squared.
    const double r = label == 1 ? 0.5 * std::sqrt(u) : std::sqrt(0.49 + 0.51 * u);
    d.x(0, i) = r * dm::cos(angle);
    d.x(1, i) = r * dm::sin(angle);
    d.y(0, i) = label;
    jitter(d, i, noise, rng);
  }
  return d;
}

// Four quadrants of [-1, 1]^2; label 1 where the signs of the coordinates differ. Points are kept
// at least 0.05 from the axes so the clean labels have a margin.
Dataset xor_problem(int n, double noise, Rng& rng) {
  Dataset d = blank(Task::Binary, 2, 2, 1, n);
  for (int i = 0; i < n; ++i) {
    const int label = i % 2;
    const double sx = rng.uniform() < 0.5 ? -1.0 : 1.0;
    const double sy = label == 1 ? -sx : sx;
    const double ax = rng.uniform(0.05, 1.0);
    const double ay = rng.uniform(0.05, 1.0);
    d.x(0, i) = sx * ax;
    d.x(1, i) = sy * ay;
    d.y(0, i) = label;
    jitter(d, i, noise, rng);
  }
  return d;
}

// Three Gaussian clusters (standard deviation kBlobSpread) centred on the unit circle at 90, 210
// and 330 degrees; one-hot targets.
constexpr double kBlobSpread = 0.3;
Dataset blobs(int n, double noise, Rng& rng) {
  Dataset d = blank(Task::MultiClass, 3, 2, 3, n);
  for (int i = 0; i < n; ++i) {
    const int label = i % 3;
    const double angle = kPi / 2 + label * (2 * kPi / 3);
    const double zx = rng.normal();
    const double zy = rng.normal();
    d.x(0, i) = dm::cos(angle) + kBlobSpread * zx;
    d.x(1, i) = dm::sin(angle) + kBlobSpread * zy;
    d.y(label, i) = 1;
    jitter(d, i, noise, rng);
  }
  return d;
}

// y = sin(x) + noise, x uniform in [-pi, pi].
Dataset sine(int n, double noise, Rng& rng) {
  Dataset d = blank(Task::Regression, 0, 1, 1, n);
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-kPi, kPi);
    const double z = rng.normal();
    d.x(0, i) = x;
    d.y(0, i) = dm::sin(x) + noise * z;
  }
  return d;
}

// y = w x + b + noise, x uniform in [-1, 1]: the tutorial's weight-and-bias picture.
Dataset linear(int n, double noise, Rng& rng) {
  Dataset d = blank(Task::Regression, 0, 1, 1, n);
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-1.0, 1.0);
    const double z = rng.normal();
    d.x(0, i) = x;
    d.y(0, i) = kLinearWeight * x + kLinearBias + noise * z;
  }
  return d;
}

struct Entry {
  const char* name;
  ProblemShape shape;
  Dataset (*generate)(int, double, Rng&);
};

const Entry kProblems[] = {
    {"spiral", {Task::Binary, 2, 1, 2}, spiral},     {"moons", {Task::Binary, 2, 1, 2}, moons},
    {"circles", {Task::Binary, 2, 1, 2}, circles},   {"xor", {Task::Binary, 2, 1, 2}, xor_problem},
    {"blobs", {Task::MultiClass, 2, 3, 3}, blobs},   {"sine", {Task::Regression, 1, 1, 0}, sine},
    {"linear", {Task::Regression, 1, 1, 0}, linear},
};

const Entry& find_problem(const std::string& name) {
  for (const Entry& e : kProblems)
    if (name == e.name) return e;
  std::string allowed = "must be one of:";
  for (const std::string& known : all_problem_names()) allowed += " " + known;
  fail_field("problem.name", "\"" + name + "\"", allowed);
}

Dataset columns(const Dataset& all, const std::vector<int>& order, int begin, int end) {
  Dataset part;
  part.task = all.task;
  part.classes = all.classes;
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
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Entry& e : kProblems) out.push_back(e.name);
    return out;
  }();
  return names;
}

const std::vector<std::string>& all_problem_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out = problem_names();
    for (const std::string& name : real_problem_names()) out.push_back(name);
    return out;
  }();
  return names;
}

ProblemShape problem_shape(const std::string& name) {
  if (is_real_problem(name)) {
    ProblemConfig config;
    config.name = name;
    return real_problem_shape(config);
  }
  return find_problem(name).shape;
}

ProblemShape problem_shape(const ProblemConfig& config) {
  if (is_real_problem(config.name)) return real_problem_shape(config);
  return find_problem(config.name).shape;
}

Dataset select_columns(const Dataset& all, const std::vector<int>& order, int begin, int end) {
  return columns(all, order, begin, end);
}

Problem make_problem(const ProblemConfig& config, std::uint64_t seed) {
  if (is_real_problem(config.name)) return make_real_problem(config, seed);
  const Entry& entry = find_problem(config.name);
  if (config.samples < 8 || config.samples > 100000)
    fail_field("problem.samples", config.samples, "must be an integer >= 8 and <= 100000");
  if (!(config.noise >= 0 && config.noise <= 10))
    fail_field("problem.noise", config.noise, "must be a finite number >= 0 and <= 10");
  if (!(config.val_fraction >= 0 && config.val_fraction <= 0.5))
    fail_field("problem.val_fraction", config.val_fraction,
               "must be a finite number >= 0 and <= 0.5");
  Rng rng(seed);
  const Dataset all = entry.generate(config.samples, config.noise, rng);
  std::vector<int> order(config.samples);
  for (int i = 0; i < config.samples; ++i) order[i] = i;
  rng.shuffle(order);
  // samples * fraction rounded down, without libm: a truncating cast of a non-negative value.
  const int val_count = static_cast<int>(config.samples * config.val_fraction);
  const int train_count = config.samples - val_count;
  return Problem{columns(all, order, 0, train_count),
                 columns(all, order, train_count, config.samples)};
}

}  // namespace lrlab
