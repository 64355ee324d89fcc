#pragma once
// The JSON forms of the sweep and range-test options, read through the same field-by-field
// reader as the settings, so the page, the CLI and the tests share one validation.
//   sweep:      {"low": 1e-4, "high": 10, "count": 32, "epochs": 50}
//   range test: {"start": 1e-7, "end": 10, "steps": 100}
// Missing fields take the defaults; errors name "sweep.<field>" / "range_test.<field>".
#include <string>

#include "core/experiments/range_test.h"
#include "core/experiments/sweep.h"

namespace lrlab {

SweepConfig parse_sweep_config(const std::string& json);
RangeTestConfig parse_range_test_config(const std::string& json);

}  // namespace lrlab
