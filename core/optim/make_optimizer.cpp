#include "core/optim/make_optimizer.h"

#include <cmath>

#include "core/error.h"

namespace lrlab {
namespace {

const ParamSpec* find_spec(const OptimizerInfo& info, const std::string& key) {
  for (const ParamSpec& spec : info.params) {
    if (spec.name == key) return &spec;
  }
  return nullptr;
}

[[noreturn]] void fail_unknown_key(const OptimizerInfo& info, const std::string& key,
                                   const std::string& value) {
  std::string known;
  for (const ParamSpec& spec : info.params) known += (known.empty() ? "" : ", ") + spec.name;
  fail_field("optimizer." + key, value,
             info.name + " has no parameter \"" + key + "\"" +
                 (known.empty() ? std::string() : "; its parameters are " + known));
}

bool is_numeric(ParamKind kind) {
  return kind == ParamKind::Number || kind == ParamKind::Integer || kind == ParamKind::Boolean;
}

}  // namespace

void check_learning_rate(double lr) {
  // The same bound as the settings door (core/settings.cpp): a setter must not accept a rate
  // that a link or a fresh run would refuse.
  if (!(std::isfinite(lr) && lr > 0 && lr <= 1e6)) {
    fail_field("optimizer.learning_rate", lr, "must be a finite number > 0 and <= 1e6");
  }
}

ParamValues validate_optimizer_params(const OptimizerInfo& info, const ParamValues& given) {
  ParamValues values = default_values(info.params);
  for (const auto& [key, value] : given.numbers) {
    const ParamSpec* spec = find_spec(info, key);
    if (spec == nullptr || !is_numeric(spec->kind))
      fail_unknown_key(info, key, format_number(value));
    check_number(*spec, value, "optimizer." + key);
    values.numbers[key] = value;
  }
  // No optimizer has text or list parameters today; a value of that kind is still checked
  // against the specs so that one added later is validated here too.
  for (const auto& [key, text] : given.texts) {
    const ParamSpec* spec = find_spec(info, key);
    if (spec == nullptr || (spec->kind != ParamKind::Choice && spec->kind != ParamKind::Text)) {
      fail_unknown_key(info, key, "\"" + text + "\"");
    }
    if (spec->kind == ParamKind::Choice) {
      bool allowed = false;
      std::string choices;
      for (const std::string& choice : spec->choices) {
        allowed = allowed || choice == text;
        choices += (choices.empty() ? "" : ", ") + choice;
      }
      if (!allowed) fail_field("optimizer." + key, "\"" + text + "\"", "must be one of " + choices);
    }
    values.texts[key] = text;
  }
  for (const auto& [key, list] : given.lists) {
    const ParamSpec* spec = find_spec(info, key);
    if (spec == nullptr || spec->kind != ParamKind::NumberList)
      fail_unknown_key(info, key, "[...]");
    for (double item : list) check_number(*spec, item, "optimizer." + key);
    values.lists[key] = list;
  }
  return values;
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const ParamValues& given) {
  const OptimizerInfo& info = find_optimizer(name);
  return info.make(validate_optimizer_params(info, given));
}

}  // namespace lrlab
