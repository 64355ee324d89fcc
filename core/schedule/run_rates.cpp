#include "core/schedule/run_rates.h"

#include <memory>

#include "core/error.h"
#include "core/schedule/schedule.h"

namespace lrlab {

std::vector<double> preview_run_rates(const Settings& settings, long epochs, long steps_per_epoch,
                                      bool per_step) {
  if (epochs < 0 || epochs > Settings::kMaxEpochs)
    fail_field("preview.epochs", static_cast<double>(epochs),
               "must be an integer >= 0 and <= " + std::to_string(Settings::kMaxEpochs));
  // A preview is drawn, not trained on: ten million points is far beyond any chart.
  if (steps_per_epoch < 1 || epochs * steps_per_epoch > 10000000)
    fail_field("preview.steps_per_epoch", static_cast<double>(steps_per_epoch),
               "must be an integer >= 1, with at most 1e7 updates in all");
  double rate_in_force = settings.optimizer.learning_rate;  // the optimizer's, as the run sets it
  ScheduleInput in;
  in.lr0 = rate_in_force;
  in.lr = rate_in_force;
  Granularity granularity = settings.schedule.granularity;
  std::unique_ptr<Schedule> schedule =
      find_schedule(settings.schedule.name).make(settings.schedule.params);
  std::size_t next_change = 0;
  std::vector<double> rates;
  rates.reserve(static_cast<std::size_t>(per_step ? epochs * steps_per_epoch : epochs));
  // As the trainer: the changes due before an update first (a new rate is the new base and the
  // rate in force; another schedule replaces the one in force), then the schedule at its
  // granularity, each epoch's at its first update.
  for (long epoch = 0; epoch < epochs; ++epoch) {
    for (long step = 0; step < steps_per_epoch; ++step) {
      for (; next_change < settings.changes.size(); ++next_change) {
        const SettingsChange& change = settings.changes[next_change];
        if (change.epoch > epoch || (change.epoch == epoch && change.step > step)) break;
        if (change.has_optimizer && change.optimizer.learning_rate != rate_in_force) {
          rate_in_force = change.optimizer.learning_rate;
          in.lr0 = in.lr = rate_in_force;
        }
        if (change.has_schedule) {
          schedule = find_schedule(change.schedule.name).make(change.schedule.params);
          granularity = change.schedule.granularity;
        }
      }
      in.epoch = epoch;
      in.step = epoch * steps_per_epoch + step;
      in.granularity = granularity;
      if (granularity == Granularity::Step || step == 0) {
        const double rate = schedule->rate(in);
        if (!is_usable_rate(rate)) throw Error(bad_rate_message(*schedule, in, rate));
        in.lr = rate;
      }
      if (per_step || step == 0) rates.push_back(in.lr);
    }
  }
  return rates;
}

}  // namespace lrlab
