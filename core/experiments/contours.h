#pragma once
// What the landscape chart draws: a surface sampled on a grid, and its contour lines, traced in
// the core by marching squares so the page only plots numbers.
//
// Output for Chart.js: one ContourLevel per level, its polylines concatenated in x/y with a NaN
// between two polylines (map NaN to null when serialising to JSON; a line dataset with
// spanGaps: false then breaks the line there). A closed curve repeats its first point at its end.
#include <vector>

#include "core/experiments/surfaces.h"

namespace lrlab {

struct Grid {
  int nx = 0;                  // columns: points along x
  int ny = 0;                  // rows: points along y
  std::vector<double> xs;      // nx coordinates, evenly from view.x_min to view.x_max
  std::vector<double> ys;      // ny coordinates, evenly from view.y_min to view.y_max
  std::vector<double> values;  // row-major: values[j * nx + i] = f(xs[i], ys[j])
  double min = 0;              // over the finite values (NaN if there are none)
  double max = 0;

  double at(int i, int j) const { return values[static_cast<size_t>(j) * nx + i]; }
};

// Samples the surface at nx by ny points spanning the box (edges included). Throws Error naming
// "landscape.grid_nx" / "landscape.grid_ny" (2 to 1000) or "landscape.view" (finite, min < max).
Grid evaluate_grid(const Surface& surface, const ViewBox& view, int nx, int ny);

// `count` levels strictly between the grid's min and max (none when the grid is flat):
//   Linear: min + (max - min) * k / (count + 1), k = 1..count.
//   Log:    min + (max - min) * 10^(-kLogDecades * (count - k) / count), k = 0..count-1, i.e.
//           heights above the minimum spaced by equal ratios from 1e-4 of the range up: bowls
//           and narrow valleys (Rosenbrock) need many lines near the bottom and few up the walls.
// Throws Error naming "landscape.levels" for count outside 1..100.
constexpr double kLogDecades = 4;
std::vector<double> pick_levels(const Grid& grid, int count, LevelSpacing spacing);

struct ContourLevel {
  double level = 0;
  std::vector<double> x;  // polylines separated by NaN (see the top of this file)
  std::vector<double> y;
  int polylines = 0;
};

// Contour lines of the grid at each level, in the order given. A grid point counts as "above" when
// its value is >= level; a crossing is placed on a cell edge by linear interpolation between the
// two corner values, so the grid's bilinear interpolant equals the level there exactly (up to
// rounding). The ambiguous saddle cell (diagonal corners alike, the other two unlike) is resolved
// by the cell centre's bilinear value, the mean of the four corners: when it is above, the above
// corners are joined through the middle and the lines cut off the two below corners, and vice
// versa. Because each decision belongs to one cell, neighbours always agree and every polyline
// is either closed or ends on the grid border. Cells with a non-finite corner are skipped.
std::vector<ContourLevel> contour_lines(const Grid& grid, const std::vector<double>& levels);

// For a 1-D surface (dimensions == 1): the curve loss(x) at n points evenly over [x_min, x_max],
// y fixed at 0 (ignored). Throws Error naming "landscape.curve_n" (2 to 100000) or
// "landscape.view".
struct Curve {
  std::vector<double> x;
  std::vector<double> loss;
};
Curve sample_curve(const Surface& surface, double x_min, double x_max, int n);

}  // namespace lrlab
