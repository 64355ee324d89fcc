#include "core/history_until.h"

#include <algorithm>
#include <initializer_list>

namespace lrlab {

namespace {

using Column = std::vector<double> History::*;

void keep_first(History& h, std::initializer_list<Column> columns, std::size_t n) {
  for (Column column : columns)
    if ((h.*column).size() > n) (h.*column).resize(n);
}

// How many entries of an increasing series are at most `limit`.
std::size_t count_up_to(const std::vector<double>& series, double limit) {
  return static_cast<std::size_t>(std::upper_bound(series.begin(), series.end(), limit) -
                                  series.begin());
}

}  // namespace

History history_until(const History& history, long epochs, long updates) {
  const bool diverged_inside = history.diverged && history.diverged_epoch < epochs;
  if (epochs >= history.epochs() && (!history.diverged || diverged_inside)) return history;
  History prefix = history;
  keep_first(prefix,
             {&History::train_loss, &History::val_loss, &History::accuracy, &History::val_accuracy,
              &History::epoch_lr, &History::reported_train_loss, &History::reported_val_loss},
             static_cast<std::size_t>(std::max(0L, epochs)));
  keep_first(prefix,
             {&History::step_index, &History::step_loss, &History::step_lr, &History::step_size_min,
              &History::step_size_median, &History::step_size_max},
             count_up_to(history.step_index, static_cast<double>(updates)));
  keep_first(prefix,
             {&History::sharpness_epoch, &History::sharpness_step, &History::sharpness,
              &History::sharpness_preconditioned, &History::sharpness_threshold,
              &History::sharpness_iterations},
             count_up_to(history.sharpness_epoch, static_cast<double>(epochs)));
  prefix.events.erase(std::remove_if(prefix.events.begin(), prefix.events.end(),
                                     [epochs](const Event& e) { return e.epoch >= epochs; }),
                      prefix.events.end());
  prefix.diverged = diverged_inside;
  if (!diverged_inside) {
    prefix.diverged_epoch = -1;
    prefix.diverged_step = -1;
  }
  return prefix;
}

}  // namespace lrlab
