#pragma once
// What the trainer shows of one update to whoever asked to watch it (Trainer::observe_next_update):
// the weights, the gradient and the rate just before the optimizer steps, and the weights after,
// with the optimizer itself both times so its state can be read. The page's look at one update
// (core/inspect/update_inspection.h) is built on it; training without an observer pays one test
// of a null pointer per step.
#include <Eigen/Core>

namespace lrlab {

class Optimizer;

class UpdateObserver {
 public:
  virtual ~UpdateObserver() = default;
  virtual void before_update(const Eigen::VectorXd& weights, const Eigen::VectorXd& gradient,
                             double learning_rate, const Optimizer& optimizer) = 0;
  virtual void after_update(const Eigen::VectorXd& weights, const Optimizer& optimizer) = 0;
};

}  // namespace lrlab
