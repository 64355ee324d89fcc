#include "core/experiments/log_spaced.h"

#include "core/detmath.h"

namespace lrlab {

std::vector<double> log_spaced_rates(double low, double high, int count) {
  std::vector<double> rates(static_cast<std::size_t>(count));
  const double ratio = high / low;
  for (int i = 0; i < count; ++i) {
    const double t = count > 1 ? static_cast<double>(i) / (count - 1) : 0.0;
    rates[static_cast<std::size_t>(i)] = low * dm::pow(ratio, t);
  }
  rates.front() = low;
  if (count > 1) rates.back() = high;
  return rates;
}

}  // namespace lrlab
