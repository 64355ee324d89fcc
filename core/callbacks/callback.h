#pragma once
// The trainer's end-of-epoch hook, after Keras' Callback: the loop records the epoch, then calls
// each enabled callback in a fixed order (ReduceLROnPlateau, then EarlyStopping, as a Keras user
// would list them). A callback sees the epoch's numbers (its "logs") and acts on the run only
// through TrainingControl, so a new callback is a new class, not an edit of the loop.
#include <Eigen/Core>
#include <string>

#include "core/history.h"

namespace lrlab {

// What the epoch that just ended recorded. NaN where the run has no such quantity (val_* without
// a validation set, accuracy for a regression); the settings door refuses such monitors.
struct EpochLogs {
  long epoch = 0;  // 0-based index of the epoch that just ended
  long step = 0;   // updates done so far
  double loss = 0;
  double val_loss = 0;
  double accuracy = 0;
  double val_accuracy = 0;
};

// The value of a monitor ("loss", "val_loss", "accuracy", "val_accuracy") in `logs`.
double monitored_value(const std::string& monitor, const EpochLogs& logs) noexcept;

// A monitor is maximised when mode is "max", or "auto" and it names an accuracy (Keras' rule for
// the quantities lrlab records: the losses go down, the accuracies up).
bool maximizes(const std::string& monitor, const std::string& mode) noexcept;

// What a callback may do to the run it watches. The trainer implements it.
class TrainingControl {
 public:
  // The rate used in the epoch that just ended.
  virtual double learning_rate() const noexcept = 0;
  // The rate from the next epoch on; the trainer scales its base rate by the same factor
  // (core/plateau.h says how a cut combines with a schedule).
  virtual void cut_learning_rate(double new_rate) noexcept = 0;
  virtual const Eigen::VectorXd& weights() const noexcept = 0;
  // Same size as weights(): copying into them allocates nothing.
  virtual void set_weights(const Eigen::VectorXd& weights) noexcept = 0;
  // The run ends after this epoch (History keeps every epoch recorded so far).
  virtual void stop_training() noexcept = 0;
  virtual void record_event(Event event) noexcept = 0;

 protected:
  ~TrainingControl() = default;
};

class Callback {
 public:
  virtual ~Callback() = default;
  // A fresh run (or this callback attached to a run): every counter starts again. Buffers sized
  // to the run's weights are made here, so on_epoch_end never allocates unless it records an event.
  virtual void on_train_begin(const TrainingControl& run) = 0;
  virtual void on_epoch_end(const EpochLogs& logs, TrainingControl& run) noexcept = 0;
};

// printf-style words for event messages ("%.3g" of up to three numbers).
std::string format_numbers(const char* pattern, double a, double b = 0, double c = 0);

}  // namespace lrlab
