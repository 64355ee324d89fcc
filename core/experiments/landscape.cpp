#include "core/experiments/landscape.h"

#include <cmath>
#include <limits>
#include <memory>

#include "core/error.h"
#include "core/json_fields.h"
#include "core/settings.h"

namespace lrlab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::unique_ptr<Surface> build_surface(const std::string& name, JsonFields& request) {
  if (name != "linear") return make_surface(name);
  Settings settings = default_settings();
  settings.problem.name = "linear";
  if (request.has("seed"))
    settings.seed = static_cast<std::uint64_t>(request.integer("seed", 1, 0, 4294967295LL));
  ProblemConfig config = settings.problem;
  if (request.has("problem")) {
    JsonFields problem = request.object("problem");
    config.samples = static_cast<int>(problem.integer("samples", config.samples, 8, 100000));
    config.noise = problem.number("noise", config.noise);
    config.val_fraction = problem.number("val_fraction", config.val_fraction);
    problem.text("name", "linear");
    problem.reject_unknown_keys();
  }
  config.name = "linear";
  return make_linear_surface(make_problem(config, settings.seed).train);
}

}  // namespace

std::vector<std::string> landscape_surface_names() {
  std::vector<std::string> names = analytic_surface_names();
  names.push_back("linear");
  return names;
}

LandscapeView compute_landscape(const std::string& request_json) {
  JsonDocument document(request_json);
  JsonFields request = document.root();
  const std::string name = request.text("surface", "bowl");
  bool known = false;
  std::string allowed;
  for (const std::string& option : landscape_surface_names()) {
    known = known || option == name;
    allowed += (allowed.empty() ? "" : ", ") + option;
  }
  if (!known) fail_field("landscape.surface", "\"" + name + "\"", "must be one of: " + allowed);

  const std::unique_ptr<Surface> surface = build_surface(name, request);
  LandscapeView view;
  view.info = surface->info();
  view.stability_bound = std::isfinite(view.info.max_curvature) && view.info.max_curvature > 0
                             ? 2.0 / view.info.max_curvature
                             : kNaN;
  const int grid = static_cast<int>(request.integer("grid", 60, 2, 400));
  const int levels = static_cast<int>(request.integer("levels", 14, 1, 100));
  if (view.info.dimensions == 1) {
    view.curve = sample_curve(*surface, view.info.view.x_min, view.info.view.x_max, grid * 4);
  } else {
    view.grid = evaluate_grid(*surface, view.info.view, grid, grid);
    view.contours =
        contour_lines(view.grid, pick_levels(view.grid, levels, view.info.level_spacing));
  }

  PathConfig base;
  base.start_x = request.number("start_x", kNaN);
  base.start_y = request.number("start_y", kNaN);
  base.steps = static_cast<long>(request.integer("steps", 100, 0, 100000));

  std::vector<std::pair<OptimizerSettings, ScheduleSettings>> runs;
  if (request.has("runs")) {
    // Each run is a partial settings object ({"optimizer": ..., "schedule": ...}) that goes
    // through the settings door, so a landscape run accepts exactly what a training run does.
    const std::vector<std::string> sections = request.object_list("runs", kLandscapeMaxRuns);
    for (std::size_t i = 0; i < sections.size(); ++i) {
      const std::string prefix = "landscape.runs[" + std::to_string(i) + "]";
      try {
        const Settings settings = parse_settings(sections[i]);
        runs.emplace_back(settings.optimizer, settings.schedule);
      } catch (const Error& error) {
        throw Error(prefix + "." + error.what());
      }
    }
  }
  request.reject_unknown_keys();
  if (runs.empty()) {
    const Settings defaults = default_settings();
    runs.emplace_back(defaults.optimizer, defaults.schedule);
  }

  for (const auto& [optimizer, schedule_settings] : runs) {
    const std::unique_ptr<Schedule> schedule =
        find_schedule(schedule_settings.name).make(schedule_settings.params);
    PathConfig config = base;
    config.optimizer = optimizer.name;
    config.optimizer_params = optimizer.params;
    config.learning_rate = optimizer.learning_rate;
    config.schedule = schedule.get();
    config.granularity = Granularity::Step;  // on a surface one update is one epoch
    view.run_rates.push_back(optimizer.learning_rate);
    view.paths.push_back(trace_path(*surface, config));
  }
  return view;
}

}  // namespace lrlab
