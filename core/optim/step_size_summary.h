#pragma once
// The trainer records, per step, how spread out the optimizer's per-parameter step sizes are.
// A median needs a partial sort of a copy; the copy lives in a buffer sized once, so recording
// allocates nothing during training.
#include <Eigen/Core>
#include <vector>

namespace lrlab {

struct StepSizeSummary {
  double min = 0;
  double median = 0;  // of an even count: the mean of the two middle values
  double max = 0;
};

class StepSizeSummarizer {
 public:
  // capacity: the largest vector summarize() will see without allocating (the parameter count).
  explicit StepSizeSummarizer(Eigen::Index capacity = 0);

  // An empty vector gives all zeros. NaN counts as larger than every number, so a NaN anywhere
  // shows in max (and in min and median only if it dominates). Allocates only when `values` is
  // longer than the capacity.
  StepSizeSummary summarize(const Eigen::VectorXd& values);

 private:
  std::vector<double> scratch_;
};

}  // namespace lrlab
