#pragma once
// ReduceLROnPlateau with Keras 3's exact order of operations
// (docs/spec-schedules.md#reducelronplateau). At each epoch end, with the monitored value v:
//   1. in cooldown (cooldown_counter > 0): cooldown_counter -= 1, wait = 0;
//   2. if v improves on best by more than min_delta (min mode: v < best - min_delta; max mode:
//      v > best + min_delta): best = v, wait = 0;
//   3. else, if not in cooldown: wait += 1, and if wait >= patience and lr > min_lr:
//      lr = max(lr * factor, min_lr), cooldown_counter = cooldown, wait = 0 (a reduction event).
// Kept on purpose because Keras behaves so: cooldown c ignores only c - 1 epochs after a cut
// (cooldown 1 acts like 0), and once lr sits at min_lr, wait keeps growing and nothing happens.
// The new rate applies from the next epoch.
//
// Combination with a schedule (the trainer's rule): when a cut takes the rate from a to b, the
// trainer also scales its base rate lr0 by b / a. So closed-form schedules, which are proportional
// to lr0, continue their shape from the reduced base; "constant" and formulas that use `lr` see the
// reduced rate as lr; the tutorial preset and "piecewise" (absolute rates) override the cut, as a
// Keras LearningRateScheduler returning absolute numbers would.
#include <string>
#include <vector>

#include "core/param_spec.h"

namespace lrlab {

// monitor (val_loss, loss, val_accuracy, accuracy), factor, patience, mode (auto, min, max),
// min_delta, cooldown, min_lr, with Keras' defaults.
const std::vector<ParamSpec>& plateau_params();

class ReduceLROnPlateau {
 public:
  // Missing values take their defaults; throws lrlab::Error naming "plateau.<param>"
  // (factor >= 1, patience < 0, unknown monitor or mode, ...).
  explicit ReduceLROnPlateau(const ParamValues& values);

  struct Outcome {
    bool reduced = false;
    double old_lr = 0;
    double new_lr = 0;  // equals old_lr when not reduced
  };

  // `lr` is the rate used in the epoch that just ended. A NaN monitored value never improves.
  Outcome on_epoch_end(double monitored, double lr) noexcept;

  int wait() const { return wait_; }
  int cooldown_counter() const { return cooldown_counter_; }
  double best() const { return best_; }
  int patience() const { return patience_; }
  int cooldown() const { return cooldown_; }
  // The monitored value of the last epoch end (NaN before the first), for the page's readout.
  double last_monitored() const { return last_; }
  bool maximizing() const { return maximize_; }
  const std::string& monitor() const { return monitor_; }
  void reset();

 private:
  std::string monitor_;
  bool maximize_ = false;
  double factor_ = 0.1;
  int patience_ = 10;
  double min_delta_ = 1e-4;
  int cooldown_ = 0;
  double min_lr_ = 0;

  double best_ = 0;
  double last_ = 0;
  int wait_ = 0;
  int cooldown_counter_ = 0;
};

}  // namespace lrlab
