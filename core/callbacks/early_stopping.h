#pragma once
// EarlyStopping's rule, with Keras 3's defaults and order of operations. At the end of epoch e
// (0-based) with the monitored value v:
//   1. e < start_from_epoch: nothing (a warm-up; not even best moves);
//   2. restore_best_weights and no weights kept yet: keep this epoch's weights as the best;
//   3. wait += 1;
//   4. v improves on best (min mode: v + min_delta < best; max mode: v - min_delta > best):
//      best = v, best_epoch = e, keep the weights (restore_best_weights); wait = 0 only if v also
//      improves on baseline the same way (or there is no baseline); and no stop at this epoch;
//   5. otherwise, if wait >= patience and e > 0: stop after this epoch.
// So patience 0 stops at the first epoch that does not improve, with wait 1; a baseline that is
// never beaten stops the run after `patience` epochs even while it improves; NaN never improves.
// On a stop with restore_best_weights, the run's weights become the kept ones (the first watched
// epoch's when nothing improved since). docs/semantics.md says where lrlab departs from Keras.
#include <string>
#include <vector>

#include "core/param_spec.h"

namespace lrlab {

// monitor (val_loss, loss, val_accuracy, accuracy), min_delta, patience, mode (auto, min, max),
// baseline (null: none), restore_best_weights, start_from_epoch, with Keras' defaults.
const std::vector<ParamSpec>& early_stopping_params();

class EarlyStopping {
 public:
  // Missing values take their defaults; throws lrlab::Error naming "early_stopping.<param>".
  explicit EarlyStopping(const ParamValues& values);

  struct Outcome {
    bool keep_weights = false;  // restore_best_weights: this epoch's weights are the best so far
    bool stop = false;
  };

  // `epoch` is the 0-based index of the epoch that just ended.
  Outcome on_epoch_end(long epoch, double monitored) noexcept;
  void reset();

  const std::string& monitor() const { return monitor_; }
  bool maximizing() const { return maximize_; }
  int patience() const { return patience_; }
  double min_delta() const { return min_delta_; }
  double baseline() const { return baseline_; }  // NaN: none
  bool restores_best_weights() const { return restore_best_weights_; }
  long start_from_epoch() const { return start_from_epoch_; }

  int wait() const { return wait_; }
  double best() const { return best_; }            // +-infinity before the first watched epoch
  long best_epoch() const { return best_epoch_; }  // Keras starts it at 0
  long stopped_epoch() const { return stopped_epoch_; }  // -1 until it stops
  bool has_kept_weights() const { return kept_weights_; }
  // The best value so far improves on the baseline as step 4 asks (true without a baseline).
  bool best_beats_baseline() const noexcept;
  double last_monitored() const { return last_; }  // NaN before the first epoch end

 private:
  bool improves(double value, double reference) const noexcept;

  std::string monitor_;
  bool maximize_ = false;
  double min_delta_ = 0;
  int patience_ = 0;
  double baseline_ = 0;
  bool restore_best_weights_ = false;
  long start_from_epoch_ = 0;

  double best_ = 0;
  double last_ = 0;
  int wait_ = 0;
  long best_epoch_ = 0;
  long stopped_epoch_ = -1;
  bool kept_weights_ = false;
};

}  // namespace lrlab
