// constant: lr(s) = lr, the rate in force. Before any ReduceLROnPlateau cut that is lr0; after a
// cut it is the reduced rate, so the cut persists (returning lr0 would undo it every epoch).
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

class Constant : public Schedule {
 public:
  double rate(const ScheduleInput& in) const override { return in.lr; }
};

std::unique_ptr<Schedule> make(const ParamValues&) {
  return std::make_unique<Constant>();
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  return fill_lines({{"return {lr}  # the rate in force: kept as it is, also after a plateau cut"}},
                    {}, v, n);
}

}  // namespace

ScheduleInfo constant_schedule() {
  return {"constant",
          "Constant",
          "lr(s) = lr0 (kept at any ReduceLROnPlateau cut)",
          {},
          Granularity::Epoch,
          make,
          rate_reads_lr,
          python_body,
          {},
          {}};
}

}  // namespace lrlab
