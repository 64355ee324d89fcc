#include "core/optim/step_size_summary.h"

#include <algorithm>
#include <cmath>

namespace lrlab {
namespace {

// A strict weak order with NaN above everything (plain < is not one once a NaN is present, and
// nth_element needs one).
bool less_nan_last(double a, double b) {
  return std::isnan(b) ? !std::isnan(a) : a < b;
}

}  // namespace

StepSizeSummarizer::StepSizeSummarizer(Eigen::Index capacity)
    : scratch_(static_cast<size_t>(capacity)) {}

StepSizeSummary StepSizeSummarizer::summarize(const Eigen::VectorXd& values) {
  const auto n = static_cast<size_t>(values.size());
  if (n == 0) return {};
  // Plain SGD (and any optimizer before its statistics differ) gives one step size for every
  // parameter: then no copy and no partial sort, which were 5% of an SGD epoch. The result is
  // what the general path gives for equal values, bit for bit (including the halving).
  const double first = values[0];
  if (!std::isnan(first) &&
      std::all_of(values.data() + 1, values.data() + n, [first](double v) { return v == first; })) {
    const double median = n % 2 == 0 ? 0.5 * first + 0.5 * first : first;
    return {first, median, first};
  }
  if (n > scratch_.size()) scratch_.resize(n);
  const auto begin = scratch_.begin();
  const auto end = begin + static_cast<std::ptrdiff_t>(n);
  std::copy(values.data(), values.data() + n, begin);

  const auto upper_middle = begin + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(begin, upper_middle, end, less_nan_last);
  StepSizeSummary summary;
  summary.median = *upper_middle;
  if (n % 2 == 0) {
    // After nth_element everything before upper_middle is <= it; the largest of those is the
    // lower middle value. Halving each first keeps two huge values from overflowing.
    const double lower_middle = *std::max_element(begin, upper_middle, less_nan_last);
    summary.median = 0.5 * lower_middle + 0.5 * summary.median;
  }
  summary.min = *std::min_element(begin, upper_middle + 1, less_nan_last);
  summary.max = *std::max_element(upper_middle, end, less_nan_last);
  return summary;
}

}  // namespace lrlab
