#pragma once
// Loss surfaces over two parameters, for the landscape chart (docs/spec-page.md#charts, chart 3):
// the page draws their contour lines and the path an optimizer takes across them. Each surface has
// an exact gradient (what the optimizer steps on) and an exact Hessian (its largest eigenvalue L
// gives the stability bound 2/L of plain gradient descent: below it a step along the steepest
// direction shrinks, above it the step overshoots by more than it started with and the path
// escapes).
//
// The surfaces, by registry name:
//   bowl        0.5*(a*x^2 + b*y^2), a = 0.1, b = 2: an ill-conditioned quadratic bowl. Hessian
//               diag(a, b), eigenvalues 0.1 and 2 (condition number 20), so 2/L_max = 1. The
//               constants are small so that a rate of 1e-4 visibly crawls: after 100 steps from
//               the default start it has covered under 1% of the way.
//   rosenbrock  (1 - x)^2 + 100*(y - x^2)^2, minimum 0 at (1, 1), a curved narrow valley.
//   two_basins  0.5*(x^2 + y^2) - 2*exp(-((x-2)^2 + (y-1)^2) / (2*0.4^2)): a wide round basin
//               with its global minimum at (0, 0) and a narrow dip, shallower (minimum about 0.31
//               near (1.84, 0.92), behind a saddle at about 0.76), beside it. The dip's curvature
//               (about 12) makes it unstable for rates above about 0.16 while the wide basin
//               (curvature 1) is stable up to 2: from the default start a small rate settles in
//               the dip, a larger one cannot stay there and lands in the global minimum.
//   valley_1d   0.5*x^2 - 1.5*exp(-(x-2)^2 / (2*0.3^2)), the same lesson in one dimension: global
//               minimum at 0, a narrow shallow one (about 0.38 near 1.88, curvature about 14).
//               y is ignored (dimensions == 1): paths move x alone and the page plots loss
//               against x.
//   linear      the landscape of the linear regression problem y = w*x + b + noise: Keras' MSE,
//               mean over samples of (w*x_i + b - y_i)^2, as a function of (w, b), built from the
//               data by make_linear_surface. Hessian 2*[[mean x^2, mean x], [mean x, 1]],
//               constant, so L_max is known in closed form.
#include <memory>
#include <string>
#include <vector>

#include "core/data.h"

namespace lrlab {

struct ViewBox {
  double x_min = -1;
  double x_max = 1;
  double y_min = -1;
  double y_max = 1;
};

struct Gradient2 {
  double x = 0;
  double y = 0;
};

struct Hessian2 {
  double xx = 0;
  double xy = 0;
  double yy = 0;
};

// Largest eigenvalue of a symmetric 2x2 matrix: (xx+yy)/2 + sqrt(((xx-yy)/2)^2 + xy^2).
double largest_eigenvalue(const Hessian2& h);

// How contour levels are best spread on this surface (see pick_levels in contours.h).
enum class LevelSpacing { Linear, Log };

struct SurfaceInfo {
  std::string name;          // registry key, e.g. "bowl"
  std::string label;         // shown on the page
  std::string summary;       // the formula in one line
  std::string x_name = "x";  // axis names: "w" and "b" for the linear landscape
  std::string y_name = "y";
  int dimensions = 2;  // 1: the value depends on x alone
  ViewBox view;        // what the page shows by default
  double start_x = 0;  // default start of a path
  double start_y = 0;
  // Largest Hessian eigenvalue where the Hessian is constant (the quadratics: bowl, linear), so
  // 2/max_curvature is the rate above which plain SGD diverges from anywhere; NaN otherwise (use
  // largest_eigenvalue(hessian(x, y)) for the local value, e.g. at the minimum).
  double max_curvature = 0;
  // The global minimum: exact for bowl, rosenbrock and linear; for two_basins and valley_1d the
  // centre of the wide basin, which the dip's tail moves by less than 1e-5.
  double min_x = 0;
  double min_y = 0;
  LevelSpacing level_spacing = LevelSpacing::Log;
};

class Surface {
 public:
  explicit Surface(SurfaceInfo info) : info_(std::move(info)) {}
  virtual ~Surface() = default;

  const SurfaceInfo& info() const { return info_; }

  // Exact value, gradient and Hessian. Pure, allocation-free, never throw; non-finite input
  // gives non-finite output (the path's divergence check relies on it).
  virtual double value(double x, double y) const noexcept = 0;
  virtual Gradient2 gradient(double x, double y) const noexcept = 0;
  virtual Hessian2 hessian(double x, double y) const noexcept = 0;

 private:
  SurfaceInfo info_;
};

// The analytic surfaces in the order the page lists them: bowl, rosenbrock, two_basins,
// valley_1d. ("linear" is not among them: it is built from data, by make_linear_surface.)
const std::vector<std::string>& analytic_surface_names();

// Throws Error("landscape.surface: \"x\" is not allowed (must be one of bowl, ...)").
std::unique_ptr<Surface> make_surface(const std::string& name);

// The MSE landscape of the linear problem over (w, b), from its samples x_i, y_i. Throws Error
// naming "landscape.data" when the sizes differ, there are fewer than 2 samples, a value is not
// finite, or all x are equal (then w and b cannot be told apart: the Hessian is singular).
std::unique_ptr<Surface> make_linear_surface(const std::vector<double>& xs,
                                             const std::vector<double>& ys);
// The same from a Dataset with one input row and one output row (the linear problem's train set).
std::unique_ptr<Surface> make_linear_surface(const Dataset& data);

}  // namespace lrlab
