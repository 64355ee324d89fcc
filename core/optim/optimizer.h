#pragma once
// One update rule behind one small interface. Parameters and gradients are flat vectors (the
// model keeps all its weights in one contiguous buffer), so a rule is an elementwise loop.
// Each run owns its optimizer object; its state is created by reset(n) when training starts.
#include <Eigen/Core>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/param_layout.h"
#include "core/param_spec.h"
#include "core/python/spelling.h"

namespace lrlab {

// A part of a rule's state, named as the rule's own lines name it (OptimizerInfo::rule): one value
// per parameter (m, v), one value shared by all of them (beta_1^t), or a vector of its own length
// (Adafactor's row and column factors). A part may also be a value the last update computed on its
// way and used (Adam's alpha, RMSprop's den and inc): what it was before that update means nothing.
// A copy, made for a look at one update (core/inspect/); training never asks for it.
struct StateQuantity {
  enum class Kind { PerParameter, Shared, Other };
  std::string name;
  Kind kind = Kind::PerParameter;
  Eigen::VectorXd values;  // n values, one, or the part's own length
  std::string meaning;     // a few words for the page
  bool of_last_update = false;
};
StateQuantity per_parameter(std::string name, const Eigen::VectorXd& values, std::string meaning);
StateQuantity shared_value(std::string name, double value, std::string meaning);
// `quantity` marked as the last update's own value.
StateQuantity of_last_update(StateQuantity quantity);

class Optimizer {
 public:
  virtual ~Optimizer() = default;

  // Allocates and zeroes (or initialises, e.g. Adagrad's accumulator) the state for the
  // parameters of `layout` (its blocks tile 0..n in order) and sets the update counter t to 0. The
  // only place an optimizer allocates. reset(n) is reset(vector_layout(n)).
  void reset(const ParamLayout& layout);
  void reset(Eigen::Index n) { reset(vector_layout(n)); }

  // One update with learning rate lr (the rate in force for this step). Increments t first, so the
  // first update uses t = 1. Also fills effective_step_size(). Allocates nothing, never throws.
  virtual void update(Eigen::Ref<Eigen::VectorXd> w, const Eigen::Ref<const Eigen::VectorXd>& g,
                      double lr) noexcept = 0;

  // Per parameter, the effective step size of the last update (see each rule's header comment for
  // what it is: |delta w| / |g| where g != 0, else the rate-like quantity the rule implies).
  const Eigen::VectorXd& effective_step_size() const { return effective_; }

  long updates() const { return t_; }

  // The rule's state now, every part of it that the next update reads (the update counter t is
  // updates()). Allocates: for inspection only.
  virtual std::vector<StateQuantity> state() const { return {}; }

  // Schedule-free rules take the gradient at the weights w they keep in the model (Keras' y) but
  // report others (x, the average Keras evaluates after swap_to_eval()). Such a rule writes its
  // reported weights for the current w into `out` (same size) and returns true; every other rule
  // returns false and writes nothing. Allocates nothing.
  virtual bool reported_weights(const Eigen::Ref<const Eigen::VectorXd>& w,
                                Eigen::Ref<Eigen::VectorXd> out) const noexcept {
    (void)w;
    (void)out;
    return false;
  }

  // The edge of stability (docs/spec-core.md#sharpness): the largest curvature along which this
  // rule's steps at rate lr do not grow on a quadratic, for the curvature of H itself (plain and
  // momentum SGD) or of P^-1 H (a rule with a preconditioner, below). NaN where lrlab knows none.
  virtual double stability_threshold(double lr) const {
    (void)lr;
    return std::numeric_limits<double>::quiet_NaN();
  }

  // For a rule whose latest update was w -= lr P^-1 d with a diagonal P (Adam's P is
  // (1 - beta_1^t) (sqrt(v / (1 - beta_2^t)) + eps), Cohen et al. 2022): fills P^-1 (all > 0) and
  // returns true. False for a rule without one, and before the first update.
  virtual bool inverse_preconditioner(Eigen::Ref<Eigen::VectorXd> out) const {
    (void)out;
    return false;
  }

 protected:
  // The rule's own part of reset(): layout_ is set and t_ is 0 when it runs.
  virtual void reset_state(Eigen::Index n) = 0;

  ParamLayout layout_;
  Eigen::VectorXd effective_;
  long t_ = 0;
};

// One line of a rule as Keras 3 writes it, and when the settings use it: SGD's "w = w + m" only
// with momentum, Adam's "vmax = max(vmax, v)" only with amsgrad. The page shows the lines a run's
// settings use (rule_in_use), so a student reads the update that run makes, not every variant.
struct RuleLine {
  RuleLine(const char* line) : text(line) {}  // NOLINT: a plain line reads as its text
  RuleLine(const char* line, bool (*when)(const ParamValues&)) : text(line), used(when) {}
  std::string text;
  bool (*used)(const ParamValues&) = nullptr;  // nullptr: every setting uses the line
};

struct OptimizerInfo {
  std::string name;               // registry key used in settings JSON, e.g. "rmsprop"
  std::string label;              // shown on the page, e.g. "RMSprop"
  std::string summary;            // one sentence on what the rule does
  std::vector<ParamSpec> params;  // hyperparameters except learning_rate, Keras defaults
  double default_learning_rate;
  std::unique_ptr<Optimizer> (*make)(const ParamValues& values);
  // The same optimizer in Keras 3 and in PyTorch (core/python/spelling.h): the class, its
  // arguments (the run's rate first) and, for PyTorch, where its rule departs from Keras'.
  FrameworkSpelling keras;
  FrameworkSpelling pytorch;
  // The update as Keras 3 writes it, one line each, in the names the rule's state() and
  // parameters use, each line with the settings it needs: what the page shows beside an update's
  // numbers (core/inspect/). Each file keeps it beside its rule, in <key>_rule(); the registry
  // fills it in.
  std::vector<RuleLine> rule;
};

// The lines of `info`'s rule that settings with these hyperparameters use.
std::vector<std::string> rule_in_use(const OptimizerInfo& info, const ParamValues& values);

// Every optimizer, in the order the page lists them.
const std::vector<OptimizerInfo>& optimizer_registry();

// Looks up by name; throws lrlab::Error("optimizer.name: \"x\" is not allowed (must be one of
// ...)").
const OptimizerInfo& find_optimizer(const std::string& name);

}  // namespace lrlab
