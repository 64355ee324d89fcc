// The landscape surfaces: gradients and Hessians against finite differences, the documented
// formulas and constants, the linear-regression landscape against least squares worked out here,
// and the registry's errors.
#include "core/experiments/surfaces.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"

namespace lrlab {
namespace {

// Points spread over a surface's view box, off the centre lines (where gradients may vanish).
std::vector<std::pair<double, double>> sample_points(const SurfaceInfo& info) {
  std::vector<std::pair<double, double>> points;
  const double fractions[] = {0.07, 0.31, 0.58, 0.83};
  for (double fx : fractions) {
    for (double fy : fractions) {
      points.emplace_back(info.view.x_min + fx * (info.view.x_max - info.view.x_min),
                          info.view.y_min + fy * (info.view.y_max - info.view.y_min));
    }
  }
  points.emplace_back(info.start_x, info.start_y);
  return points;
}

double norm(double a, double b) {
  return std::sqrt(a * a + b * b);
}

// Central differences of the value: error O(h^2) from the third derivative plus O(eps/h) from
// rounding; with h = 1e-5 both are far below 1e-6 relative on these surfaces.
void expect_gradient_matches(const Surface& s) {
  for (auto [x, y] : sample_points(s.info())) {
    const double h = 1e-5;
    const double fx = (s.value(x + h, y) - s.value(x - h, y)) / (2 * h);
    const double fy = (s.value(x, y + h) - s.value(x, y - h)) / (2 * h);
    const Gradient2 g = s.gradient(x, y);
    const double scale = norm(g.x, g.y);
    ASSERT_GT(scale, 1e-3) << s.info().name << " at " << x << ", " << y;
    EXPECT_LT(norm(fx - g.x, fy - g.y) / scale, 1e-6) << s.info().name << " at " << x << ", " << y;
  }
}

// Central differences of the gradient.
void expect_hessian_matches(const Surface& s) {
  for (auto [x, y] : sample_points(s.info())) {
    const double h = 1e-5;
    const Gradient2 xp = s.gradient(x + h, y), xm = s.gradient(x - h, y);
    const Gradient2 yp = s.gradient(x, y + h), ym = s.gradient(x, y - h);
    const double hxx = (xp.x - xm.x) / (2 * h);
    const double hxy = (yp.x - ym.x) / (2 * h);
    const double hyx = (xp.y - xm.y) / (2 * h);
    const double hyy = (yp.y - ym.y) / (2 * h);
    const Hessian2 H = s.hessian(x, y);
    const double scale = std::max(1.0, std::abs(H.xx) + std::abs(H.xy) + std::abs(H.yy));
    EXPECT_NEAR(H.xx, hxx, 1e-6 * scale) << s.info().name << " at " << x << ", " << y;
    EXPECT_NEAR(H.xy, hxy, 1e-6 * scale) << s.info().name;
    EXPECT_NEAR(H.xy, hyx, 1e-6 * scale) << s.info().name;
    EXPECT_NEAR(H.yy, hyy, 1e-6 * scale) << s.info().name;
  }
}

// A line with a deterministic wobble as noise: y = 2x + 0.5 + 0.1*sin(7i).
void linear_data(std::vector<double>& xs, std::vector<double>& ys) {
  const int n = 40;
  xs.clear();
  ys.clear();
  for (int i = 0; i < n; ++i) {
    const double x = -1.0 + 2.5 * i / (n - 1);  // not centred, so the Hessian has a cross term
    xs.push_back(x);
    ys.push_back(2 * x + 0.5 + 0.1 * std::sin(7.0 * i));
  }
}

TEST(Surfaces, RegistryListsTheAnalyticSurfaces) {
  EXPECT_EQ(analytic_surface_names(),
            (std::vector<std::string>{"bowl", "rosenbrock", "two_basins", "valley_1d"}));
  for (const std::string& name : analytic_surface_names()) {
    auto s = make_surface(name);
    const SurfaceInfo& info = s->info();
    EXPECT_EQ(info.name, name);
    EXPECT_FALSE(info.label.empty());
    EXPECT_FALSE(info.summary.empty());
    EXPECT_LT(info.view.x_min, info.view.x_max);
    EXPECT_LT(info.view.y_min, info.view.y_max);
    EXPECT_GE(info.start_x, info.view.x_min);
    EXPECT_LE(info.start_x, info.view.x_max);
    if (info.dimensions == 2) {
      EXPECT_GE(info.start_y, info.view.y_min);
      EXPECT_LE(info.start_y, info.view.y_max);
    }
  }
}

TEST(Surfaces, UnknownNameNamesTheField) {
  try {
    make_surface("saddle");
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("landscape.surface"), std::string::npos) << message;
    EXPECT_NE(message.find("\"saddle\""), std::string::npos) << message;
    EXPECT_NE(message.find("rosenbrock"), std::string::npos) << message;
  }
  EXPECT_THROW(make_surface("linear"), Error);  // needs data
}

TEST(Surfaces, GradientsMatchCentralDifferences) {
  for (const std::string& name : analytic_surface_names())
    expect_gradient_matches(*make_surface(name));
  std::vector<double> xs, ys;
  linear_data(xs, ys);
  expect_gradient_matches(*make_linear_surface(xs, ys));
}

TEST(Surfaces, HessiansMatchCentralDifferencesOfTheGradient) {
  for (const std::string& name : analytic_surface_names())
    expect_hessian_matches(*make_surface(name));
  std::vector<double> xs, ys;
  linear_data(xs, ys);
  expect_hessian_matches(*make_linear_surface(xs, ys));
}

TEST(Surfaces, BowlIsTheDocumentedQuadratic) {
  auto bowl = make_surface("bowl");
  const double a = 0.1, b = 2.0;  // surfaces.h: 0.5*(a*x^2 + b*y^2)
  for (auto [x, y] : sample_points(bowl->info()))
    EXPECT_DOUBLE_EQ(bowl->value(x, y), 0.5 * (a * x * x + b * y * y));
  EXPECT_EQ(bowl->info().max_curvature, std::max(a, b));
  EXPECT_EQ(largest_eigenvalue(bowl->hessian(0.3, -0.2)), std::max(a, b));
  EXPECT_EQ(bowl->info().min_x, 0);
  EXPECT_EQ(bowl->info().min_y, 0);
}

TEST(Surfaces, RosenbrockIsTheDocumentedFunction) {
  auto r = make_surface("rosenbrock");
  EXPECT_EQ(r->value(1, 1), 0);
  EXPECT_DOUBLE_EQ(r->value(-1.2, 1), 2.2 * 2.2 + 100 * 0.44 * 0.44);
  EXPECT_TRUE(std::isnan(r->info().max_curvature));
  // At the minimum the Hessian is [[802, -400], [-400, 200]]: L = 501 + sqrt(301^2 + 400^2).
  EXPECT_NEAR(largest_eigenvalue(r->hessian(1, 1)), 501 + std::sqrt(301.0 * 301 + 400.0 * 400),
              1e-9);
}

TEST(Surfaces, LargestEigenvalueOfKnownMatrices) {
  EXPECT_DOUBLE_EQ(largest_eigenvalue({2, 1, 2}), 3);
  EXPECT_DOUBLE_EQ(largest_eigenvalue({1, 0, 5}), 5);
  EXPECT_DOUBLE_EQ(largest_eigenvalue({-1, 0, -3}), -1);
  EXPECT_DOUBLE_EQ(largest_eigenvalue({0, 2, 0}), 2);
}

TEST(Surfaces, ValleyIgnoresY) {
  auto v = make_surface("valley_1d");
  EXPECT_EQ(v->info().dimensions, 1);
  for (double x : {-2.0, 0.5, 1.9, 3.3}) {
    EXPECT_EQ(v->value(x, 0), v->value(x, 7));
    EXPECT_EQ(v->gradient(x, 3).y, 0);
    EXPECT_NEAR(v->value(x, 0), 0.5 * x * x - 1.5 * std::exp(-(x - 2) * (x - 2) / 0.18), 1e-14);
  }
}

TEST(Surfaces, LinearLandscapeIsTheMeanSquaredError) {
  std::vector<double> xs, ys;
  linear_data(xs, ys);
  auto s = make_linear_surface(xs, ys);
  const double n = static_cast<double>(xs.size());
  for (auto [w, b] : std::vector<std::pair<double, double>>{{0, 0}, {2, 0.5}, {-1, 3}}) {
    double sum = 0;
    for (size_t i = 0; i < xs.size(); ++i) sum += (w * xs[i] + b - ys[i]) * (w * xs[i] + b - ys[i]);
    EXPECT_NEAR(s->value(w, b), sum / n, 1e-12 * std::max(1.0, sum / n));
  }
  // Normal equations: [Sxx Sx; Sx n] [w b]' = [Sxy Sy]', solved by Cramer's rule.
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    sx += xs[i];
    sy += ys[i];
    sxx += xs[i] * xs[i];
    sxy += xs[i] * ys[i];
  }
  const double det = sxx * n - sx * sx;
  const double w_star = (sxy * n - sx * sy) / det;
  const double b_star = (sxx * sy - sx * sxy) / det;
  EXPECT_NEAR(s->info().min_x, w_star, 1e-12);
  EXPECT_NEAR(s->info().min_y, b_star, 1e-12);
  const Gradient2 g = s->gradient(w_star, b_star);
  EXPECT_NEAR(g.x, 0, 1e-12);
  EXPECT_NEAR(g.y, 0, 1e-12);
  // Hessian 2*[[mean x^2, mean x], [mean x, 1]]; its largest eigenvalue in closed form.
  const double p = 2 * sxx / n, q = 2 * sx / n, r = 2;
  const double l_max = 0.5 * (p + r) + std::sqrt(0.25 * (p - r) * (p - r) + q * q);
  EXPECT_NEAR(s->info().max_curvature, l_max, 1e-12);
  EXPECT_EQ(s->info().x_name, "w");
  EXPECT_EQ(s->info().y_name, "b");
  // The default start lies in the view and away from the minimum.
  const SurfaceInfo& info = s->info();
  EXPECT_GT(info.start_x, info.view.x_min);
  EXPECT_LT(info.start_x, info.view.x_max);
  EXPECT_GT(info.start_y, info.view.y_min);
  EXPECT_LT(info.start_y, info.view.y_max);
  EXPECT_GT(s->value(info.start_x, info.start_y), 10 * s->value(w_star, b_star));
}

TEST(Surfaces, LinearFromDatasetEqualsFromVectors) {
  std::vector<double> xs, ys;
  linear_data(xs, ys);
  Dataset d;
  d.task = Task::Regression;
  d.x.resize(1, static_cast<Eigen::Index>(xs.size()));
  d.y.resize(1, static_cast<Eigen::Index>(ys.size()));
  for (size_t i = 0; i < xs.size(); ++i) {
    d.x(0, static_cast<Eigen::Index>(i)) = xs[i];
    d.y(0, static_cast<Eigen::Index>(i)) = ys[i];
  }
  auto a = make_linear_surface(d);
  auto b = make_linear_surface(xs, ys);
  EXPECT_EQ(a->value(0.7, -0.3), b->value(0.7, -0.3));
  EXPECT_EQ(a->info().max_curvature, b->info().max_curvature);
}

TEST(Surfaces, LinearProblemLandscapeHasItsMinimumAtTheTrueLine) {
  ProblemConfig config;
  config.name = "linear";
  config.samples = 500;
  config.noise = 0.1;
  const Problem problem = make_problem(config, 11);
  auto s = make_linear_surface(problem.train);
  // 400 samples with noise 0.1: least squares recovers the line to about 0.1 / sqrt(400).
  EXPECT_NEAR(s->info().min_x, kLinearWeight, 0.03);
  EXPECT_NEAR(s->info().min_y, kLinearBias, 0.03);
  // x uniform in [-1, 1]: mean x^2 near 1/3 and mean x near 0, so L_max near 2*max(1/3, 1) = 2.
  EXPECT_NEAR(s->info().max_curvature, 2, 0.15);
  // The loss at the minimum is about the noise variance.
  EXPECT_NEAR(s->value(s->info().min_x, s->info().min_y), 0.01, 0.003);
}

TEST(Surfaces, LinearDataErrorsNameTheField) {
  auto expect_data_error = [](const std::vector<double>& xs, const std::vector<double>& ys) {
    try {
      make_linear_surface(xs, ys);
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind("landscape.data: ", 0), 0u) << e.what();
    }
  };
  expect_data_error({1, 2, 3}, {1, 2});
  expect_data_error({1}, {1});
  expect_data_error({1, 1, 1}, {1, 2, 3});
  expect_data_error({1, NAN, 3}, {1, 2, 3});
  Dataset two_inputs;
  two_inputs.x = Eigen::MatrixXd::Zero(2, 5);
  two_inputs.y = Eigen::MatrixXd::Zero(1, 5);
  EXPECT_THROW(make_linear_surface(two_inputs), Error);
}

}  // namespace
}  // namespace lrlab
