#include "core/callbacks/plateau_callback.h"

#include <utility>

namespace lrlab {

void PlateauCallback::on_train_begin(const TrainingControl&) {
  rule_.reset();
}

void PlateauCallback::on_epoch_end(const EpochLogs& logs, TrainingControl& run) noexcept {
  const double value = monitored_value(rule_.monitor(), logs);
  const ReduceLROnPlateau::Outcome outcome = rule_.on_epoch_end(value, run.learning_rate());
  if (!outcome.reduced) return;
  run.cut_learning_rate(outcome.new_lr);
  Event event;
  event.kind = Event::Kind::PlateauReduction;
  event.epoch = logs.epoch;
  event.step = logs.step;
  event.old_lr = outcome.old_lr;
  event.new_lr = outcome.new_lr;
  event.monitored = value;
  event.message = rule_.monitor() + " stopped improving: rate " +
                  format_numbers("%.3g -> %.3g after epoch %.0f", outcome.old_lr, outcome.new_lr,
                                 static_cast<double>(logs.epoch + 1));
  run.record_event(std::move(event));
}

}  // namespace lrlab
