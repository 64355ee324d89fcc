#pragma once
// Log-spaced learning rates, shared by the sweep and the range test so both walk the same grid.
#include <vector>

namespace lrlab {

// count rates low * (high/low)^(i/(count-1)), i = 0..count-1, with the ends exactly as given
// (dm::pow(ratio, 1) * low may differ from high in the last bit). count 1 gives {low}.
// Expects 0 < low < high and count >= 1 (the callers validate first).
std::vector<double> log_spaced_rates(double low, double high, int count);

}  // namespace lrlab
