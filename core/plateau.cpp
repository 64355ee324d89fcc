#include "core/plateau.h"

#include <limits>

#include "core/schedule/params.h"

namespace lrlab {

const std::vector<ParamSpec>& plateau_params() {
  static const std::vector<ParamSpec> specs = {
      params::choice("monitor", {"val_loss", "loss", "val_accuracy", "accuracy"},
                     "the quantity watched at the end of each epoch"),
      params::number("factor", 0.1, 0, 1, "new rate = rate * factor", false, false),
      params::integer("patience", 10, 0, 1000, "epochs without improvement before a cut"),
      params::choice("mode", {"auto", "min", "max"},
                     "min: lower is better; max: higher; auto: max if the monitor is an accuracy"),
      params::number("min_delta", 1e-4, 0, 1e6, "smallest change that counts as an improvement"),
      params::integer("cooldown", 0, 0, 1000,
                      "epochs to wait after a cut (Keras: c - 1 in effect)"),
      params::number("min_lr", 0, 0, 10, "the rate is never cut below this"),
  };
  return specs;
}

ReduceLROnPlateau::ReduceLROnPlateau(const ParamValues& given) {
  const ParamValues v = params::resolve(plateau_params(), given, "plateau");
  monitor_ = v.text("monitor");
  const std::string& mode = v.text("mode");
  maximize_ = mode == "max" || (mode == "auto" && monitor_.find("acc") != std::string::npos);
  factor_ = v.number("factor");
  patience_ = static_cast<int>(v.number("patience"));
  min_delta_ = v.number("min_delta");
  cooldown_ = static_cast<int>(v.number("cooldown"));
  min_lr_ = v.number("min_lr");
  reset();
}

void ReduceLROnPlateau::reset() {
  const double inf = std::numeric_limits<double>::infinity();
  best_ = maximize_ ? -inf : inf;
  last_ = std::numeric_limits<double>::quiet_NaN();
  wait_ = 0;
  cooldown_counter_ = 0;
}

ReduceLROnPlateau::Outcome ReduceLROnPlateau::on_epoch_end(double v, double lr) noexcept {
  Outcome outcome{false, lr, lr};
  last_ = v;
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    wait_ = 0;
  }
  const bool improved = maximize_ ? v > best_ + min_delta_ : v < best_ - min_delta_;
  if (improved) {
    best_ = v;
    wait_ = 0;
  } else if (cooldown_counter_ == 0) {
    ++wait_;
    if (wait_ >= patience_ && lr > min_lr_) {
      const double cut = lr * factor_;
      outcome.reduced = true;
      outcome.new_lr = cut > min_lr_ ? cut : min_lr_;
      cooldown_counter_ = cooldown_;
      wait_ = 0;
    }
  }
  return outcome;
}

}  // namespace lrlab
