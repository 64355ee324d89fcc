#include "core/callbacks/early_stopping.h"

#include <cmath>
#include <limits>

#include "core/callbacks/callback.h"
#include "core/schedule/params.h"
#include "core/settings.h"

namespace lrlab {

const std::vector<ParamSpec>& early_stopping_params() {
  static const std::vector<ParamSpec> specs = {
      params::choice("monitor", {"val_loss", "loss", "val_accuracy", "accuracy"},
                     "the quantity watched at the end of each epoch"),
      params::number("min_delta", 0, 0, 1e6, "smallest change that counts as an improvement"),
      params::integer("patience", 0, 0, Settings::kMaxEpochs,
                      "epochs without improvement before the run stops"),
      params::choice("mode", {"auto", "min", "max"},
                     "min: lower is better; max: higher; auto: max if the monitor is an accuracy"),
      params::optional_number("baseline", -1e9, 1e9,
                              "a value to beat: until it is, the run stops after patience epochs"),
      params::boolean("restore_best_weights", false,
                      "on a stop, go back to the weights of the best epoch"),
      params::integer("start_from_epoch", 0, 0, Settings::kMaxEpochs,
                      "epochs of warm-up before the monitor is watched"),
  };
  return specs;
}

EarlyStopping::EarlyStopping(const ParamValues& given) {
  const ParamValues v = params::resolve(early_stopping_params(), given, "early_stopping");
  monitor_ = v.text("monitor");
  maximize_ = maximizes(monitor_, v.text("mode"));
  min_delta_ = v.number("min_delta");
  patience_ = static_cast<int>(v.number("patience"));
  baseline_ = v.number("baseline");
  restore_best_weights_ = v.flag("restore_best_weights");
  start_from_epoch_ = static_cast<long>(v.number("start_from_epoch"));
  reset();
}

void EarlyStopping::reset() {
  const double inf = std::numeric_limits<double>::infinity();
  best_ = maximize_ ? -inf : inf;
  last_ = std::numeric_limits<double>::quiet_NaN();
  wait_ = 0;
  best_epoch_ = 0;
  stopped_epoch_ = -1;
  kept_weights_ = false;
}

// Keras compares (value - signed_delta) with the reference, the delta's sign set by the mode:
// min mode subtracts -min_delta, max mode subtracts +min_delta.
bool EarlyStopping::improves(double value, double reference) const noexcept {
  return maximize_ ? value - min_delta_ > reference : value - (-min_delta_) < reference;
}

bool EarlyStopping::best_beats_baseline() const noexcept {
  return std::isnan(baseline_) || improves(best_, baseline_);
}

EarlyStopping::Outcome EarlyStopping::on_epoch_end(long epoch, double value) noexcept {
  Outcome outcome;
  last_ = value;
  if (epoch < start_from_epoch_) return outcome;
  if (restore_best_weights_ && !kept_weights_) {
    kept_weights_ = true;
    outcome.keep_weights = true;
    best_epoch_ = epoch;
  }
  ++wait_;
  if (improves(value, best_)) {
    best_ = value;
    best_epoch_ = epoch;
    if (restore_best_weights_) outcome.keep_weights = true;
    if (std::isnan(baseline_) || improves(value, baseline_)) wait_ = 0;
    return outcome;
  }
  if (wait_ >= patience_ && epoch > 0) {
    stopped_epoch_ = epoch;
    outcome.stop = true;
  }
  return outcome;
}

}  // namespace lrlab
