#include "core/curvature/initial_sharpness.h"

#include <limits>

#include "core/curvature/sharpness_params.h"
#include "core/param_spec.h"
#include "core/trainer.h"

namespace lrlab {

double initial_sharpness(const Settings& settings, const TableRef& table) {
  // A Trainer built from the settings measures at the initial weights when sharpness is on: the
  // same weights, samples and measurement as a run's first record, only measured more tightly.
  Settings measured = settings;
  measured.sharpness.enabled = true;
  measured.sharpness.params = default_values(sharpness_params());
  measured.sharpness.params.numbers["iterations"] = 200;
  measured.sharpness.params.numbers["tolerance"] = 1e-6;
  const Trainer trainer(measured, table);
  const History& h = trainer.history();
  return h.sharpness.empty() ? std::numeric_limits<double>::quiet_NaN() : h.sharpness.front();
}

}  // namespace lrlab
