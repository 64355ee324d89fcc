// tutorial preset (the tutorial's Keras LearningRateScheduler function), e = epoch:
//   lr(e) = 0.01 for e < 5, else 0.01 * exp(0.1 * (10 - e))
// It jumps *up* at e = 5 (to 0.01 * e^0.5 = 0.01649) before decaying, which the preview shows.
// Absolute numbers: lr0 and any ReduceLROnPlateau cut are ignored, as they would be in Keras.
// Always a function of the epoch, also when evaluated per step (then it is constant within an
// epoch), so it matches the default formula at either granularity.
#include "core/detmath.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

class Tutorial : public Schedule {
 public:
  double rate(const ScheduleInput& in) const override {
    if (in.epoch < 5) return 0.01;
    return 0.01 * dm::exp(0.1 * (10 - static_cast<double>(in.epoch)));
  }
};

std::unique_ptr<Schedule> make(const ParamValues&) {
  return std::make_unique<Tutorial>();
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines(
      {{"if {epoch} < 5:"}, {"    return 0.01"}, {"return 0.01 * math.exp(0.1 * (10 - {epoch}))"}},
      {}, v, n);
}

}  // namespace

ScheduleInfo tutorial_schedule() {
  return {"tutorial",
          "Tutorial (0.01, then exponential decay)",
          "0.01 for epoch < 5, else 0.01 * exp(0.1 * (10 - epoch))",
          {},
          Granularity::Epoch,
          make,
          rate_absolute,
          python_body,
          {},
          {}};
}

}  // namespace lrlab
