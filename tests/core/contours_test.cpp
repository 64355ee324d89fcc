// Grid evaluation, level picking and marching-squares contours: every point lies on its level,
// circles come out closed with the right radius, saddles are resolved consistently.
#include "core/experiments/contours.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/experiments/surfaces.h"

namespace lrlab {
namespace {

constexpr double kPi = 3.141592653589793;

// Small surfaces defined here, so the expected shapes come from their formulas.
class Circle final : public Surface {  // x^2 + y^2: level r^2 is the circle of radius r
 public:
  Circle() : Surface(SurfaceInfo{}) {}
  double value(double x, double y) const noexcept override { return x * x + y * y; }
  Gradient2 gradient(double x, double y) const noexcept override { return {2 * x, 2 * y}; }
  Hessian2 hessian(double, double) const noexcept override { return {2, 0, 2}; }
};

class Saddle final : public Surface {  // x*y
 public:
  Saddle() : Surface(SurfaceInfo{}) {}
  double value(double x, double y) const noexcept override { return x * y; }
  Gradient2 gradient(double x, double y) const noexcept override { return {y, x}; }
  Hessian2 hessian(double, double) const noexcept override { return {0, 1, 0}; }
};

class Waves final : public Surface {  // many saddles and closed loops
 public:
  Waves() : Surface(SurfaceInfo{}) {}
  double value(double x, double y) const noexcept override {
    return std::sin(3 * x) * std::cos(2 * y) + 0.1 * x;
  }
  Gradient2 gradient(double x, double y) const noexcept override {
    return {3 * std::cos(3 * x) * std::cos(2 * y) + 0.1, -2 * std::sin(3 * x) * std::sin(2 * y)};
  }
  Hessian2 hessian(double, double) const noexcept override { return {}; }
};

struct Polyline {
  std::vector<double> x, y;
};

std::vector<Polyline> split(const ContourLevel& c) {
  std::vector<Polyline> out;
  EXPECT_EQ(c.x.size(), c.y.size());
  Polyline current;
  for (size_t k = 0; k < c.x.size(); ++k) {
    if (std::isnan(c.x[k])) {
      EXPECT_TRUE(std::isnan(c.y[k]));
      out.push_back(current);
      current = Polyline();
    } else {
      current.x.push_back(c.x[k]);
      current.y.push_back(c.y[k]);
    }
  }
  if (!current.x.empty()) out.push_back(current);
  EXPECT_EQ(static_cast<int>(out.size()), c.polylines);
  return out;
}

// The grid's bilinear interpolant at (x, y), computed here from the grid's numbers.
double bilinear(const Grid& g, double x, double y) {
  const double hx = (g.xs.back() - g.xs.front()) / (g.nx - 1);
  const double hy = (g.ys.back() - g.ys.front()) / (g.ny - 1);
  const int i = std::clamp(static_cast<int>(std::floor((x - g.xs.front()) / hx)), 0, g.nx - 2);
  const int j = std::clamp(static_cast<int>(std::floor((y - g.ys.front()) / hy)), 0, g.ny - 2);
  const double tx = (x - g.xs[i]) / (g.xs[i + 1] - g.xs[i]);
  const double ty = (y - g.ys[j]) / (g.ys[j + 1] - g.ys[j]);
  return (1 - tx) * (1 - ty) * g.at(i, j) + tx * (1 - ty) * g.at(i + 1, j) +
         tx * ty * g.at(i + 1, j + 1) + (1 - tx) * ty * g.at(i, j + 1);
}

void expect_points_on_levels(const Grid& grid, const std::vector<ContourLevel>& lines,
                             const std::string& what) {
  const double scale = std::max({1.0, std::abs(grid.min), std::abs(grid.max)});
  for (const ContourLevel& c : lines) {
    for (size_t k = 0; k < c.x.size(); ++k) {
      if (std::isnan(c.x[k])) continue;
      ASSERT_GE(c.x[k], grid.xs.front()) << what;
      ASSERT_LE(c.x[k], grid.xs.back()) << what;
      ASSERT_GE(c.y[k], grid.ys.front()) << what;
      ASSERT_LE(c.y[k], grid.ys.back()) << what;
      ASSERT_NEAR(bilinear(grid, c.x[k], c.y[k]), c.level, 1e-12 * scale)
          << what << " level " << c.level << " point " << c.x[k] << ", " << c.y[k];
    }
  }
}

bool on_border(const Grid& g, double x, double y) {
  return x == g.xs.front() || x == g.xs.back() || y == g.ys.front() || y == g.ys.back();
}

// Consistency: joined polylines are either closed or run from border to border; a dangling end
// inside the grid would mean two neighbouring cells disagreed about an edge.
void expect_closed_or_border_to_border(const Grid& g, const std::vector<ContourLevel>& lines) {
  for (const ContourLevel& c : lines) {
    for (const Polyline& p : split(c)) {
      ASSERT_GE(p.x.size(), 2u);
      const bool closed = p.x.front() == p.x.back() && p.y.front() == p.y.back();
      if (closed) continue;
      EXPECT_TRUE(on_border(g, p.x.front(), p.y.front())) << "level " << c.level;
      EXPECT_TRUE(on_border(g, p.x.back(), p.y.back())) << "level " << c.level;
    }
  }
}

TEST(Contours, GridLayoutAndRange) {
  auto bowl = make_surface("bowl");
  const ViewBox view{-5, 5, -2.5, 2.5};
  const Grid g = evaluate_grid(*bowl, view, 7, 4);
  ASSERT_EQ(g.xs.size(), 7u);
  ASSERT_EQ(g.ys.size(), 4u);
  ASSERT_EQ(g.values.size(), 28u);
  EXPECT_EQ(g.xs.front(), -5);
  EXPECT_EQ(g.xs.back(), 5);
  EXPECT_EQ(g.ys.front(), -2.5);
  EXPECT_EQ(g.ys.back(), 2.5);
  double lo = INFINITY, hi = -INFINITY;
  for (int j = 0; j < 4; ++j) {
    for (int i = 0; i < 7; ++i) {
      EXPECT_NEAR(g.xs[i], -5 + 10.0 * i / 6, 1e-15);
      EXPECT_EQ(g.values[j * 7 + i], bowl->value(g.xs[i], g.ys[j]));
      EXPECT_EQ(g.at(i, j), g.values[j * 7 + i]);
      lo = std::min(lo, g.at(i, j));
      hi = std::max(hi, g.at(i, j));
    }
  }
  EXPECT_EQ(g.min, lo);
  EXPECT_EQ(g.max, hi);
}

TEST(Contours, GridErrorsNameTheField) {
  auto bowl = make_surface("bowl");
  auto expect_error = [&](const ViewBox& v, int nx, int ny, const std::string& prefix) {
    try {
      evaluate_grid(*bowl, v, nx, ny);
      FAIL() << "no error for " << prefix;
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what();
    }
  };
  expect_error({-1, 1, -1, 1}, 1, 10, "landscape.grid_nx: ");
  expect_error({-1, 1, -1, 1}, 10, 1001, "landscape.grid_ny: ");
  expect_error({1, 1, -1, 1}, 10, 10, "landscape.view: ");
  expect_error({-1, 1, 0, NAN}, 10, 10, "landscape.view: ");
}

TEST(Contours, PickLevelsByTheFormulas) {
  Grid g;
  g.nx = g.ny = 2;
  g.xs = {0, 1};
  g.ys = {0, 1};
  g.values = {0, 10, 5, 5};
  g.min = 0;
  g.max = 10;
  const std::vector<double> linear = pick_levels(g, 4, LevelSpacing::Linear);
  ASSERT_EQ(linear.size(), 4u);
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(linear[k], 2.0 * (k + 1), 1e-14);
  const std::vector<double> log = pick_levels(g, 4, LevelSpacing::Log);
  ASSERT_EQ(log.size(), 4u);
  // min + span * 10^(-4 (count - k) / count): 1e-3, 1e-2, 1e-1, 1.
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(log[k], 10 * std::pow(10.0, k - 4), 1e-15 * 10);
  g.min = g.max = 3;
  EXPECT_TRUE(pick_levels(g, 5, LevelSpacing::Log).empty());
  EXPECT_THROW(pick_levels(g, 0, LevelSpacing::Linear), Error);
}

TEST(Contours, CirclesAreClosedWithTheRightRadius) {
  Circle circle;
  const Grid g = evaluate_grid(circle, {-2, 2, -2, 2}, 81, 81);
  const double h = 4.0 / 80;
  for (double r : {0.5, 1.0, 1.5}) {
    const std::vector<ContourLevel> lines = contour_lines(g, {r * r});
    ASSERT_EQ(lines.size(), 1u);
    const std::vector<Polyline> polylines = split(lines[0]);
    ASSERT_EQ(polylines.size(), 1u) << "r = " << r;
    const Polyline& p = polylines[0];
    ASSERT_GT(p.x.size(), 20u);
    EXPECT_EQ(p.x.front(), p.x.back());
    EXPECT_EQ(p.y.front(), p.y.back());
    // Along a grid line x^2 + y^2 has second derivative 2, so linear interpolation errs by at
    // most 2 * h^2 / 8 in value, h^2 / (8 r) in radius.
    const double tolerance = h * h / (8 * r) * 1.001;
    double area = 0;
    for (size_t k = 0; k < p.x.size(); ++k) {
      EXPECT_NEAR(std::hypot(p.x[k], p.y[k]), r, tolerance);
      if (k + 1 < p.x.size()) area += p.x[k] * p.y[k + 1] - p.x[k + 1] * p.y[k];
    }
    EXPECT_NEAR(std::abs(area) / 2, kPi * r * r, 0.01 * kPi * r * r);
  }
  EXPECT_TRUE(contour_lines(g, {100.0})[0].x.empty());  // above every grid value
  EXPECT_EQ(contour_lines(g, {-1.0})[0].polylines, 0);  // below every grid value
}

TEST(Contours, EveryPointLiesOnItsLevel) {
  for (const std::string& name : analytic_surface_names()) {
    auto s = make_surface(name);
    const Grid g = evaluate_grid(*s, s->info().view, 90, 70);
    const std::vector<double> levels = pick_levels(g, 15, s->info().level_spacing);
    ASSERT_EQ(levels.size(), 15u);
    const std::vector<ContourLevel> lines = contour_lines(g, levels);
    ASSERT_EQ(lines.size(), levels.size());
    int drawn = 0;
    for (size_t k = 0; k < lines.size(); ++k) {
      EXPECT_EQ(lines[k].level, levels[k]);
      drawn += lines[k].polylines > 0;
    }
    EXPECT_GE(drawn, 10) << name;
    expect_points_on_levels(g, lines, name);
    expect_closed_or_border_to_border(g, lines);
  }
}

TEST(Contours, BowlPointsAreNearTheTrueLevel) {
  auto bowl = make_surface("bowl");
  const ViewBox v = bowl->info().view;
  const int nx = 60, ny = 40;
  const Grid g = evaluate_grid(*bowl, v, nx, ny);
  const double hx = (v.x_max - v.x_min) / (nx - 1), hy = (v.y_max - v.y_min) / (ny - 1);
  // 0.5*(a x^2 + b y^2), a = 0.1, b = 2: interpolating along a grid line errs by at most
  // curvature * h^2 / 8.
  const double tolerance = std::max(0.1 * hx * hx, 2 * hy * hy) / 8 * 1.001;
  for (const ContourLevel& c : contour_lines(g, pick_levels(g, 12, LevelSpacing::Log))) {
    for (size_t k = 0; k < c.x.size(); ++k) {
      if (std::isnan(c.x[k])) continue;
      EXPECT_NEAR(bowl->value(c.x[k], c.y[k]), c.level, tolerance);
    }
  }
}

TEST(Contours, TwoBasinsDefaultLevelsRingTheDip) {
  // The dip's bottom (about 0.31 near (1.84, 0.92)) sits below its saddle (about 0.76): the
  // surface's own level spacing must put a closed line around the dip alone, or the chart would
  // not show the trap.
  auto s = make_surface("two_basins");
  const Grid g = evaluate_grid(*s, s->info().view, 120, 100);
  bool ringed = false;
  for (const ContourLevel& c : contour_lines(g, pick_levels(g, 15, s->info().level_spacing))) {
    for (const Polyline& p : split(c)) {
      const bool closed = p.x.front() == p.x.back() && p.y.front() == p.y.back();
      bool near_dip = true;
      for (size_t k = 0; k < p.x.size(); ++k)
        near_dip = near_dip && std::hypot(p.x[k] - 1.84, p.y[k] - 0.92) < 0.6;
      ringed = ringed || (closed && near_dip);
    }
  }
  EXPECT_TRUE(ringed);
}

TEST(Contours, SaddleCellIsDecidedByTheCentre) {
  Saddle saddle;
  // One cell, corners (-1,-1) = 1, (1,-1) = -1, (1,1) = 1, (-1,1) = -1; centre value 0.
  const Grid g = evaluate_grid(saddle, {-1, 1, -1, 1}, 2, 2);
  // Level 0.5: the centre is below, so the lines cut off the two corners above (x*y > 0.5 near
  // (-1,-1) and (1,1)), as the true hyperbola does.
  {
    const std::vector<Polyline> p = split(contour_lines(g, {0.5})[0]);
    ASSERT_EQ(p.size(), 2u);
    for (const Polyline& line : p) {
      ASSERT_EQ(line.x.size(), 2u);
      const double sx = line.x[0] + line.x[1], sy = line.y[0] + line.y[1];
      EXPECT_GT(sx * sy, 0);  // the segment sits in the (-,-) or (+,+) corner
      EXPECT_NEAR(std::abs(sx), 1.5,
                  1e-15);  // crossings at 0.5 from the corner: (-1,-0.5), (-0.5,-1)
      EXPECT_NEAR(std::abs(sy), 1.5, 1e-15);
    }
  }
  // Level -0.5: the centre is above, so the lines cut off the corners below ((1,-1), (-1,1)).
  {
    const std::vector<Polyline> p = split(contour_lines(g, {-0.5})[0]);
    ASSERT_EQ(p.size(), 2u);
    for (const Polyline& line : p) {
      const double sx = line.x[0] + line.x[1], sy = line.y[0] + line.y[1];
      EXPECT_LT(sx * sy, 0);
    }
  }
}

TEST(Contours, ManySaddlesJoinConsistently) {
  Waves waves;
  const Grid g = evaluate_grid(waves, {-2.1, 2.2, -1.7, 1.9}, 61, 47);
  const std::vector<ContourLevel> lines =
      contour_lines(g, {-0.9, -0.5, -0.2, 0.0, 0.05, 0.2, 0.5, 0.9});
  expect_points_on_levels(g, lines, "waves");
  expect_closed_or_border_to_border(g, lines);
  int closed = 0;
  for (const ContourLevel& c : lines)
    for (const Polyline& p : split(c))
      closed += p.x.front() == p.x.back() && p.y.front() == p.y.back();
  EXPECT_GT(closed, 5);

  // A level through grid points exactly (x*y = 0 on the grid lines through 0).
  Saddle saddle;
  const Grid s = evaluate_grid(saddle, {-1, 1, -1, 1}, 11, 11);
  const std::vector<ContourLevel> zero = contour_lines(s, {0.0, 0.3, -0.3});
  expect_points_on_levels(s, zero, "saddle");
  expect_closed_or_border_to_border(s, zero);
}

TEST(Contours, CurveOfAOneDimensionalSurface) {
  auto valley = make_surface("valley_1d");
  const Curve c = sample_curve(*valley, -3, 4, 8);
  ASSERT_EQ(c.x.size(), 8u);
  ASSERT_EQ(c.loss.size(), 8u);
  EXPECT_EQ(c.x.front(), -3);
  EXPECT_EQ(c.x.back(), 4);
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_NEAR(c.x[i], -3 + static_cast<double>(i), 1e-15);
    EXPECT_EQ(c.loss[i], valley->value(c.x[i], 0));
  }
  EXPECT_THROW(sample_curve(*valley, -3, 4, 1), Error);
  EXPECT_THROW(sample_curve(*valley, 4, -3, 10), Error);
}

}  // namespace
}  // namespace lrlab
