#include "core/generators.h"

#include <cmath>

#include "core/detmath.h"

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

}  // namespace

// Two interleaved arms, one per class; radius grows with the angle.
Dataset generate_spiral(int n, double noise, Rng& rng) {
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
Dataset generate_moons(int n, double noise, Rng& rng) {
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
Dataset generate_circles(int n, double noise, Rng& rng) {
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
Dataset generate_xor(int n, double noise, Rng& rng) {
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
Dataset generate_blobs(int n, double noise, Rng& rng) {
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
Dataset generate_sine(int n, double noise, Rng& rng) {
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
Dataset generate_linear(int n, double noise, Rng& rng) {
  Dataset d = blank(Task::Regression, 0, 1, 1, n);
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-1.0, 1.0);
    const double z = rng.normal();
    d.x(0, i) = x;
    d.y(0, i) = kLinearWeight * x + kLinearBias + noise * z;
  }
  return d;
}

}  // namespace lrlab
