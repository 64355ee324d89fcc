#include "core/experiments/path.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/optim/make_optimizer.h"

namespace lrlab {

namespace {

double pick_start(double given, double fallback, const char* field) {
  if (std::isnan(given)) return fallback;
  if (!std::isfinite(given)) fail_field(field, given, "must be a finite number");
  return given;
}

}  // namespace

PathTracer::PathTracer(const Surface& surface, const PathConfig& config)
    : surface_(surface), steps_(config.steps) {
  if (config.steps < 0 || config.steps > kPathMaxSteps)
    fail_field("landscape.steps", static_cast<double>(config.steps),
               "must be an integer >= 0 and <= 1e+06");
  check_learning_rate(config.learning_rate);
  const SurfaceInfo& info = surface.info();
  const double x0 = pick_start(config.start_x, info.start_x, "landscape.start_x");
  const double y0 = info.dimensions == 1
                        ? info.start_y
                        : pick_start(config.start_y, info.start_y, "landscape.start_y");
  optimizer_ = make_optimizer(config.optimizer, config.optimizer_params);

  // On a surface every update is a full batch, so step and epoch coincide (steps_per_epoch 1)
  // and the granularity only matters to schedules that read it; preview_schedule words any
  // unusable rate the way the trainer does.
  if (config.schedule != nullptr) {
    path_.learning_rate =
        preview_schedule(*config.schedule, config.granularity, config.learning_rate, steps_, 1);
  } else {
    path_.learning_rate.assign(static_cast<size_t>(steps_), config.learning_rate);
  }

  const Eigen::Index n = info.dimensions == 1 ? 1 : 2;
  optimizer_->reset(n);
  w_ = Eigen::VectorXd::Zero(n);
  g_ = Eigen::VectorXd::Zero(n);
  w_[0] = x0;
  if (n == 2) w_[1] = y0;

  const size_t points = static_cast<size_t>(steps_) + 1;
  path_.x.reserve(points);
  path_.y.reserve(points);
  path_.loss.reserve(points);
  const double loss0 = surface.value(x0, y0);
  path_.x.push_back(x0);
  path_.y.push_back(y0);
  path_.loss.push_back(loss0);
  explode_limit_ = kPathExplodeFactor * std::max(std::abs(loss0), 1.0);
  if (!std::isfinite(loss0)) {  // a start where the surface is not even defined
    path_.diverged = true;
    path_.diverged_at_step = 0;
  }
}

long PathTracer::advance(long n) noexcept {
  long taken = 0;
  const bool two_d = w_.size() == 2;
  while (taken < n && !finished()) {
    const double x = w_[0];
    const double y = two_d ? w_[1] : path_.y.front();
    const Gradient2 grad = surface_.gradient(x, y);
    g_[0] = grad.x;
    if (two_d) g_[1] = grad.y;
    optimizer_->update(w_, g_, path_.learning_rate[static_cast<size_t>(path_.steps_done)]);
    ++path_.steps_done;
    ++taken;
    const double nx = w_[0];
    const double ny = two_d ? w_[1] : y;
    const double loss = surface_.value(nx, ny);
    path_.x.push_back(nx);  // capacity reserved for every point: no allocation
    path_.y.push_back(ny);
    path_.loss.push_back(loss);
    if (!std::isfinite(nx) || !std::isfinite(ny) || !std::isfinite(loss) || loss > explode_limit_) {
      path_.diverged = true;
      path_.diverged_at_step = path_.steps_done;
    }
  }
  return taken;
}

LandscapePath trace_path(const Surface& surface, const PathConfig& config) {
  PathTracer tracer(surface, config);
  tracer.advance(config.steps);
  return tracer.path();
}

}  // namespace lrlab
