#include "core/callbacks/early_stopping_callback.h"

#include <cmath>
#include <string>
#include <utility>

namespace lrlab {

namespace {

// "stopped early after epoch 12: val_loss did not improve for 3 epochs (patience 3); best 0.0912
// at epoch 9, its weights restored". Epochs are counted from 1, as the page and the CLI's
// messages count them.
std::string stop_message(const EarlyStopping& rule, long epoch, bool restored) {
  const double wait = rule.wait();
  const std::string epochs = format_numbers("%.0f epoch", wait) + (wait == 1 ? "" : "s");
  std::string text = format_numbers("stopped early after epoch %.0f: ", epoch + 1.0) +
                     rule.monitor() +
                     (!rule.best_beats_baseline()
                          ? format_numbers(" did not beat the baseline %.3g in ", rule.baseline())
                          : std::string(" did not improve for ")) +
                     epochs + format_numbers(" (patience %.0f)", rule.patience());
  if (std::isfinite(rule.best()))
    text += format_numbers("; best %.3g at epoch %.0f", rule.best(), rule.best_epoch() + 1.0);
  if (restored) text += ", its weights restored";
  return text;
}

}  // namespace

void EarlyStoppingCallback::on_train_begin(const TrainingControl& run) {
  rule_.reset();
  if (rule_.restores_best_weights()) best_weights_.resize(run.weights().size());
}

void EarlyStoppingCallback::on_epoch_end(const EpochLogs& logs, TrainingControl& run) noexcept {
  const double value = monitored_value(rule_.monitor(), logs);
  const EarlyStopping::Outcome outcome = rule_.on_epoch_end(logs.epoch, value);
  if (outcome.keep_weights) best_weights_ = run.weights();
  if (!outcome.stop) return;
  const bool restore = rule_.restores_best_weights() && rule_.has_kept_weights();
  if (restore) run.set_weights(best_weights_);
  run.stop_training();
  Event event;
  event.kind = Event::Kind::EarlyStop;
  event.epoch = logs.epoch;
  event.step = logs.step;
  event.old_lr = event.new_lr = run.learning_rate();
  event.monitored = value;
  event.wait = rule_.wait();
  event.patience = rule_.patience();
  event.best_epoch = rule_.best_epoch();
  event.best = rule_.best();
  event.restored_best_weights = restore;
  event.message = stop_message(rule_, logs.epoch, restore);
  run.record_event(std::move(event));
}

}  // namespace lrlab
