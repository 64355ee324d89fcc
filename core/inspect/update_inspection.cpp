#include "core/inspect/update_inspection.h"

#include <cmath>
#include <limits>
#include <utility>

#include "core/error.h"
#include "core/trainer.h"
#include "core/update_observer.h"

namespace lrlab {

std::string parameter_name(const ParamLayout& layout, Eigen::Index index) {
  int layer = 0;
  for (const ParamBlock& block : layout) {
    if (index < block.offset || index >= block.offset + block.size()) {
      if (!block.matrix) ++layer;  // each layer is its W, then its b
      continue;
    }
    const Eigen::Index at = index - block.offset;
    const std::string name = "layer " + std::to_string(layer + 1) + " ";
    if (!block.matrix) return name + "b[" + std::to_string(at) + "]";
    // W is units_out x units_in, column-major: row j (output unit), column k (input).
    return name + "W[" + std::to_string(at % block.rows) + ", " + std::to_string(at / block.rows) +
           "]";
  }
  return "parameter " + std::to_string(index);
}

namespace {

// Copies what the trainer shows of the one update it was asked to show.
class Recorder final : public UpdateObserver {
 public:
  explicit Recorder(UpdateInspection& out) : out_(out) {}
  void before_update(const Eigen::VectorXd& weights, const Eigen::VectorXd& gradient,
                     double learning_rate, const Optimizer& optimizer) override {
    out_.weights_before = weights;
    out_.gradients = gradient;
    out_.learning_rate = learning_rate;
    out_.state_before = optimizer.state();
  }
  void after_update(const Eigen::VectorXd& weights, const Optimizer& optimizer) override {
    out_.weights_after = weights;
    out_.state_after = optimizer.state();
    out_.update = optimizer.updates();
    seen_ = true;
  }
  bool seen() const { return seen_; }

 private:
  UpdateInspection& out_;
  bool seen_ = false;
};

Eigen::Index largest_move(const UpdateInspection& u) {
  Eigen::Index best = 0;
  double largest = -1;
  for (Eigen::Index i = 0; i < u.weights_after.size(); ++i) {
    const double move = std::abs(u.weights_after[i] - u.weights_before[i]);
    if (move > largest) {
      largest = move;
      best = i;
    }
  }
  return best;
}

// Fills in what follows from the recorded update: names, the inspected parameter's numbers.
void describe(UpdateInspection& out, const Settings& settings, const ParamLayout& layout,
              const std::vector<std::string>& rule, long per_epoch, long parameter) {
  out.optimizer = settings.optimizer.name;
  out.rule = rule;
  out.epoch = (out.update - 1) / per_epoch;
  out.step = (out.update - 1) % per_epoch;
  out.layout = layout;
  out.largest = largest_move(out);
  out.parameter = parameter < 0 ? out.largest : parameter;
  out.parameter_name = parameter_name(out.layout, out.parameter);
  out.largest_name = parameter_name(out.layout, out.largest);
  out.gradient = out.gradients[out.parameter];
  out.weight_before = out.weights_before[out.parameter];
  out.weight_after = out.weights_after[out.parameter];
  for (std::size_t q = 0; q < out.state_after.size(); ++q) {
    const StateQuantity& after = out.state_after[q];
    if (after.kind == StateQuantity::Kind::Other) continue;
    const bool of_update = after.of_last_update;
    const bool shared = after.kind == StateQuantity::Kind::Shared;
    const Eigen::Index at = shared ? 0 : out.parameter;
    const double before =
        of_update ? std::numeric_limits<double>::quiet_NaN() : out.state_before[q].values[at];
    out.state.push_back({after.name, before, after.values[at], shared, of_update, after.meaning});
  }
}

}  // namespace

std::vector<UpdateInspection> inspect_updates(const Settings& settings, const TableRef& table,
                                              long epoch, long step, long count, long parameter) {
  Trainer trainer(settings, table);
  const long per_epoch = trainer.steps_per_epoch();
  if (epoch < 0) fail_field("epoch", static_cast<double>(epoch), "must be 0 or more");
  if (step < 0 || step >= per_epoch)
    fail_field("step", static_cast<double>(step),
               "must be 0 to " + std::to_string(per_epoch - 1) + ", the updates of an epoch");
  if (count < 1) fail_field("count", static_cast<double>(count), "must be 1 or more");
  const long target = epoch * per_epoch + step;  // updates done before the first one inspected
  while (trainer.updates() < target && trainer.step()) {
  }
  std::vector<UpdateInspection> out;
  while (static_cast<long>(out.size()) < count &&
         trainer.updates() == target + static_cast<long>(out.size())) {
    UpdateInspection u;
    Recorder recorder(u);
    trainer.observe_next_update(&recorder);
    const bool stepped = trainer.step();
    trainer.observe_next_update(nullptr);
    if (!recorder.seen()) break;
    out.push_back(std::move(u));
    if (!stepped) break;
  }
  if (out.empty())
    throw Error("update " + std::to_string(target + 1) + " (epoch " + std::to_string(epoch) +
                ", step " + std::to_string(step) + ") was never taken: the run stopped after " +
                std::to_string(trainer.updates()) + " updates");
  const Eigen::Index n = out.front().weights_after.size();
  if (parameter < -1 || parameter >= n)
    fail_field("parameter", static_cast<double>(parameter),
               "must be -1 (the largest step) or 0 to " + std::to_string(n - 1));
  const std::vector<std::string> rule =
      rule_in_use(find_optimizer(settings.optimizer.name), settings.optimizer.params);
  for (UpdateInspection& u : out)
    describe(u, settings, trainer.model().layout(), rule, per_epoch, parameter);
  return out;
}

UpdateInspection inspect_update(const Settings& settings, const TableRef& table, long epoch,
                                long step, long parameter) {
  return inspect_updates(settings, table, epoch, step, 1, parameter).front();
}

}  // namespace lrlab
