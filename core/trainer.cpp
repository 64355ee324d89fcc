#include "core/trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

#include "core/callbacks/early_stopping_callback.h"
#include "core/callbacks/plateau_callback.h"
#include "core/curvature/sharpness.h"
#include "core/curvature/sharpness_params.h"
#include "core/error.h"
#include "core/model.h"
#include "core/optim/make_optimizer.h"
#include "core/optim/optimizer.h"
#include "core/optim/step_size_summary.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"
#include "core/settings_changes.h"
#include "core/update_observer.h"

namespace lrlab {

namespace {

// A loss this many times the first epoch's loss counts as exploded (docs/spec-core.md#divergence).
constexpr double kExplodeFactor = 1e6;
// Floor under the reference loss, so a first epoch that already fits perfectly does not turn
// ordinary rounding noise into a "divergence".
constexpr double kReferenceFloor = 1e-12;

std::string format(const char* pattern, double a, double b = 0, double c = 0) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, pattern, a, b, c);
  return buffer;
}

}  // namespace

Trainer::Trainer(const Settings& settings, TableRef table)
    : settings_(settings),
      table_(std::move(table)),
      problem_(make_problem(settings.problem, settings.seed, table_)),
      shuffle_rng_(derive_seed(settings.seed, kShuffleStream)) {
  changes_ = std::move(settings_.changes);
  settings_.changes.clear();
  start_.optimizer = settings.optimizer;
  start_.schedule = settings.schedule;
  start_.plateau = settings.plateau;
  build_model();
  // A change is made before one of the epoch's updates: its step must be one the epoch has.
  for (std::size_t i = 0; i < changes_.size(); ++i)
    if (changes_[i].step >= steps_per_epoch())
      fail_field("changes[" + std::to_string(i) + "].step", static_cast<double>(changes_[i].step),
                 "must be below " + std::to_string(steps_per_epoch()) +
                     ", the updates in one epoch at this batch size");
  set_optimizer(settings.optimizer);
  set_schedule(settings.schedule);
  set_plateau(settings.plateau);
  set_early_stopping(settings.early_stopping);
  set_sharpness(settings.sharpness);
  reset();
}

Trainer::~Trainer() = default;

void Trainer::build_model() {
  const Eigen::Index train_count = problem_.train.size();
  batch_ = static_cast<Eigen::Index>(settings_.batch_size) < train_count
               ? static_cast<Eigen::Index>(settings_.batch_size)
               : train_count;
  model_spec_ =
      make_model_spec(settings_.model.hidden, settings_.model.activation, settings_.model.init,
                      settings_.model.loss, problem_shape(settings_.problem, table_));
  batch_x_.resize(problem_.train.x.rows(), batch_);
  batch_y_.resize(problem_.train.y.rows(), batch_);
  order_.resize(static_cast<std::size_t>(train_count));
}

void Trainer::reset() {
  if (next_change_ > 0) {  // back to the sections the run began with
    set_optimizer(start_.optimizer);
    set_schedule(start_.schedule);
    set_plateau(start_.plateau);
  }
  next_change_ = 0;
  Rng init_rng(derive_seed(settings_.seed, kInitStream));
  model_ = std::make_unique<Mlp>(model_spec_, batch_, init_rng);
  const Eigen::Index n = model_->parameters().size();
  optimizer_->reset(model_->layout());
  step_sizes_ = std::make_unique<StepSizeSummarizer>(n);
  last_finite_.resize(n);
  reported_.resize(n);
  trained_.resize(n);
  shuffle_rng_ = Rng(derive_seed(settings_.seed, kShuffleStream));
  for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int>(i);
  history_.clear();
  reserve_history();
  history_.initial_train_loss = model_->loss(problem_.train.x, problem_.train.y);
  lr0_ = settings_.optimizer.learning_rate;
  lr_ = lr0_;
  epoch_ = updates_ = position_ = 0;
  epoch_begun_ = stopped_ = stopped_by_callback_ = false;
  reference_loss_ = 0;
  for (Callback* callback : callbacks_) callback->on_train_begin(*this);
  if (sharpness_) {
    sharpness_->forget();  // the same measurements as a fresh trainer's, warm starts included
    measure_sharpness();
  }
}

void Trainer::reserve_history() {
  const long planned = static_cast<long>(settings_.epochs) * steps_per_epoch();
  const std::size_t steps = planned < static_cast<long>(History::kMaxStepRecords)
                                ? static_cast<std::size_t>(planned)
                                : History::kMaxStepRecords;
  for (auto* series :
       {&history_.step_index, &history_.step_loss, &history_.step_lr, &history_.step_size_min,
        &history_.step_size_median, &history_.step_size_max})
    series->reserve(steps);
  for (auto* series :
       {&history_.train_loss, &history_.val_loss, &history_.accuracy, &history_.val_accuracy,
        &history_.epoch_lr, &history_.reported_train_loss, &history_.reported_val_loss})
    series->reserve(static_cast<std::size_t>(settings_.epochs));
  if (sharpness_every_ > 0)
    for (auto* series : {&history_.sharpness_epoch, &history_.sharpness_step, &history_.sharpness,
                         &history_.sharpness_preconditioned, &history_.sharpness_threshold,
                         &history_.sharpness_iterations})
      series->reserve(static_cast<std::size_t>(settings_.epochs / sharpness_every_ + 2));
}

// On the weights as they are, before any callback acts on them (EarlyStopping may restore older
// ones): the sharpness the run trained at.
void Trainer::measure_sharpness() noexcept {
  const Eigen::VectorXd& w = model_->parameters();
  if (!w.allFinite()) return;
  const Lanczos::Result plain = sharpness_->measure(w);
  double preconditioned = std::numeric_limits<double>::quiet_NaN();
  double products = plain.iterations;
  if (optimizer_->inverse_preconditioner(inverse_preconditioner_)) {
    const Lanczos::Result scaled = sharpness_->measure_preconditioned(inverse_preconditioner_);
    preconditioned = scaled.value;
    products += scaled.iterations;
  }
  history_.sharpness_epoch.push_back(static_cast<double>(epoch_));
  history_.sharpness_step.push_back(static_cast<double>(updates_));
  history_.sharpness.push_back(plain.value);
  history_.sharpness_preconditioned.push_back(preconditioned);
  history_.sharpness_threshold.push_back(optimizer_->stability_threshold(lr_));
  history_.sharpness_iterations.push_back(products);
}

const Eigen::VectorXd& Trainer::parameters() const {
  return model_->parameters();
}

const ReduceLROnPlateau* Trainer::plateau() const {
  return settings_.plateau.enabled ? &plateau_->rule() : nullptr;
}

const EarlyStopping* Trainer::early_stopping() const {
  return settings_.early_stopping.enabled ? &early_stopping_->rule() : nullptr;
}

ScheduleInput Trainer::schedule_input() const noexcept {
  ScheduleInput in;
  in.epoch = epoch_;
  in.step = updates_;
  in.lr0 = lr0_;
  in.lr = lr_;
  in.granularity = settings_.schedule.granularity;
  return in;
}

bool Trainer::apply_schedule(Granularity granularity) noexcept {
  if (settings_.schedule.granularity != granularity) return true;
  const double rate = schedule_->rate(schedule_input());
  if (!is_usable_rate(rate)) {
    stop_with_schedule_error(rate);
    return false;
  }
  lr_ = rate;
  return true;
}

void Trainer::begin_epoch() noexcept {
  shuffle_rng_.shuffle(order_);
  epoch_begun_ = true;
  position_ = 0;
  epoch_loss_sum_ = 0;
  epoch_correct_ = 0;
  apply_schedule(Granularity::Epoch);  // a bad rate stops the run; step() checks stopped_
}

// The changes due before this update, applied as the page applied them live (web/worker/
// run-pool.js applyLive): an optimizer whose name and parameters stay gets only its new rate (its
// state kept), another optimizer starts fresh; a schedule or plateau given is set anew (a plateau
// with fresh counters). Each change was checked when the settings were read, so none throws here.
void Trainer::apply_due_changes() noexcept {
  const long step_in_epoch = position_ / static_cast<long>(batch_);
  while (next_change_ < changes_.size()) {
    const SettingsChange& change = changes_[next_change_];
    if (change.epoch > epoch_ || (change.epoch == epoch_ && change.step > step_in_epoch)) return;
    ++next_change_;
    if (change.has_optimizer) {
      const OptimizerSettings& now = settings_.optimizer;
      if (change.optimizer.name != now.name || !same_params(change.optimizer.params, now.params))
        set_optimizer(change.optimizer);
      else if (change.optimizer.learning_rate != now.learning_rate)
        set_learning_rate(change.optimizer.learning_rate);
    }
    if (change.has_schedule) set_schedule(change.schedule);
    if (change.has_plateau) set_plateau(change.plateau);
  }
}

bool Trainer::step() noexcept {
  if (stopped_) return false;
  apply_due_changes();
  if (!epoch_begun_) {
    begin_epoch();
    if (stopped_) return false;
  }
  if (!apply_schedule(Granularity::Step)) return false;
  if (position_ == 0) epoch_lr_ = lr_;

  const Eigen::Index count = static_cast<Eigen::Index>(order_.size());
  const Eigen::Index n = position_ + batch_ <= count ? batch_ : count - position_;
  for (Eigen::Index j = 0; j < n; ++j) {
    const int sample = order_[static_cast<std::size_t>(position_ + j)];
    batch_x_.col(j) = problem_.train.x.col(sample);
    batch_y_.col(j) = problem_.train.y.col(sample);
  }
  const double loss = model_->loss_and_gradient(batch_x_.leftCols(n), batch_y_.leftCols(n));
  const double threshold = kExplodeFactor * std::max(reference_loss_, kReferenceFloor);
  if (!std::isfinite(loss) || (updates_ > 0 && loss > threshold)) {
    stop_diverged(loss);
    return false;
  }
  if (updates_ == 0) reference_loss_ = loss;  // until the first epoch's loss is known

  Eigen::VectorXd& w = model_->parameters();
  last_finite_ = w;
  if (observer_) observer_->before_update(w, model_->gradient(), lr_, *optimizer_);
  optimizer_->update(w, model_->gradient(), lr_);
  if (observer_) {
    observer_->after_update(w, *optimizer_);
    observer_ = nullptr;
  }
  ++updates_;
  if (!w.allFinite()) {
    w = last_finite_;  // keep the last finite parameters
    stop_diverged(std::numeric_limits<double>::infinity());
    return false;
  }
  record_step(loss);
  epoch_loss_sum_ += loss * static_cast<double>(n);
  if (problem_.train.task != Task::Regression)
    epoch_correct_ += static_cast<double>(model_->last_batch_correct(batch_y_.leftCols(n)));
  position_ += n;
  if (position_ >= count) end_epoch();
  return !stopped_;
}

void Trainer::record_step(double loss) noexcept {
  if (updates_ % history_.step_stride != 0) return;
  if (history_.step_loss.size() >= History::kMaxStepRecords) {
    decimate_steps();
    // The stride just doubled: this update is recorded only if it is a multiple of the new one.
    if (updates_ % history_.step_stride != 0) return;
  }
  const StepSizeSummary sizes = step_sizes_->summarize(optimizer_->effective_step_size());
  history_.step_index.push_back(static_cast<double>(updates_));
  history_.step_loss.push_back(loss);
  history_.step_lr.push_back(lr_);
  history_.step_size_min.push_back(sizes.min);
  history_.step_size_median.push_back(sizes.median);
  history_.step_size_max.push_back(sizes.max);
}

// Schedule-free rules train at y but report x (Keras evaluates x after swap_to_eval()): both
// losses are recorded so the page can show what "no schedule" means. The model's weights become
// x for the two evaluations and then y again, bit for bit (copies, no arithmetic).
void Trainer::record_reported_losses() noexcept {
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  if (!optimizer_->reported_weights(model_->parameters(), reported_)) {
    history_.reported_train_loss.push_back(kNone);
    history_.reported_val_loss.push_back(kNone);
    return;
  }
  trained_ = model_->parameters();
  model_->parameters() = reported_;
  history_.reported_train_loss.push_back(model_->loss(problem_.train.x, problem_.train.y));
  history_.reported_val_loss.push_back(
      problem_.val.size() > 0 ? model_->loss(problem_.val.x, problem_.val.y) : kNone);
  model_->parameters() = trained_;
}

// Drops every second step record and doubles the stride: a long run stays visible end to end
// in bounded memory.
void Trainer::decimate_steps() noexcept {
  for (auto* series :
       {&history_.step_index, &history_.step_loss, &history_.step_lr, &history_.step_size_min,
        &history_.step_size_median, &history_.step_size_max}) {
    std::size_t kept = 0;
    for (std::size_t i = 1; i < series->size(); i += 2) (*series)[kept++] = (*series)[i];
    series->resize(kept);
  }
  history_.step_stride *= 2;
}

void Trainer::end_epoch() noexcept {
  const double count = static_cast<double>(order_.size());
  const double train_loss = epoch_loss_sum_ / count;
  const bool classification = problem_.train.task != Task::Regression;
  const bool has_val = problem_.val.size() > 0;
  double val_loss = std::numeric_limits<double>::quiet_NaN();
  double val_accuracy = std::numeric_limits<double>::quiet_NaN();
  if (has_val && classification) {
    const Mlp::Evaluation val = model_->loss_and_accuracy(problem_.val.x, problem_.val.y);
    val_loss = val.loss;
    val_accuracy = val.accuracy;
  } else if (has_val) {
    val_loss = model_->loss(problem_.val.x, problem_.val.y);
  }
  history_.train_loss.push_back(train_loss);
  history_.val_loss.push_back(val_loss);
  history_.accuracy.push_back(classification ? epoch_correct_ / count
                                             : std::numeric_limits<double>::quiet_NaN());
  history_.val_accuracy.push_back(val_accuracy);
  history_.epoch_lr.push_back(epoch_lr_);
  record_reported_losses();
  if (epoch_ == 0) reference_loss_ = train_loss;
  ++epoch_;
  epoch_begun_ = false;
  position_ = 0;
  if (has_val && !std::isfinite(val_loss)) {
    stop_diverged(val_loss);
    return;
  }
  if (sharpness_ && epoch_ % sharpness_every_ == 0) measure_sharpness();
  if (callbacks_.empty()) return;
  EpochLogs logs;
  logs.epoch = epoch_ - 1;
  logs.step = updates_;
  logs.loss = train_loss;
  logs.val_loss = val_loss;
  logs.accuracy = history_.accuracy.back();
  logs.val_accuracy = val_accuracy;
  for (Callback* callback : callbacks_) callback->on_epoch_end(logs, *this);
}

// A cut scales the base rate too, so a closed-form schedule continues from the reduced base.
void Trainer::cut_learning_rate(double new_rate) noexcept {
  lr0_ *= new_rate / lr_;
  lr_ = new_rate;
}

const Eigen::VectorXd& Trainer::weights() const noexcept {
  return model_->parameters();
}

void Trainer::set_weights(const Eigen::VectorXd& weights) noexcept {
  model_->parameters() = weights;
}

void Trainer::stop_training() noexcept {
  stopped_ = true;
  stopped_by_callback_ = true;
}

void Trainer::record_event(Event event) noexcept {
  history_.events.push_back(std::move(event));
}

void Trainer::stop_diverged(double loss) noexcept {
  stopped_ = true;
  history_.diverged = true;
  history_.diverged_epoch = epoch_begun_ ? epoch_ : epoch_ - 1;
  history_.diverged_step = updates_ + (epoch_begun_ ? 1 : 0);
  Event event;
  event.kind = Event::Kind::Diverged;
  event.epoch = history_.diverged_epoch;
  event.step = history_.diverged_step;
  event.old_lr = event.new_lr = lr_;
  event.monitored = loss;
  const std::string what =
      std::isfinite(loss)
          ? format("the loss exploded to %.3g, over a million times the first epoch's %.3g", loss,
                   reference_loss_)
          : std::string("the loss became ") + (std::isnan(loss) ? "NaN" : "infinite");
  event.message = format("diverged at epoch %.0f (step %.0f): ", static_cast<double>(event.epoch),
                         static_cast<double>(event.step)) +
                  what;
  history_.events.push_back(std::move(event));
}

void Trainer::stop_with_schedule_error(double rate) noexcept {
  stopped_ = true;
  Event event;
  event.kind = Event::Kind::ScheduleError;
  event.epoch = epoch_;
  event.step = updates_;
  event.old_lr = lr_;
  event.new_lr = rate;
  event.monitored = std::numeric_limits<double>::quiet_NaN();
  event.message = bad_rate_message(*schedule_, schedule_input(), rate);
  history_.events.push_back(std::move(event));
}

bool Trainer::epoch() noexcept {
  if (stopped_) return false;
  const long target = epoch_ + 1;
  while (!stopped_ && epoch_ < target) step();
  return !stopped_;
}

long Trainer::run(long epochs) noexcept {
  long done = 0;
  while (done < epochs && !stopped_) {
    const bool going_on = epoch();
    if (going_on || stopped_by_callback_) ++done;  // a callback stops after a completed epoch
  }
  return done;
}

bool Trainer::resume() noexcept {
  if (!stopped_ || history_.diverged || stopped_by_callback_) return !stopped_;
  stopped_ = false;
  // The error struck where an epoch's rate is taken (begin_epoch): take it again. A per-step
  // schedule is asked again by the next step() anyway.
  if (epoch_begun_) apply_schedule(Granularity::Epoch);
  return !stopped_;
}

void Trainer::set_learning_rate(double learning_rate) {
  check_learning_rate(learning_rate);
  settings_.optimizer.learning_rate = learning_rate;
  lr0_ = learning_rate;
  lr_ = learning_rate;
}

void Trainer::set_optimizer(const OptimizerSettings& optimizer) {
  check_learning_rate(optimizer.learning_rate);
  const OptimizerInfo& info = find_optimizer(optimizer.name);
  ParamValues complete = validate_optimizer_params(info, optimizer.params);
  std::unique_ptr<Optimizer> made = info.make(complete);
  if (model_) made->reset(model_->layout());
  optimizer_ = std::move(made);
  const bool rate_changed = optimizer.learning_rate != settings_.optimizer.learning_rate;
  settings_.optimizer = optimizer;
  settings_.optimizer.params = std::move(complete);
  if (rate_changed) lr0_ = lr_ = optimizer.learning_rate;
}

// The setters keep settings_ complete (every default filled in), as parse_settings would: the
// epoch code and settings_to_json read every key, and a missing one would throw from noexcept code.
void Trainer::set_schedule(const ScheduleSettings& schedule) {
  const ScheduleInfo& info = find_schedule(schedule.name);
  std::unique_ptr<Schedule> made = info.make(schedule.params);
  ParamValues complete = params::resolve(info.params, schedule.params, "schedule");
  schedule_ = std::move(made);
  settings_.schedule = schedule;
  settings_.schedule.params = std::move(complete);
}

void Trainer::set_plateau(const PlateauSettings& plateau) {
  auto made = std::make_unique<PlateauCallback>(plateau.params);
  ParamValues complete = params::resolve(plateau_params(), plateau.params, "plateau");
  if (model_) made->on_train_begin(*this);
  plateau_ = std::move(made);
  settings_.plateau = plateau;
  settings_.plateau.params = std::move(complete);
  attach_callbacks();
}

void Trainer::set_early_stopping(const EarlyStoppingSettings& early_stopping) {
  auto made = std::make_unique<EarlyStoppingCallback>(early_stopping.params);
  ParamValues complete =
      params::resolve(early_stopping_params(), early_stopping.params, "early_stopping");
  if (model_) made->on_train_begin(*this);
  early_stopping_ = std::move(made);
  settings_.early_stopping = early_stopping;
  settings_.early_stopping.params = std::move(complete);
  attach_callbacks();
}

void Trainer::set_sharpness(const SharpnessSettings& sharpness) {
  ParamValues complete = params::resolve(sharpness_params(), sharpness.params, "sharpness");
  std::unique_ptr<SharpnessMeter> made;
  if (sharpness.enabled)
    made = std::make_unique<SharpnessMeter>(model_spec_, problem_.train,
                                            static_cast<int>(complete.number("iterations")),
                                            complete.number("tolerance"));
  sharpness_ = std::move(made);
  sharpness_every_ = sharpness.enabled ? static_cast<long>(complete.number("every")) : 0;
  inverse_preconditioner_.setZero(sharpness_ ? sharpness_->parameter_count() : 0);
  settings_.sharpness = sharpness;
  settings_.sharpness.params = std::move(complete);
}

// Keras calls callbacks in the order they are listed; lrlab lists ReduceLROnPlateau first, so on
// an epoch where both act the cut is recorded before the stop.
void Trainer::attach_callbacks() {
  callbacks_.clear();
  if (settings_.plateau.enabled && plateau_) callbacks_.push_back(plateau_.get());
  if (settings_.early_stopping.enabled && early_stopping_)
    callbacks_.push_back(early_stopping_.get());
}

}  // namespace lrlab
