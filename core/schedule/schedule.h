#pragma once
// Learning-rate schedules as pure functions. The trainer asks for the rate before each epoch
// (granularity "epoch", Keras LearningRateScheduler) or before each mini-batch step (granularity
// "step", Keras LearningRateSchedule: the first step uses step = 0).
#include <memory>
#include <string>
#include <vector>

#include "core/param_spec.h"

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
