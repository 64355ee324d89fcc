#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/optim/optimizer.h"

namespace lrlab {

// Every optimizer, in the order the page lists them. Adding one takes a new file defining
// `OptimizerInfo <key>_optimizer_info()` and one X(<key>) line here.
#define LRLAB_OPTIMIZERS(X) \
  X(sgd)                    \
  X(adagrad)                \
  X(adadelta)               \
  X(rmsprop)                \
  X(adam)                   \
  X(adamw)                  \
  X(nadam)                  \
  X(adamax)                 \
  X(lion)                   \
  X(ftrl)                   \
  X(lamb)                   \
  X(adafactor)              \
  X(muon)                   \
  X(schedule_free_adamw)    \
  X(schedule_free_sgd)

#define LRLAB_DECLARE_OPTIMIZER(key)    \
  OptimizerInfo key##_optimizer_info(); \
  std::vector<RuleLine> key##_rule();
LRLAB_OPTIMIZERS(LRLAB_DECLARE_OPTIMIZER)
#undef LRLAB_DECLARE_OPTIMIZER

namespace {

OptimizerInfo with_rule(OptimizerInfo info, std::vector<RuleLine> rule) {
  info.rule = std::move(rule);
  return info;
}

}  // namespace

const std::vector<OptimizerInfo>& optimizer_registry() {
#define LRLAB_LIST_OPTIMIZER(key) with_rule(key##_optimizer_info(), key##_rule()),
  static const std::vector<OptimizerInfo> registry{LRLAB_OPTIMIZERS(LRLAB_LIST_OPTIMIZER)};
#undef LRLAB_LIST_OPTIMIZER
  return registry;
}

std::vector<std::string> rule_in_use(const OptimizerInfo& info, const ParamValues& values) {
  std::vector<std::string> lines;
  for (const RuleLine& line : info.rule)
    if (!line.used || line.used(values)) lines.push_back(line.text);
  return lines;
}

const OptimizerInfo& find_optimizer(const std::string& name) {
  std::string names;
  for (const OptimizerInfo& info : optimizer_registry()) {
    if (info.name == name) return info;
    names += (names.empty() ? "" : ", ") + info.name;
  }
  fail_field("optimizer.name", "\"" + name + "\"", "must be one of " + names);
}

}  // namespace lrlab
