#pragma once
// One experiment, one structure, one JSON form: the page keeps this JSON in its URL and exports
// it, the CLI reads it, the bindings construct trainers from it. parse_settings() is the only
// validation in the project; every error names the field, the value and the allowed range.
#include <cstdint>
#include <string>
#include <vector>

#include "core/data.h"
#include "core/param_spec.h"
#include "core/schedule/schedule.h"

namespace lrlab {

struct ModelSettings {
  std::vector<int> hidden = {16, 16};  // 0 to 4 layers of 1 to 64 units
  std::string activation = "tanh";     // tanh, relu, sigmoid, linear
  std::string init = "auto";           // auto (He for relu, else Glorot), glorot, he
  std::string loss = "auto";           // auto (from the problem), mse, bce, softmax_ce
};

struct OptimizerSettings {
  std::string name = "sgd";
  double learning_rate = 0.1;
  ParamValues params;  // every hyperparameter of the optimizer, defaults filled in
};

struct ScheduleSettings {
  std::string name = "constant";
  Granularity granularity = Granularity::Epoch;
  ParamValues params;
};

struct PlateauSettings {
  bool enabled = false;
  ParamValues params;  // monitor, factor, patience, mode, min_delta, cooldown, min_lr
};

struct EarlyStoppingSettings {
  bool enabled = false;
  // monitor, min_delta, patience, mode, baseline (NaN: none), restore_best_weights,
  // start_from_epoch
  ParamValues params;
};

// The sharpness measurement (core/curvature/sharpness.h): off unless enabled.
struct SharpnessSettings {
  bool enabled = false;
  ParamValues params;  // every, iterations, tolerance (core/curvature/sharpness_params.h)
};

// A change made while the run trained (docs/semantics.md#changes-while-training): before the
// update that would be the run's `step`-th of epoch `epoch` (both 0-based; step 0 is the epoch's
// start, before its shuffle), each section present becomes what it holds, through the same
// setters the page's live change used (Trainer::set_*), in the order the changes are listed.
// A section holds its complete value after the change (every field filled in, so the change
// means the same whatever the run's defaults were).
struct SettingsChange {
  long epoch = 0;
  long step = 0;
  bool has_optimizer = false, has_schedule = false, has_plateau = false;
  OptimizerSettings optimizer;
  ScheduleSettings schedule;
  PlateauSettings plateau;
};

struct Settings {
  std::uint64_t seed = 1;
  ProblemConfig problem;
  ModelSettings model;
  OptimizerSettings optimizer;
  ScheduleSettings schedule;
  PlateauSettings plateau;
  EarlyStoppingSettings early_stopping;
  SharpnessSettings sharpness;
  int batch_size = 32;  // 1 .. training-set size (larger means full batch)
  int epochs = 50;      // the run's length; the page may continue past it
  // What changed while the run trained, in the order it happened; the sections above are what it
  // started with. Empty for a run trained with one set of settings.
  std::vector<SettingsChange> changes;

  // Limits, shared with messages and the page.
  static constexpr int kMaxEpochs = 100000;
  static constexpr int kMaxBatch = 100000;
  static constexpr int kMaxChanges = 10000;
};

// Defaults for every field (the page's starting point).
Settings default_settings();

// The one door: JSON text -> validated Settings, or lrlab::Error naming the field.
// Every field is optional (defaults above) except "name" inside a problem, optimizer or
// schedule object that is present: a section without a name cannot be interpreted. The model is
// checked against the problem's shape, which for the user's CSV comes from its `table`
// (core/datasets.h); the other problems' shapes are known from their names.
Settings parse_settings(const std::string& json, const TableRef& table = nullptr);

// `current` with one top-level section ("optimizer", "schedule", "plateau", "early_stopping",
// "sharpness", "problem", "model")
// replaced by `section_json`, validated as a whole through parse_settings, so a change made
// mid-run is checked exactly like a fresh experiment (cross-field rules included). `table`: the
// run's table, as for parse_settings.
Settings replace_section(const Settings& current, const std::string& key,
                         const std::string& section_json, const TableRef& table = nullptr);

// The canonical JSON form of validated settings: every field spelled out, numbers round-trip.
// parse_settings(settings_to_json(s)) == s. The "sharpness" section is written only when it differs
// from its defaults (off), so the canonical form of every experiment without it is unchanged.
std::string settings_to_json(const Settings& settings);

}  // namespace lrlab
