#pragma once
// What a run recorded. Columns rather than rows: each series is one vector the bindings copy into
// a typed array and the CLI prints as a column. Appends are amortised (vector growth), and the
// per-step series are decimated past kMaxStepRecords so a run of millions of steps stays bounded.
#include <string>
#include <vector>

namespace lrlab {

struct Event {
  enum class Kind { PlateauReduction, Diverged, ScheduleError, EarlyStop };
  Kind kind;
  long epoch;         // 0-based epoch in which it happened (a reduction: the epoch just ended)
  long step;          // updates done when it happened
  double old_lr = 0;  // PlateauReduction: the rate before and after the cut
  double new_lr = 0;
  double monitored = 0;  // PlateauReduction, EarlyStop: the monitored value that triggered it
  std::string message;   // a plain sentence for the page and the CLI
  // EarlyStop only (core/callbacks/early_stopping.h): epochs counted without improvement against
  // the patience, the best epoch (0-based) and its value, and whether its weights were restored.
  long wait = 0;
  long patience = 0;
  long best_epoch = -1;
  double best = 0;
  bool restored_best_weights = false;
};

const char* event_kind_name(Event::Kind kind);

struct History;

// A history series with the name it has in every exported form (the CLI's JSON, the page's
// typed arrays), so the list of series is written once.
struct NamedSeries {
  const char* name;
  const std::vector<double>* values;
};
std::vector<NamedSeries> epoch_series(const History& history);      // one entry per epoch
std::vector<NamedSeries> step_series(const History& history);       // one entry per step record
std::vector<NamedSeries> sharpness_series(const History& history);  // one per measurement

struct History {
  // One entry per finished epoch.
  std::vector<double> train_loss;    // mean of the epoch's mini-batch losses, weighted by size
  std::vector<double> val_loss;      // after the epoch; NaN without a validation set
  std::vector<double> accuracy;      // training accuracy over the epoch's batches; NaN: regression
  std::vector<double> val_accuracy;  // NaN for regression or without a validation set
  std::vector<double> epoch_lr;      // the rate in force at the epoch's first step
  // For a rule that reports other weights than those it takes gradients at (schedule-free: x, the
  // average Keras evaluates, against y; core/optim/optimizer.h reported_weights()), the training
  // and validation losses at the reported weights after the epoch; NaN for every other rule. Then
  // train_loss and val_loss are at y, where the gradients are taken.
  std::vector<double> reported_train_loss;
  std::vector<double> reported_val_loss;

  // Per recorded step (every `step_stride`-th update; 1 until the run gets long).
  std::vector<double> step_index;  // the update count t (1-based) of each record
  std::vector<double> step_loss;
  std::vector<double> step_lr;
  std::vector<double> step_size_min;  // effective per-parameter step size of that update
  std::vector<double> step_size_median;
  std::vector<double> step_size_max;
  long step_stride = 1;

  // One entry per sharpness measurement (settings "sharpness", docs/spec-core.md#sharpness): at
  // the initial weights and after every `every`-th epoch.
  std::vector<double> sharpness_epoch;  // epochs completed when measured (0: initial weights)
  std::vector<double> sharpness_step;   // updates done when measured
  std::vector<double> sharpness;        // top eigenvalue of the training loss's Hessian H
  // Top eigenvalue of P^-1 H for an optimizer with a preconditioner P (Adam, AdamW), else NaN.
  std::vector<double> sharpness_preconditioned;
  // The optimizer's stability threshold at the rate in force (the latest update's, the base
  // rate before the first), for sharpness_preconditioned where the optimizer has a
  // preconditioner and for sharpness otherwise: 2/lr for SGD, (2 + 2 momentum)/lr with momentum,
  // (2 + 2 beta_1)/((1 - beta_1) lr) for Adam. NaN where lrlab knows none.
  std::vector<double> sharpness_threshold;
  std::vector<double> sharpness_iterations;  // Hessian-vector products the measurement spent

  double initial_train_loss = 0;  // before the first update: where every curve starts

  std::vector<Event> events;
  bool diverged = false;
  long diverged_epoch = -1;  // 0-based
  long diverged_step = -1;   // the update count at which the loss stopped being finite/sane

  long epochs() const { return static_cast<long>(train_loss.size()); }
  void clear();

  // Keeps at most this many step records: when full, every second record is dropped and the
  // stride doubles, so memory stays bounded while the whole run stays visible.
  static constexpr std::size_t kMaxStepRecords = 1 << 16;
};

}  // namespace lrlab
