#include "core/param_spec.h"

#include <cmath>

#include "core/error.h"

namespace lrlab {

ParamValues default_values(const std::vector<ParamSpec>& specs) {
  ParamValues values;
  for (const ParamSpec& spec : specs) {
    switch (spec.kind) {
      case ParamKind::Number:
      case ParamKind::Integer:
      case ParamKind::Boolean:
        values.numbers[spec.name] = spec.default_value;
        break;
      case ParamKind::Choice:
        values.texts[spec.name] = spec.choices.empty() ? "" : spec.choices.front();
        break;
      case ParamKind::Text:
      case ParamKind::ScheduleList:
        values.texts[spec.name] = spec.default_text;
        break;
      case ParamKind::NumberList:
        values.lists[spec.name] = spec.default_list;
        break;
    }
  }
  return values;
}

static std::string describe_range(const ParamSpec& spec) {
  std::string kind = spec.kind == ParamKind::Integer ? "an integer" : "a finite number";
  std::string text = "must be " + kind;
  if (std::isfinite(spec.min))
    text += (spec.min_inclusive ? " >= " : " > ") + format_number(spec.min);
  if (std::isfinite(spec.min) && std::isfinite(spec.max)) text += " and";
  if (std::isfinite(spec.max))
    text += (spec.max_inclusive ? " <= " : " < ") + format_number(spec.max);
  if (spec.nullable) text += ", or null for none";
  return text;
}

void check_number(const ParamSpec& spec, double value, const std::string& field_path) {
  if (spec.kind == ParamKind::Boolean) {
    if (value != 0 && value != 1) fail_field(field_path, value, "must be true or false");
    return;
  }
  if (spec.nullable && std::isnan(value)) return;
  bool ok = std::isfinite(value) && (spec.min_inclusive ? value >= spec.min : value > spec.min) &&
            (spec.max_inclusive ? value <= spec.max : value < spec.max);
  if (ok && spec.kind == ParamKind::Integer && value != std::floor(value)) ok = false;
  if (!ok) fail_field(field_path, value, describe_range(spec));
}

}  // namespace lrlab
