#pragma once
// The path an optimizer takes across a loss surface: the dots on the landscape chart. Any
// optimizer of the registry and any schedule; the gradient is exact (a surface is a full batch),
// so one update is also one epoch and a schedule sees step = epoch = the number of updates done
// before this one (Keras: the first update uses position 0), whichever granularity is chosen.
//
// Divergence: when the point or its loss is not finite, or the loss exceeds
// kPathExplodeFactor x max(|start loss|, 1), the path stops and records "diverged at step k"
// (k = the update that produced it). The floor of 1 keeps a start at (or next to) a minimum, whose
// loss is ~0, from calling any small move an explosion; every surface here has O(1) losses in view.
//
// Errors (bad names, values, a schedule that yields an unusable rate) are thrown as lrlab::Error
// when the tracer is built; stepping never throws and allocates nothing.
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/experiments/surfaces.h"
#include "core/optim/optimizer.h"
#include "core/param_spec.h"
#include "core/schedule/schedule.h"

namespace lrlab {

constexpr double kPathExplodeFactor = 1e6;
constexpr long kPathMaxSteps = 1000000;

struct PathConfig {
  std::string optimizer = "sgd";  // registry name
  ParamValues optimizer_params;   // its hyperparameters; missing ones take the Keras defaults
  double learning_rate = 0.01;    // lr0, the schedule's base rate
  // The schedule, or nullptr for a constant rate. Read only while the tracer is built (all rates
  // are computed then), so it need not outlive the tracer.
  const Schedule* schedule = nullptr;
  Granularity granularity = Granularity::Step;
  // Start point; NaN means the surface's default start. For a 1-D surface start_y is ignored.
  double start_x = std::numeric_limits<double>::quiet_NaN();
  double start_y = std::numeric_limits<double>::quiet_NaN();
  long steps = 100;  // updates to take, 0 to kPathMaxSteps
};

struct LandscapePath {
  // Entry k is the point after k updates (entry 0 is the start) and its loss, k = 0..steps_done.
  // When the path diverged, the last entry is the point that exploded (possibly inf or NaN). For
  // a 1-D surface y stays at the start's y and the page plots (x, loss).
  std::vector<double> x;
  std::vector<double> y;
  std::vector<double> loss;
  // The rate of update k+1 for k = 0..steps-1: the whole plan, including updates not (yet) done.
  std::vector<double> learning_rate;
  long steps_done = 0;
  bool diverged = false;
  long diverged_at_step = -1;  // the update that diverged (1-based, as steps_done counts), or -1
};

class PathTracer {
 public:
  // Validates everything, builds the optimizer, computes the rates and reserves all storage.
  // Keeps a reference to `surface`, which must outlive the tracer. Throws lrlab::Error naming
  // "landscape.start_x", "landscape.steps", "optimizer.<field>" or "schedule: rate at step k ...".
  PathTracer(const Surface& surface, const PathConfig& config);

  // Takes up to n more updates (fewer when the path ends or diverges); returns how many were taken.
  // Allocation-free, never throws: call it in slices to animate.
  long advance(long n) noexcept;

  bool finished() const { return path_.diverged || path_.steps_done >= steps_; }
  const LandscapePath& path() const { return path_; }

 private:
  const Surface& surface_;
  std::unique_ptr<Optimizer> optimizer_;
  long steps_;
  double explode_limit_;
  Eigen::VectorXd w_;  // the parameters: (x, y), or (x) on a 1-D surface
  Eigen::VectorXd g_;
  LandscapePath path_;
};

// Builds a tracer and runs it to the end.
LandscapePath trace_path(const Surface& surface, const PathConfig& config);

}  // namespace lrlab
