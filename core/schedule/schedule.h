#pragma once
// Learning-rate schedules as pure functions. The trainer asks for the rate before each epoch
// (granularity "epoch", Keras LearningRateScheduler) or before each mini-batch step (granularity
// "step", Keras LearningRateSchedule: the first step uses step = 0).
#include <memory>
#include <string>
#include <vector>

#include "core/param_spec.h"
#include "core/python/spelling.h"

namespace lrlab {

enum class Granularity { Epoch, Step };

struct ScheduleInput {
  long epoch = 0;     // 0-based epoch about to run
  long step = 0;      // number of updates done before this one
  double lr0 = 0.01;  // the initial (base) rate: optimizer.learning_rate
  double lr = 0.01;   // the rate currently in force (after any ReduceLROnPlateau cut)
  // Which counter the closed forms read as their position s. The schedule does not store it, so
  // the same schedule object serves a per-epoch and a per-step preview.
  Granularity granularity = Granularity::Epoch;

  long position() const { return granularity == Granularity::Step ? step : epoch; }
};

class Schedule {
 public:
  virtual ~Schedule() = default;
  // The rate to use. May return a non-finite or non-positive value for a bad custom formula;
  // the caller turns that into an Error naming the epoch. Must not throw for closed forms.
  virtual double rate(const ScheduleInput& in) const = 0;
  // Why rate(in) is unusable, e.g. "division by zero at position 12", for the error message.
  // Empty when there is nothing more to say than the value itself. Called only on failure.
  virtual std::string diagnose(const ScheduleInput& /*in*/) const { return {}; }
};

// Where a schedule's rate comes from, which decides how it meets the run's rate and a
// ReduceLROnPlateau cut (docs/semantics.md, "ReduceLROnPlateau with a schedule"):
//   Scaled:   a multiple of lr0, the run's rate (the closed forms); a plateau cut scales lr0.
//   Absolute: the rate itself, whatever the run's rate (the tutorial preset, piecewise values, a
//             formula without lr0 or lr); it overrides a plateau cut at the next position.
//   ReadsLr:  from the rate in force, lr ("constant", a formula reading lr); a cut persists.
enum class RateSource { Scaled, Absolute, ReadsLr };
const char* rate_source_name(RateSource source);  // "scaled", "absolute", "reads_lr"
// For a registry entry whose rate source does not depend on its values.
RateSource rate_scaled(const ParamValues&);
RateSource rate_absolute(const ParamValues&);
RateSource rate_reads_lr(const ParamValues&);

struct ScheduleInfo {
  std::string name;     // registry key, e.g. "cosine"
  std::string label;    // shown on the page
  std::string summary;  // the formula in one line
  std::vector<ParamSpec> params;
  Granularity default_granularity;
  // Builds from validated values (defaults filled); throws lrlab::Error for cross-field problems
  // (e.g. unsorted milestones, a formula that does not parse), naming "schedule.<param>".
  // Missing values take their defaults and every value is checked again, so direct calls are safe.
  std::unique_ptr<Schedule> (*make)(const ParamValues& values);
  // Where the rate comes from, from validated values (a formula: from the variables it reads):
  // rate_scaled, rate_absolute, rate_reads_lr, or a function of the values.
  RateSource (*rate_source)(const ParamValues& values);
  // The body of the listings' Python function lr_schedule(position, lr), unindented, usually
  // fill_lines over templates (core/python/spelling.h): the same rates as rate()
  // (tests/wasm/code-export.test.mjs runs it against preview_schedule).
  std::vector<std::string> (*python_body)(const ParamValues& values,
                                          const SchedulePythonNames& names);
  // Keras 3's schedule object (counted in steps) and PyTorch's scheduler with exactly this
  // curve, where one exists (call "" otherwise).
  FrameworkSpelling keras;
  FrameworkSpelling pytorch;
};

const std::vector<ScheduleInfo>& schedule_registry();
// Throws Error("schedule.name: \"x\" is not allowed (must be one of constant, step, ...)").
const ScheduleInfo& find_schedule(const std::string& name);

// "epoch" / "step"; parse_granularity throws Error naming "schedule.granularity".
const char* granularity_name(Granularity granularity);
Granularity parse_granularity(const std::string& text);

// True for a finite number > 0, the only rates training accepts.
bool is_usable_rate(double rate);
// "schedule: rate at epoch 3 is -0.5, must be a finite number > 0", or with the schedule's
// diagnosis ("schedule: rate at step 40 (epoch 2): division by zero at position 12"). Shared by
// preview_schedule and the trainer so that both word the failure the same way.
std::string bad_rate_message(const Schedule& schedule, const ScheduleInput& in, double rate);

// The rate at position s = 0..count-1 (epochs or steps, as `granularity` says), without training.
// lr is the previous position's rate, as in training without a plateau cut (a formula using
// `lr` compounds). Throws Error naming the position for a non-finite or
// non-positive rate ("schedule: rate at epoch 3 is -0.5, must be a finite number > 0").
// Per epoch, step = epoch * steps_per_epoch; per step, epoch = step / steps_per_epoch.
std::vector<double> preview_schedule(const Schedule& schedule, Granularity granularity, double lr0,
                                     long count, long steps_per_epoch = 1);

}  // namespace lrlab
