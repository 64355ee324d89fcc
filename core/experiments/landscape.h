#pragma once
// One landscape view for the page, from one JSON request: the surface, its grid and contour lines
// (or the curve of a 1-D surface), the stability bound 2/L where the Hessian is constant, and the
// path each run's optimizer and schedule take from the start. Paths are cheap (two parameters),
// so they are computed whole and the page reveals them step by step.
//
// Request: {"surface": "bowl" | "rosenbrock" | "two_basins" | "valley_1d" | "linear",
//           "grid": 60, "levels": 14,
//           "problem": {...}, "seed": 1            (only for "linear": the data, as in settings)
//           "start_x": ..., "start_y": ..., "steps": 100,
//           "runs": [{"optimizer": {...}, "schedule": {...}}, ...]}   (1 to 6 runs)
// Every field but "surface" is optional; optimizer and schedule sections are validated exactly as
// in the settings JSON (core/settings.h), with errors named "landscape.runs[i].optimizer...".
#include <string>
#include <vector>

#include "core/experiments/contours.h"
#include "core/experiments/path.h"
#include "core/experiments/surfaces.h"

namespace lrlab {

struct LandscapeView {
  SurfaceInfo info;
  Grid grid;                           // empty for a 1-D surface
  std::vector<ContourLevel> contours;  // empty for a 1-D surface
  Curve curve;                         // 1-D surface: loss(x); else empty
  double stability_bound = 0;          // 2 / max_curvature, NaN where the Hessian is not constant
  std::vector<double> run_rates;       // each run's base learning rate
  std::vector<LandscapePath> paths;    // one per run
};

constexpr int kLandscapeMaxRuns = 6;

// Throws lrlab::Error naming the field for a bad request.
LandscapeView compute_landscape(const std::string& request_json);

// Surface names for the page's picker: the analytic ones plus "linear".
std::vector<std::string> landscape_surface_names();

}  // namespace lrlab
