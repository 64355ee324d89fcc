#pragma once
// The training loop: owns the data, the model, the optimizer, the schedule and the end-of-epoch
// callbacks (core/callbacks/) of one run, and records its History. step() and epoch() never throw:
// a run that diverges stops and is marked diverged at its epoch; a schedule that yields a bad rate
// stops the run with an event saying so. Everything that can fail on bad input fails in the
// constructor or a setter, before the run is touched.
#include <Eigen/Core>
#include <memory>
#include <vector>

#include "core/callbacks/callback.h"
#include "core/data.h"
#include "core/history.h"
#include "core/model.h"
#include "core/random.h"
#include "core/settings.h"

namespace lrlab {

class Optimizer;
class Schedule;
class ReduceLROnPlateau;
class EarlyStopping;
class PlateauCallback;
class EarlyStoppingCallback;
class StepSizeSummarizer;
class SharpnessMeter;
class UpdateObserver;

// Private TrainingControl: what the callbacks may do to the run, and nothing else sees it.
class Trainer : private TrainingControl {
 public:
  // `table`: the real problem's table (core/datasets.h) when settings.problem names one; the
  // generated problems need none.
  explicit Trainer(const Settings& settings, TableRef table = nullptr);
  ~Trainer();
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // One mini-batch. Returns false (and does nothing) once the run has stopped.
  bool step() noexcept;
  // The rest of the current epoch, then validation, the epoch's record and the callbacks.
  // Returns whether the run can go on (false once it stopped, also by EarlyStopping).
  bool epoch() noexcept;
  // Up to `epochs` more epochs; stops early on divergence or EarlyStopping. Returns the epochs
  // completed (the epoch EarlyStopping stopped after counts: it was completed).
  long run(long epochs) noexcept;

  // Fresh weights (same seed: the same initial weights), fresh optimizer state, empty history.
  // A run whose settings list changes starts again from the sections it began with and replays
  // its changes where they were made.
  void reset();

  // Changes that take effect from the next step (rate) or epoch (schedule, callbacks) without
  // resetting the network. A callback set mid-run starts with fresh counters. Each validates and
  // throws lrlab::Error before changing anything.
  void set_learning_rate(double learning_rate);
  void set_optimizer(const OptimizerSettings& optimizer);  // state starts fresh
  void set_schedule(const ScheduleSettings& schedule);
  void set_plateau(const PlateauSettings& plateau);
  void set_early_stopping(const EarlyStoppingSettings& early_stopping);
  // Turns the sharpness measurement on or off or changes its cadence; the next measurement is at
  // the next multiple of `every` epochs (none is taken at once: the history stays as it was).
  void set_sharpness(const SharpnessSettings& sharpness);
  // Continues a run that a schedule error stopped, from where it stopped and with its history,
  // once set_schedule() has given it a schedule that works. The epoch's rate is taken again at
  // once, so a schedule that still fails stops the run again, with a new event. A diverged run,
  // or one EarlyStopping ended, cannot continue. Returns whether the run can train on.
  bool resume() noexcept;

  // Shows `observer` the next update, before and after it (core/update_observer.h), then forgets
  // it. Null: nobody watches.
  void observe_next_update(UpdateObserver* observer) { observer_ = observer; }

  const History& history() const { return history_; }
  // The settings in force now (the sections as the latest change left them; `changes` empty).
  const Settings& settings() const { return settings_; }
  // The changes the run was given to replay (Settings::changes), and how many it has made.
  const std::vector<SettingsChange>& changes() const { return changes_; }
  std::size_t changes_applied() const { return next_change_; }
  const Problem& problem() const { return problem_; }
  const TableRef& table() const { return table_; }  // as given: for settings changes mid-run
  bool stopped() const { return stopped_; }
  // The plateau callback's state (best, wait, cooldown...), or null when it is off.
  const ReduceLROnPlateau* plateau() const;
  // EarlyStopping's state (best, wait, best epoch...), or null when it is off.
  const EarlyStopping* early_stopping() const;
  bool stopped_early() const { return stopped_by_callback_; }
  long epoch_index() const { return epoch_; }  // epochs completed
  long updates() const { return updates_; }    // mini-batch steps done
  // Mini-batches per epoch: the training-set size over the batch size, rounded up.
  long steps_per_epoch() const {
    return static_cast<long>((order_.size() + static_cast<std::size_t>(batch_) - 1) /
                             static_cast<std::size_t>(batch_));
  }
  double current_learning_rate() const { return lr_; }
  const Eigen::VectorXd& parameters() const;
  const Mlp& model() const { return *model_; }

 private:
  void build_model();
  void reserve_history();
  void begin_epoch() noexcept;
  void apply_due_changes() noexcept;
  void end_epoch() noexcept;
  bool apply_schedule(Granularity granularity) noexcept;
  ScheduleInput schedule_input() const noexcept;  // the schedule's view of the run right now
  void attach_callbacks();  // the enabled callbacks, in Keras order, into callbacks_
  void stop_diverged(double loss) noexcept;
  void stop_with_schedule_error(double rate) noexcept;
  void record_step(double loss) noexcept;
  void measure_sharpness() noexcept;  // one record of the history's sharpness series
  void decimate_steps() noexcept;
  void record_reported_losses() noexcept;  // the losses at the rule's reported weights, or NaN

  // TrainingControl, for the callbacks.
  double learning_rate() const noexcept override { return lr_; }
  void cut_learning_rate(double new_rate) noexcept override;
  const Eigen::VectorXd& weights() const noexcept override;
  void set_weights(const Eigen::VectorXd& weights) noexcept override;
  void stop_training() noexcept override;
  void record_event(Event event) noexcept override;

  Settings settings_;
  TableRef table_;
  Problem problem_;
  std::unique_ptr<Mlp> model_;
  std::unique_ptr<Optimizer> optimizer_;
  std::unique_ptr<Schedule> schedule_;
  std::unique_ptr<PlateauCallback> plateau_;
  std::unique_ptr<EarlyStoppingCallback> early_stopping_;
  std::vector<Callback*> callbacks_;  // the enabled ones, called in this order
  std::unique_ptr<StepSizeSummarizer> step_sizes_;
  std::unique_ptr<SharpnessMeter> sharpness_;  // null while the measurement is off
  Eigen::VectorXd inverse_preconditioner_;     // the optimizer's P^-1, for the sharpness
  long sharpness_every_ = 0;
  Rng shuffle_rng_;
  ModelSpec model_spec_;
  Eigen::Index batch_ = 1;

  std::vector<int> order_;             // the epoch's shuffled sample order
  Eigen::MatrixXd batch_x_, batch_y_;  // gathered mini-batch, allocated once
  Eigen::VectorXd last_finite_;        // parameters before the latest update
  // A schedule-free rule's reported weights, and the weights trained on while the losses at the
  // reported ones are taken: sized once, so an epoch's end allocates nothing.
  Eigen::VectorXd reported_, trained_;
  History history_;

  double lr0_ = 0;            // base rate: optimizer.learning_rate, scaled by plateau cuts
  double lr_ = 0;             // the rate in force
  double epoch_lr_ = 0;       // the rate of the current epoch's first step
  long epoch_ = 0;            // epochs completed
  long updates_ = 0;          // mini-batch steps done
  long position_ = 0;         // next sample index within the epoch (into order_)
  bool epoch_begun_ = false;  // the epoch's shuffle and epoch-granularity rate are done
  bool stopped_ = false;
  double epoch_loss_sum_ = 0;  // sum of batch loss * batch size over the epoch
  double epoch_correct_ = 0;   // correctly classified training samples over the epoch
  double reference_loss_ = 0;  // divergence threshold base: first epoch's (or first step's) loss

  bool stopped_by_callback_ = false;  // EarlyStopping ended the run

  std::vector<SettingsChange> changes_;  // to replay, in order (settings_.changes stays empty)
  std::size_t next_change_ = 0;          // the first change not applied yet
  SettingsChange start_;                 // the sections the run began with, for reset()
  UpdateObserver* observer_ = nullptr;   // watches the next update only
};

}  // namespace lrlab
