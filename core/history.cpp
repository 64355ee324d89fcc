#include "core/history.h"

namespace lrlab {

const char* event_kind_name(Event::Kind kind) {
  switch (kind) {
    case Event::Kind::PlateauReduction:
      return "plateau_reduction";
    case Event::Kind::Diverged:
      return "diverged";
    case Event::Kind::ScheduleError:
      return "schedule_error";
    case Event::Kind::EarlyStop:
      return "early_stop";
  }
  return "unknown";
}

void History::clear() {
  *this = History();
}

std::vector<NamedSeries> epoch_series(const History& h) {
  return {{"train_loss", &h.train_loss},
          {"val_loss", &h.val_loss},
          {"accuracy", &h.accuracy},
          {"val_accuracy", &h.val_accuracy},
          {"learning_rate", &h.epoch_lr},
          {"reported_train_loss", &h.reported_train_loss},
          {"reported_val_loss", &h.reported_val_loss}};
}

std::vector<NamedSeries> step_series(const History& h) {
  return {{"step_index", &h.step_index},
          {"step_loss", &h.step_loss},
          {"step_learning_rate", &h.step_lr},
          {"step_size_min", &h.step_size_min},
          {"step_size_median", &h.step_size_median},
          {"step_size_max", &h.step_size_max}};
}

std::vector<NamedSeries> sharpness_series(const History& h) {
  return {{"sharpness_epoch", &h.sharpness_epoch},
          {"sharpness_step", &h.sharpness_step},
          {"sharpness", &h.sharpness},
          {"sharpness_preconditioned", &h.sharpness_preconditioned},
          {"sharpness_threshold", &h.sharpness_threshold},
          {"sharpness_iterations", &h.sharpness_iterations}};
}

}  // namespace lrlab
