#include "core/experiments/surfaces.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/detmath.h"
#include "core/error.h"

namespace lrlab {

double largest_eigenvalue(const Hessian2& h) {
  const double mean = 0.5 * (h.xx + h.yy);
  const double half_gap = 0.5 * (h.xx - h.yy);
  // sqrt is correctly rounded by IEEE 754, so std::sqrt agrees bit for bit in wasm.
  return mean + std::sqrt(half_gap * half_gap + h.xy * h.xy);
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

class Bowl final : public Surface {
 public:
  static constexpr double kA = 0.1;  // curvature along x (the shallow axis)
  static constexpr double kB = 2.0;  // curvature along y (the steep axis)

  Bowl() : Surface(make_info()) {}

  double value(double x, double y) const noexcept override {
    return 0.5 * (kA * x * x + kB * y * y);
  }
  Gradient2 gradient(double x, double y) const noexcept override { return {kA * x, kB * y}; }
  Hessian2 hessian(double, double) const noexcept override { return {kA, 0, kB}; }

 private:
  static SurfaceInfo make_info() {
    SurfaceInfo info;
    info.name = "bowl";
    info.label = "Ill-conditioned bowl";
    info.summary = "0.5*(0.1*x^2 + 2*y^2): steep across, shallow along; SGD diverges above 2/2 = 1";
    info.view = {-5, 5, -2.5, 2.5};
    info.start_x = -4;
    info.start_y = 1.5;
    info.max_curvature = kB;
    info.level_spacing = LevelSpacing::Log;
    return info;
  }
};

class Rosenbrock final : public Surface {
 public:
  Rosenbrock() : Surface(make_info()) {}

  double value(double x, double y) const noexcept override {
    const double a = 1 - x;
    const double c = y - x * x;
    return a * a + 100 * c * c;
  }
  Gradient2 gradient(double x, double y) const noexcept override {
    const double c = y - x * x;
    return {-2 * (1 - x) - 400 * x * c, 200 * c};
  }
  Hessian2 hessian(double x, double y) const noexcept override {
    return {2 - 400 * y + 1200 * x * x, -400 * x, 200};
  }

 private:
  static SurfaceInfo make_info() {
    SurfaceInfo info;
    info.name = "rosenbrock";
    info.label = "Rosenbrock valley";
    info.summary = "(1-x)^2 + 100*(y-x^2)^2: a curved, narrow valley with its minimum at (1, 1)";
    info.view = {-2, 2, -1, 3};
    info.start_x = -1.2;  // the classic start, on the far side of the valley
    info.start_y = 1;
    info.max_curvature = kNaN;
    info.min_x = 1;
    info.min_y = 1;
    info.level_spacing = LevelSpacing::Log;
    return info;
  }
};

// A quadratic bowl a*x^2/2 + b*y^2/2 minus a Gaussian dip of the given depth and width centred at
// (cx, cy). Shared by two_basins and, with b = 0 and cy = 0, by valley_1d.
struct DipSurfaceShape {
  double a, b, depth, cx, cy, width;
};

class DipSurface final : public Surface {
 public:
  DipSurface(SurfaceInfo info, DipSurfaceShape shape) : Surface(std::move(info)), s_(shape) {}

  double value(double x, double y) const noexcept override {
    return 0.5 * (s_.a * x * x + s_.b * y * y) - s_.depth * dip(x, y);
  }
  Gradient2 gradient(double x, double y) const noexcept override {
    // d/dx of -depth*e is depth*e*u/w^2 with u = x - cx (e falls off away from the centre).
    const double k = s_.depth * dip(x, y) / (s_.width * s_.width);
    return {s_.a * x + k * (x - s_.cx), s_.b * y + k * dy(y)};
  }
  Hessian2 hessian(double x, double y) const noexcept override {
    const double w2 = s_.width * s_.width;
    const double k = s_.depth * dip(x, y) / w2;
    const double u = x - s_.cx;
    const double v = dy(y);
    // In one dimension the dip does not curve along y at all (not even its k term).
    const double dip_yy = info().dimensions == 1 ? 0.0 : k * (1 - v * v / w2);
    return {s_.a + k * (1 - u * u / w2), -k * u * v / w2, s_.b + dip_yy};
  }

 private:
  // In one dimension y plays no part in the dip either.
  double dy(double y) const { return info().dimensions == 1 ? 0.0 : y - s_.cy; }
  double dip(double x, double y) const {
    const double u = x - s_.cx;
    const double v = dy(y);
    return dm::exp(-(u * u + v * v) / (2 * s_.width * s_.width));
  }

  DipSurfaceShape s_;
};

std::unique_ptr<Surface> make_two_basins() {
  SurfaceInfo info;
  info.name = "two_basins";
  info.label = "Two basins";
  info.summary =
      "0.5*(x^2+y^2) - 2*exp(-((x-2)^2+(y-1)^2)/(2*0.4^2)): a wide deep basin and a narrow "
      "shallow one";
  info.view = {-3, 4, -3, 3};
  info.start_x = 3;  // beyond the narrow dip, so the path passes through it
  info.start_y = 2;
  info.max_curvature = kNaN;
  // Log spacing puts a level between the dip's bottom and its saddle, so the dip shows.
  info.level_spacing = LevelSpacing::Log;
  return std::make_unique<DipSurface>(info, DipSurfaceShape{1, 1, 2, 2, 1, 0.4});
}

std::unique_ptr<Surface> make_valley_1d() {
  SurfaceInfo info;
  info.name = "valley_1d";
  info.label = "Two valleys (1-D)";
  info.summary =
      "0.5*x^2 - 1.5*exp(-(x-2)^2/(2*0.3^2)): a wide deep valley and a narrow shallow one";
  info.dimensions = 1;
  info.view = {-3, 4, -0.5, 4.5};  // y range: the loss axis of the 1-D plot
  info.start_x = 3;
  info.start_y = 0;
  info.max_curvature = kNaN;
  info.level_spacing = LevelSpacing::Linear;
  return std::make_unique<DipSurface>(info, DipSurfaceShape{1, 0, 1.5, 2, 0, 0.3});
}

class LinearRegression final : public Surface {
 public:
  LinearRegression(SurfaceInfo info, std::vector<double> xs, std::vector<double> ys, double mean_x,
                   double mean_xx)
      : Surface(std::move(info)),
        xs_(std::move(xs)),
        ys_(std::move(ys)),
        mean_x_(mean_x),
        mean_xx_(mean_xx) {}

  // Summed sample by sample in a fixed order, as the trainer's MSE is, rather than from moments,
  // which would lose the small residual near the minimum to cancellation.
  double value(double w, double b) const noexcept override {
    double sum = 0;
    for (size_t i = 0; i < xs_.size(); ++i) {
      const double e = w * xs_[i] + b - ys_[i];
      sum += e * e;
    }
    return sum / static_cast<double>(xs_.size());
  }
  Gradient2 gradient(double w, double b) const noexcept override {
    double gw = 0;
    double gb = 0;
    for (size_t i = 0; i < xs_.size(); ++i) {
      const double e = w * xs_[i] + b - ys_[i];
      gw += e * xs_[i];
      gb += e;
    }
    const double scale = 2 / static_cast<double>(xs_.size());
    return {scale * gw, scale * gb};
  }
  Hessian2 hessian(double, double) const noexcept override {
    return {2 * mean_xx_, 2 * mean_x_, 2};
  }

 private:
  std::vector<double> xs_;
  std::vector<double> ys_;
  double mean_x_;
  double mean_xx_;
};

}  // namespace

const std::vector<std::string>& analytic_surface_names() {
  static const std::vector<std::string> names = {"bowl", "rosenbrock", "two_basins", "valley_1d"};
  return names;
}

std::unique_ptr<Surface> make_surface(const std::string& name) {
  if (name == "bowl") return std::make_unique<Bowl>();
  if (name == "rosenbrock") return std::make_unique<Rosenbrock>();
  if (name == "two_basins") return make_two_basins();
  if (name == "valley_1d") return make_valley_1d();
  std::string names;
  for (const std::string& known : analytic_surface_names())
    names += (names.empty() ? "" : ", ") + known;
  fail_field("landscape.surface", "\"" + name + "\"",
             "must be one of " + names + "; \"linear\" is built from the problem's data");
}

std::unique_ptr<Surface> make_linear_surface(const std::vector<double>& xs,
                                             const std::vector<double>& ys) {
  if (xs.size() != ys.size())
    fail_field("landscape.data", std::to_string(xs.size()) + " inputs",
               "must have as many targets (" + std::to_string(ys.size()) + ")");
  if (xs.size() < 2)
    fail_field("landscape.data", std::to_string(xs.size()) + " samples", "must be at least 2");
  const double n = static_cast<double>(xs.size());
  double sum_x = 0;
  double sum_y = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]))
      fail_field("landscape.data", "sample " + std::to_string(i), "must be finite");
    sum_x += xs[i];
    sum_y += ys[i];
  }
  const double mean_x = sum_x / n;
  const double mean_y = sum_y / n;
  double sxx = 0;
  double sxy = 0;
  double sum_xx = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    sxx += (xs[i] - mean_x) * (xs[i] - mean_x);
    sxy += (xs[i] - mean_x) * (ys[i] - mean_y);
    sum_xx += xs[i] * xs[i];
  }
  if (!(sxx > 0))
    fail_field("landscape.data", "inputs all equal to " + format_number(xs[0]),
               "must vary, or w and b cannot be told apart");
  // Least squares in closed form: the minimum of the landscape.
  const double w_star = sxy / sxx;
  const double b_star = mean_y - w_star * mean_x;
  const double mean_xx = sum_xx / n;

  SurfaceInfo info;
  info.name = "linear";
  info.label = "Linear regression (w, b)";
  info.summary = "mean of (w*x + b - y)^2 over the training samples";
  info.x_name = "w";
  info.y_name = "b";
  const double half_w = std::max(2.0, 1.5 * std::abs(w_star));
  const double half_b = std::max(2.0, 1.5 * std::abs(b_star));
  info.view = {w_star - half_w, w_star + half_w, b_star - half_b, b_star + half_b};
  // A start well away from the minimum in both parameters, inside the view.
  info.start_x = w_star - 0.8 * half_w;
  info.start_y = b_star + 0.6 * half_b;
  info.max_curvature = largest_eigenvalue({2 * mean_xx, 2 * mean_x, 2});
  info.min_x = w_star;
  info.min_y = b_star;
  info.level_spacing = LevelSpacing::Log;
  return std::make_unique<LinearRegression>(info, xs, ys, mean_x, mean_xx);
}

std::unique_ptr<Surface> make_linear_surface(const Dataset& data) {
  if (data.x.rows() != 1 || data.y.rows() != 1)
    fail_field("landscape.data",
               std::to_string(data.x.rows()) + " inputs and " + std::to_string(data.y.rows()) +
                   " outputs per sample",
               "must be 1 and 1 (the linear problem)");
  std::vector<double> xs(static_cast<size_t>(data.x.cols()));
  std::vector<double> ys(static_cast<size_t>(data.y.cols()));
  for (Eigen::Index i = 0; i < data.x.cols(); ++i) xs[static_cast<size_t>(i)] = data.x(0, i);
  for (Eigen::Index i = 0; i < data.y.cols(); ++i) ys[static_cast<size_t>(i)] = data.y(0, i);
  return make_linear_surface(xs, ys);
}

}  // namespace lrlab
