#pragma once
// ReduceLROnPlateau as a callback: core/plateau.h's rule, fed the monitored value at each epoch
// end; a cut changes the run's rate from the next epoch and records a "plateau_reduction" event.
#include "core/callbacks/callback.h"
#include "core/plateau.h"

namespace lrlab {

class PlateauCallback final : public Callback {
 public:
  // Throws lrlab::Error naming "plateau.<param>" (core/plateau.h).
  explicit PlateauCallback(const ParamValues& values) : rule_(values) {}

  void on_train_begin(const TrainingControl& run) override;
  void on_epoch_end(const EpochLogs& logs, TrainingControl& run) noexcept override;

  const ReduceLROnPlateau& rule() const { return rule_; }

 private:
  ReduceLROnPlateau rule_;
};

}  // namespace lrlab
