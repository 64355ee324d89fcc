// Optimizer paths on the landscape surfaces: the stability bound 2/L on the bowl, being stuck in
// or jumping out of a shallow minimum, schedules and momentum, divergence and errors. Expected
// numbers come from the surfaces' documented formulas, worked out here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/data.h"
#include "core/error.h"
#include "core/experiments/path.h"
#include "core/experiments/surfaces.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

// The bowl as surfaces.h defines it: 0.5*(a*x^2 + b*y^2). Its Hessian is diag(a, b), so the
// largest eigenvalue, the curvature that sets the stability bound, is max(a, b).
constexpr double kBowlA = 0.1;
constexpr double kBowlB = 2.0;
constexpr double kBowlLMax = kBowlA > kBowlB ? kBowlA : kBowlB;

PathConfig sgd(double lr, long steps) {
  PathConfig c;
  c.optimizer = "sgd";
  c.learning_rate = lr;
  c.steps = steps;
  return c;
}

struct Minimum {
  double x, y, value;
};

// Strict local minima of the surface on a grid over its view box (8 neighbours), lowest first:
// found without any optimizer.
std::vector<Minimum> grid_minima(const Surface& s, double step) {
  const ViewBox& v = s.info().view;
  const int nx = static_cast<int>((v.x_max - v.x_min) / step) + 1;
  const int ny = s.info().dimensions == 1 ? 1 : static_cast<int>((v.y_max - v.y_min) / step) + 1;
  auto x_at = [&](int i) { return v.x_min + i * step; };
  auto y_at = [&](int j) { return ny == 1 ? 0.0 : v.y_min + j * step; };
  std::vector<double> f(static_cast<size_t>(nx) * ny);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) f[static_cast<size_t>(j) * nx + i] = s.value(x_at(i), y_at(j));
  std::vector<Minimum> minima;
  for (int j = 0; j < ny; ++j) {
    for (int i = 1; i + 1 < nx; ++i) {
      if (ny > 1 && (j == 0 || j + 1 == ny)) continue;
      const double c = f[static_cast<size_t>(j) * nx + i];
      bool lowest = true;
      for (int dj = (ny > 1 ? -1 : 0); dj <= (ny > 1 ? 1 : 0); ++dj)
        for (int di = -1; di <= 1; ++di)
          if ((di || dj) && !(c < f[static_cast<size_t>(j + dj) * nx + i + di])) lowest = false;
      if (lowest) minima.push_back({x_at(i), y_at(j), c});
    }
  }
  std::sort(minima.begin(), minima.end(),
            [](const Minimum& a, const Minimum& b) { return a.value < b.value; });
  return minima;
}

TEST(LandscapePath, StartIsTheSurfaceDefaultAndEntryZero) {
  auto bowl = make_surface("bowl");
  const LandscapePath p = trace_path(*bowl, sgd(0.1, 5));
  ASSERT_EQ(p.x.size(), 6u);
  EXPECT_EQ(p.x[0], bowl->info().start_x);
  EXPECT_EQ(p.y[0], bowl->info().start_y);
  EXPECT_EQ(p.loss[0], bowl->value(p.x[0], p.y[0]));
  EXPECT_EQ(p.steps_done, 5);
  EXPECT_FALSE(p.diverged);
  EXPECT_EQ(p.diverged_at_step, -1);
  for (size_t k = 0; k < p.x.size(); ++k) EXPECT_EQ(p.loss[k], bowl->value(p.x[k], p.y[k]));

  PathConfig custom = sgd(0.1, 3);
  custom.start_x = 1;
  custom.start_y = -1;
  const LandscapePath q = trace_path(*bowl, custom);
  EXPECT_EQ(q.x[0], 1);
  EXPECT_EQ(q.y[0], -1);
  // Plain SGD on the bowl: each coordinate shrinks by (1 - lr * curvature) per step.
  EXPECT_NEAR(q.x[3], std::pow(1 - 0.1 * kBowlA, 3), 1e-15);
  EXPECT_NEAR(q.y[3], -std::pow(1 - 0.1 * kBowlB, 3), 1e-15);
}

TEST(LandscapePath, BowlJustBelowTheBoundZigZagsAndConverges) {
  auto bowl = make_surface("bowl");
  EXPECT_DOUBLE_EQ(bowl->value(1.5, -0.5), 0.5 * (kBowlA * 1.5 * 1.5 + kBowlB * 0.25));
  const double lr = 0.95 * 2 / kBowlLMax;
  const LandscapePath p = trace_path(*bowl, sgd(lr, 300));
  EXPECT_FALSE(p.diverged);
  EXPECT_EQ(p.steps_done, 300);
  // Along the steep axis every step overshoots the valley floor: the step's sign alternates.
  for (size_t k = 0; k + 2 < 100; ++k) {
    const double step = p.y[k + 1] - p.y[k];
    const double next = p.y[k + 2] - p.y[k + 1];
    ASSERT_LT(step * next, 0) << "step " << k;
  }
  EXPECT_LT(p.loss.back(), 1e-12 * p.loss.front());
  EXPECT_LT(std::hypot(p.x.back(), p.y.back()), 1e-6);
}

TEST(LandscapePath, BowlJustAboveTheBoundEscapes) {
  auto bowl = make_surface("bowl");
  const double lr = 1.05 * 2 / kBowlLMax;
  const LandscapePath p = trace_path(*bowl, sgd(lr, 2000));
  ASSERT_TRUE(p.diverged);
  EXPECT_GT(p.diverged_at_step, 1);
  EXPECT_EQ(p.diverged_at_step, p.steps_done);
  EXPECT_LT(p.steps_done, 2000);  // stopped early
  EXPECT_EQ(p.x.size(), static_cast<size_t>(p.steps_done) + 1);
  EXPECT_GT(p.loss.back(), 1e6 * p.loss.front());
  EXPECT_LE(p.loss[p.loss.size() - 2], 1e6 * p.loss.front());  // the one before was still below
  // The steep coordinate grows by |1 - lr*b| = 1.1 per step, alternating in sign.
  for (size_t k = 1; k < p.y.size(); ++k)
    EXPECT_NEAR(p.y[k], p.y[k - 1] * (1 - lr * kBowlB), 1e-9 * std::abs(p.y[k]));
}

TEST(LandscapePath, BowlAtATinyRateCrawls) {
  auto bowl = make_surface("bowl");
  const LandscapePath p = trace_path(*bowl, sgd(1e-4, 100));
  const double moved = std::hypot(p.x.back() - p.x[0], p.y.back() - p.y[0]);
  const double way = std::hypot(p.x[0] - 0, p.y[0] - 0);  // the minimum is the origin
  EXPECT_GT(moved, 0);
  EXPECT_LT(moved, 0.01 * way);
}

TEST(LandscapePath, LinearProblemStabilityBoundFromItsData) {
  ProblemConfig config;
  config.name = "linear";
  config.samples = 300;
  const Problem problem = make_problem(config, 5);
  std::vector<double> xs, ys;
  for (Eigen::Index i = 0; i < problem.train.size(); ++i) {
    xs.push_back(problem.train.x(0, i));
    ys.push_back(problem.train.y(0, i));
  }
  auto s = make_linear_surface(xs, ys);
  // Hessian of the MSE over (w, b): 2*[[mean x^2, mean x], [mean x, 1]]; L is its top eigenvalue.
  double mx = 0, mxx = 0;
  for (double x : xs) {
    mx += x / static_cast<double>(xs.size());
    mxx += x * x / static_cast<double>(xs.size());
  }
  const double p = 2 * mxx, q = 2 * mx, r = 2;
  const double l_max = 0.5 * (p + r) + std::sqrt(0.25 * (p - r) * (p - r) + q * q);

  const LandscapePath below = trace_path(*s, sgd(0.95 * 2 / l_max, 2000));
  EXPECT_FALSE(below.diverged);
  EXPECT_NEAR(below.x.back(), s->info().min_x, 1e-6);
  EXPECT_NEAR(below.y.back(), s->info().min_y, 1e-6);
  const LandscapePath above = trace_path(*s, sgd(1.05 * 2 / l_max, 2000));
  EXPECT_TRUE(above.diverged);
}

TEST(LandscapePath, TwoBasinsSmallRateIsStuckLargerRateJumpsOut) {
  auto s = make_surface("two_basins");
  const std::vector<Minimum> minima = grid_minima(*s, 0.005);
  ASSERT_EQ(minima.size(), 2u);
  const Minimum& global = minima[0];
  const Minimum& shallow = minima[1];
  EXPECT_GT(shallow.value, global.value + 0.2);

  const LandscapePath small = trace_path(*s, sgd(0.05, 3000));
  EXPECT_FALSE(small.diverged);
  EXPECT_NEAR(small.x.back(), shallow.x, 0.01);
  EXPECT_NEAR(small.y.back(), shallow.y, 0.01);

  const LandscapePath large = trace_path(*s, sgd(0.5, 3000));
  EXPECT_FALSE(large.diverged);
  EXPECT_NEAR(large.x.back(), global.x, 0.01);
  EXPECT_NEAR(large.y.back(), global.y, 0.01);
}

TEST(LandscapePath, Valley1dSmallRateIsStuckLargerRateJumpsOut) {
  auto s = make_surface("valley_1d");
  const std::vector<Minimum> minima = grid_minima(*s, 1e-4);
  ASSERT_EQ(minima.size(), 2u);
  const Minimum& global = minima[0];
  const Minimum& shallow = minima[1];
  EXPECT_GT(shallow.value, global.value + 0.2);

  const LandscapePath small = trace_path(*s, sgd(0.05, 3000));
  EXPECT_NEAR(small.x.back(), shallow.x, 1e-3);
  const LandscapePath large = trace_path(*s, sgd(0.5, 3000));
  EXPECT_NEAR(large.x.back(), global.x, 1e-3);
  EXPECT_FALSE(large.diverged);
}

TEST(LandscapePath, OneDimensionalPathMovesXAlone) {
  // AdamW's decoupled weight decay would pull a second parameter towards 0 even with a zero
  // gradient; on a 1-D surface there is no second parameter, so y stays put.
  auto s = make_surface("valley_1d");
  PathConfig c = sgd(0.01, 50);
  c.optimizer = "adamw";
  c.start_y = 5;  // ignored in 1-D
  const LandscapePath p = trace_path(*s, c);
  for (double y : p.y) EXPECT_EQ(y, s->info().start_y);
  EXPECT_NE(p.x.back(), p.x.front());
}

TEST(LandscapePath, MomentumWithAStepDecayScheduleFollowsTheSchedule) {
  auto bowl = make_surface("bowl");
  ParamValues schedule_values;
  schedule_values.numbers["step_size"] = 10;
  schedule_values.numbers["gamma"] = 0.5;
  const auto schedule = find_schedule("step").make(schedule_values);

  for (Granularity granularity : {Granularity::Step, Granularity::Epoch}) {
    PathConfig c = sgd(0.05, 40);
    c.optimizer_params.numbers["momentum"] = 0.9;
    c.schedule = schedule.get();
    c.granularity = granularity;
    const LandscapePath p = trace_path(*bowl, c);
    ASSERT_EQ(p.learning_rate.size(), 40u);
    ASSERT_EQ(p.steps_done, 40);

    // lr(s) = lr0 * gamma^floor(s / step_size), s = updates done before this one.
    double x = bowl->info().start_x, y = bowl->info().start_y, mx = 0, my = 0;
    for (int k = 0; k < 40; ++k) {
      const double lr = 0.05 * std::pow(0.5, k / 10);
      EXPECT_DOUBLE_EQ(p.learning_rate[static_cast<size_t>(k)], lr) << "update " << k + 1;
      // Keras SGD momentum: m = momentum*m - lr*g; w += m.
      mx = 0.9 * mx - lr * (kBowlA * x);
      my = 0.9 * my - lr * (kBowlB * y);
      x += mx;
      y += my;
      EXPECT_NEAR(p.x[static_cast<size_t>(k) + 1], x, 1e-12) << "update " << k + 1;
      EXPECT_NEAR(p.y[static_cast<size_t>(k) + 1], y, 1e-12) << "update " << k + 1;
    }
    EXPECT_EQ(p.learning_rate[10], p.learning_rate[9] / 2);
    EXPECT_EQ(p.learning_rate[30], 0.05 / 8);
  }
}

TEST(LandscapePath, SlicedAdvanceEqualsOneCall) {
  auto s = make_surface("rosenbrock");
  PathConfig c;
  c.optimizer = "adam";
  c.learning_rate = 0.02;
  c.steps = 250;
  const LandscapePath whole = trace_path(*s, c);
  PathTracer tracer(*s, c);
  long total = 0;
  while (!tracer.finished()) total += tracer.advance(7);
  EXPECT_EQ(total, 250);
  EXPECT_EQ(tracer.advance(10), 0);
  EXPECT_EQ(tracer.path().x, whole.x);
  EXPECT_EQ(tracer.path().y, whole.y);
  EXPECT_EQ(tracer.path().loss, whole.loss);
  EXPECT_LT(whole.loss.back(), whole.loss.front());
}

TEST(LandscapePath, ExplodingOrNonFiniteLossDiverges) {
  // From the classic start a rate of 1 throws Rosenbrock's point far up the wall at once.
  auto s = make_surface("rosenbrock");
  const LandscapePath p = trace_path(*s, sgd(1.0, 100));
  ASSERT_TRUE(p.diverged);
  EXPECT_EQ(p.diverged_at_step, 1);
  EXPECT_EQ(p.steps_done, 1);
  EXPECT_GT(p.loss[1], 1e6 * p.loss[0]);

  // A start whose loss overflows is diverged before any update.
  auto bowl = make_surface("bowl");
  PathConfig c = sgd(0.1, 10);
  c.start_x = 1e200;
  const LandscapePath q = trace_path(*bowl, c);
  EXPECT_TRUE(q.diverged);
  EXPECT_EQ(q.diverged_at_step, 0);
  EXPECT_EQ(q.steps_done, 0);
  EXPECT_EQ(q.x.size(), 1u);
}

TEST(LandscapePath, ErrorsNameTheField) {
  auto bowl = make_surface("bowl");
  auto expect_error = [&](const PathConfig& c, const std::string& prefix) {
    try {
      PathTracer tracer(*bowl, c);
      FAIL() << "no error for " << prefix;
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what();
    }
  };
  PathConfig c = sgd(0.1, 10);
  c.steps = -1;
  expect_error(c, "landscape.steps: ");
  c = sgd(0.1, 10);
  c.start_x = INFINITY;
  expect_error(c, "landscape.start_x: ");
  c = sgd(0.1, 10);
  c.start_y = -INFINITY;
  expect_error(c, "landscape.start_y: ");
  c = sgd(0, 10);
  expect_error(c, "optimizer.learning_rate: ");
  c = sgd(0.1, 10);
  c.optimizer = "lbfgs";
  expect_error(c, "optimizer.name: ");
  c = sgd(0.1, 10);
  c.optimizer_params.numbers["momentum"] = 2;
  expect_error(c, "optimizer.momentum: ");

  ParamValues formula;
  formula.texts["expression"] = "step < 5 ? 0.1 : -1";
  const auto schedule = find_schedule("formula").make(formula);
  c = sgd(0.1, 10);
  c.schedule = schedule.get();
  expect_error(c, "schedule: rate at step 5");
}

}  // namespace
}  // namespace lrlab
