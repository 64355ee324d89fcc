#pragma once
// One update of a run, written out with its numbers: the page's "update at the cursor". The run
// is replayed from its settings (training is deterministic: the same settings give the same bits,
// tests/core/trainer_test.cpp) up to the update asked for, and the trainer shows that update to
// an observer (core/update_observer.h): the rate in force, the gradient, the optimizer's state
// before and after (named as the rule in its registry entry names it), the weights before and
// after. Nothing is recomputed beside the optimizer: every number is one the run itself used.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "core/data.h"
#include "core/optim/optimizer.h"
#include "core/param_layout.h"
#include "core/settings.h"

namespace lrlab {

// A part of the optimizer's state at the inspected parameter (or shared by all), before and after
// the update.
struct InspectedQuantity {
  std::string name;
  double before = 0;
  double after = 0;
  bool shared = false;
  bool of_update = false;  // a value this update computed and used: `before` is NaN
  std::string meaning;
};

struct UpdateInspection {
  std::string optimizer;  // registry name
  long epoch = 0;         // 0-based epoch the update belongs to
  long step = 0;          // its place in that epoch, 0-based
  long update = 0;        // the optimizer's t: 1 for the run's first update
  Eigen::Index parameter = 0;
  Eigen::Index largest = 0;  // the parameter that moved most in this update, and its name
  std::string largest_name;
  std::string
      parameter_name;  // "layer 2 W[1, 3]" (1-based layers, 0-based indices) or "layer 1 b[0]"
  double learning_rate = 0;  // the rate in force for this update
  double gradient = 0;
  double weight_before = 0;
  double weight_after = 0;
  std::vector<InspectedQuantity> state;
  // The optimizer's rule as its registry entry writes it (Keras 3's form).
  std::vector<std::string> rule;
  // The whole update, for a reader that checks a rule over a whole variable (Lamb's norms,
  // Adafactor's factors, Muon's matrices): every weight, gradient and state part.
  Eigen::VectorXd weights_before;
  Eigen::VectorXd weights_after;
  Eigen::VectorXd gradients;
  std::vector<StateQuantity> state_before;
  std::vector<StateQuantity> state_after;
  ParamLayout layout;
};

// The update `step` (0-based) of epoch `epoch` (0-based) of the run `settings` describes, at
// parameter `parameter` (an index into the flat parameter vector; -1: the one that moved most).
// Throws lrlab::Error when the position is out of range or the run stopped before it.
UpdateInspection inspect_update(const Settings& settings, const TableRef& table, long epoch,
                                long step, long parameter);

// The `count` updates from update `step` of epoch `epoch` on, in order, from one replay: the
// page's cursor asks for a block of positions at once, so a drag finds the next ones answered.
// Each is the update inspect_update gives for its own position, a `parameter` of -1 picking each
// one's own largest step. Fewer than `count` where the run stopped first; throws lrlab::Error as
// inspect_update does when the first was never taken or an argument is out of range.
std::vector<UpdateInspection> inspect_updates(const Settings& settings, const TableRef& table,
                                              long epoch, long step, long count, long parameter);

// "layer 2 W[1, 3]" for the parameter at `index` of `layout` (the model's: each layer's W, then b).
std::string parameter_name(const ParamLayout& layout, Eigen::Index index);

}  // namespace lrlab
