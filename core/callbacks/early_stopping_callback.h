#pragma once
// EarlyStopping as a callback: core/callbacks/early_stopping.h's rule, fed the monitored value at
// each epoch end. It keeps the best weights when asked to restore them, and on a stop it restores
// them, ends the run and records an "early_stop" event (epoch, wait against patience, the best
// epoch and whether its weights were restored).
#include <Eigen/Core>

#include "core/callbacks/callback.h"
#include "core/callbacks/early_stopping.h"

namespace lrlab {

class EarlyStoppingCallback final : public Callback {
 public:
  // Throws lrlab::Error naming "early_stopping.<param>".
  explicit EarlyStoppingCallback(const ParamValues& values) : rule_(values) {}

  void on_train_begin(const TrainingControl& run) override;
  void on_epoch_end(const EpochLogs& logs, TrainingControl& run) noexcept override;

  const EarlyStopping& rule() const { return rule_; }

 private:
  EarlyStopping rule_;
  Eigen::VectorXd best_weights_;  // sized in on_train_begin when the rule restores weights
};

}  // namespace lrlab
