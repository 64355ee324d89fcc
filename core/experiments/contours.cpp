#include "core/experiments/contours.h"

#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "core/detmath.h"
#include "core/error.h"

namespace lrlab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_view(double lo, double hi, const char* axis) {
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
    fail_field("landscape.view",
               std::string(axis) + " from " + format_number(lo) + " to " + format_number(hi),
               "must be finite with min < max");
}

// n evenly spaced values from lo to hi, both ends exact.
std::vector<double> spaced(double lo, double hi, int n) {
  std::vector<double> out(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out[static_cast<size_t>(i)] = lo + (hi - lo) * i / (n - 1);
  out.back() = hi;
  return out;
}

// Marching squares on one grid. Crossing points live on cell edges, numbered so that the two cells
// sharing an edge name it alike: that shared number is how segments are joined into polylines.
class ContourTracer {
 public:
  explicit ContourTracer(const Grid& grid)
      : g_(grid),
        horizontal_(static_cast<size_t>(grid.nx - 1) * grid.ny),
        edges_(horizontal_ + static_cast<size_t>(grid.nx) * (grid.ny - 1)),
        px_(edges_),
        py_(edges_),
        first_(edges_, -1),
        second_(edges_, -1) {}

  ContourLevel trace(double level) {
    ContourLevel out;
    out.level = level;
    level_ = level;
    segments_.clear();
    collect_segments();
    join(out);
    for (const auto& s : segments_) {  // leave the per-edge tables clean for the next level
      first_[s.first] = second_[s.first] = -1;
      first_[s.second] = second_[s.second] = -1;
    }
    return out;
  }

 private:
  size_t h_edge(int i, int j) const { return static_cast<size_t>(j) * (g_.nx - 1) + i; }
  size_t v_edge(int i, int j) const { return horizontal_ + static_cast<size_t>(j) * g_.nx + i; }

  // Where the level crosses the edge, interpolated linearly between its two corners, always
  // from the lower-index corner so both cells sharing the edge get the same bits.
  void place(size_t edge) {
    int i0, j0, i1, j1;
    if (edge < horizontal_) {
      j0 = j1 = static_cast<int>(edge / (g_.nx - 1));
      i0 = static_cast<int>(edge % (g_.nx - 1));
      i1 = i0 + 1;
    } else {
      const size_t k = edge - horizontal_;
      j0 = static_cast<int>(k / g_.nx);
      j1 = j0 + 1;
      i0 = i1 = static_cast<int>(k % g_.nx);
    }
    const double v0 = g_.at(i0, j0);
    const double v1 = g_.at(i1, j1);
    const double t = (level_ - v0) / (v1 - v0);  // v0 != v1: one is >= level, the other below
    const double x0 = g_.xs[static_cast<size_t>(i0)];
    const double y0 = g_.ys[static_cast<size_t>(j0)];
    px_[edge] = x0 + t * (g_.xs[static_cast<size_t>(i1)] - x0);
    py_[edge] = y0 + t * (g_.ys[static_cast<size_t>(j1)] - y0);
  }

  void add_segment(size_t a, size_t b) {
    const int index = static_cast<int>(segments_.size());
    segments_.emplace_back(a, b);
    for (size_t edge : {a, b}) {
      if (first_[edge] < 0) {
        first_[edge] = index;
        place(edge);
      } else {
        second_[edge] = index;
      }
    }
  }

  void collect_segments() {
    for (int j = 0; j + 1 < g_.ny; ++j) {
      for (int i = 0; i + 1 < g_.nx; ++i) {
        // Corners counter-clockwise from bottom-left; edges bottom, right, top, left.
        const double v[4] = {g_.at(i, j), g_.at(i + 1, j), g_.at(i + 1, j + 1), g_.at(i, j + 1)};
        if (!(std::isfinite(v[0]) && std::isfinite(v[1]) && std::isfinite(v[2]) &&
              std::isfinite(v[3])))
          continue;
        const bool up[4] = {v[0] >= level_, v[1] >= level_, v[2] >= level_, v[3] >= level_};
        const size_t bottom = h_edge(i, j), right = v_edge(i + 1, j);
        const size_t top = h_edge(i, j + 1), left = v_edge(i, j);
        const size_t edge[4] = {bottom, right, top, left};  // edge k joins corners k and k+1
        size_t crossed[4];
        int count = 0;
        for (int k = 0; k < 4; ++k)
          if (up[k] != up[(k + 1) % 4]) crossed[count++] = edge[k];
        if (count == 2) {
          add_segment(crossed[0], crossed[1]);
        } else if (count == 4) {
          // Saddle: decide by the centre's bilinear value which diagonal pair is connected.
          const bool centre_up = 0.25 * (v[0] + v[1] + v[2] + v[3]) >= level_;
          if (centre_up == up[0]) {  // corners 0 and 2 joined: cut off corners 1 and 3
            add_segment(bottom, right);
            add_segment(top, left);
          } else {  // corners 1 and 3 joined: cut off corners 0 and 2
            add_segment(left, bottom);
            add_segment(right, top);
          }
        }
      }
    }
  }

  int other_segment(size_t edge, int segment) const {
    return first_[edge] == segment ? second_[edge] : first_[edge];
  }
  size_t other_end(int segment, size_t edge) const {
    const auto& s = segments_[static_cast<size_t>(segment)];
    return s.first == edge ? s.second : s.first;
  }

  // Walks from `edge` along `segment` until the chain ends or closes.
  void walk(size_t edge, int segment, std::vector<char>& used, ContourLevel& out) const {
    if (out.polylines > 0) {
      out.x.push_back(kNaN);
      out.y.push_back(kNaN);
    }
    ++out.polylines;
    out.x.push_back(px_[edge]);
    out.y.push_back(py_[edge]);
    while (segment >= 0 && !used[static_cast<size_t>(segment)]) {
      used[static_cast<size_t>(segment)] = 1;
      edge = other_end(segment, edge);
      out.x.push_back(px_[edge]);
      out.y.push_back(py_[edge]);
      segment = other_segment(edge, segment);
    }
  }

  void join(ContourLevel& out) const {
    std::vector<char> used(segments_.size(), 0);
    // Open chains first, from an end (an edge on the border, used by one segment only), so they
    // come out whole; what remains are closed loops.
    for (size_t s = 0; s < segments_.size(); ++s) {
      for (size_t edge : {segments_[s].first, segments_[s].second}) {
        if (!used[s] && second_[edge] < 0) walk(edge, static_cast<int>(s), used, out);
      }
    }
    for (size_t s = 0; s < segments_.size(); ++s)
      if (!used[s]) walk(segments_[s].first, static_cast<int>(s), used, out);
  }

  const Grid& g_;
  size_t horizontal_;  // edges along x come first, then edges along y
  size_t edges_;
  std::vector<double> px_, py_;      // crossing point per edge (valid where first_ >= 0)
  std::vector<int> first_, second_;  // the (at most two) segments ending on each edge
  std::vector<std::pair<size_t, size_t>> segments_;
  double level_ = 0;
};

}  // namespace

Grid evaluate_grid(const Surface& surface, const ViewBox& view, int nx, int ny) {
  if (nx < 2 || nx > 1000)
    fail_field("landscape.grid_nx", nx, "must be an integer >= 2 and <= 1000");
  if (ny < 2 || ny > 1000)
    fail_field("landscape.grid_ny", ny, "must be an integer >= 2 and <= 1000");
  check_view(view.x_min, view.x_max, "x");
  check_view(view.y_min, view.y_max, "y");
  Grid grid;
  grid.nx = nx;
  grid.ny = ny;
  grid.xs = spaced(view.x_min, view.x_max, nx);
  grid.ys = spaced(view.y_min, view.y_max, ny);
  grid.values.resize(static_cast<size_t>(nx) * ny);
  grid.min = kNaN;
  grid.max = kNaN;
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) {
      const double v =
          surface.value(grid.xs[static_cast<size_t>(i)], grid.ys[static_cast<size_t>(j)]);
      grid.values[static_cast<size_t>(j) * nx + i] = v;
      if (!std::isfinite(v)) continue;
      if (!(v >= grid.min)) grid.min = v;  // also replaces the initial NaN
      if (!(v <= grid.max)) grid.max = v;
    }
  }
  return grid;
}

std::vector<double> pick_levels(const Grid& grid, int count, LevelSpacing spacing) {
  if (count < 1 || count > 100)
    fail_field("landscape.levels", count, "must be an integer >= 1 and <= 100");
  std::vector<double> levels;
  const double span = grid.max - grid.min;
  if (!(span > 0) || !std::isfinite(span)) return levels;
  levels.reserve(static_cast<size_t>(count));
  for (int k = 0; k < count; ++k) {
    const double fraction =
        spacing == LevelSpacing::Linear
            ? static_cast<double>(k + 1) / (count + 1)
            : dm::pow(10.0, -kLogDecades * static_cast<double>(count - k) / count);
    levels.push_back(grid.min + span * fraction);
  }
  return levels;
}

std::vector<ContourLevel> contour_lines(const Grid& grid, const std::vector<double>& levels) {
  std::vector<ContourLevel> out;
  if (grid.nx < 2 || grid.ny < 2) return out;
  ContourTracer tracer(grid);
  out.reserve(levels.size());
  for (double level : levels) out.push_back(tracer.trace(level));
  return out;
}

Curve sample_curve(const Surface& surface, double x_min, double x_max, int n) {
  if (n < 2 || n > 100000)
    fail_field("landscape.curve_n", n, "must be an integer >= 2 and <= 100000");
  check_view(x_min, x_max, "x");
  Curve curve;
  curve.x = spaced(x_min, x_max, n);
  curve.loss.reserve(static_cast<size_t>(n));
  for (double x : curve.x) curve.loss.push_back(surface.value(x, 0));
  return curve;
}

}  // namespace lrlab
