#include "core/schedule/params.h"

#include <cmath>
#include <limits>

#include "core/error.h"

namespace lrlab::params {

ParamSpec number(const char* name, double default_value, double min, double max,
                 const char* meaning, bool min_inclusive, bool max_inclusive, bool log_scale) {
  ParamSpec spec;
  spec.name = name;
  spec.kind = ParamKind::Number;
  spec.default_value = default_value;
  spec.min = min;
  spec.max = max;
  spec.min_inclusive = min_inclusive;
  spec.max_inclusive = max_inclusive;
  spec.log_scale = log_scale;
  spec.meaning = meaning;
  return spec;
}

ParamSpec optional_number(const char* name, double min, double max, const char* meaning) {
  ParamSpec spec = number(name, std::numeric_limits<double>::quiet_NaN(), min, max, meaning);
  spec.nullable = true;
  return spec;
}

ParamSpec integer(const char* name, double default_value, double min, double max,
                  const char* meaning) {
  ParamSpec spec = number(name, default_value, min, max, meaning);
  spec.kind = ParamKind::Integer;
  return spec;
}

ParamSpec boolean(const char* name, bool default_value, const char* meaning) {
  ParamSpec spec = number(name, default_value ? 1 : 0, 0, 1, meaning);
  spec.kind = ParamKind::Boolean;
  return spec;
}

ParamSpec choice(const char* name, const std::vector<std::string>& choices, const char* meaning) {
  ParamSpec spec;
  spec.name = name;
  spec.kind = ParamKind::Choice;
  spec.choices = choices;
  spec.meaning = meaning;
  return spec;
}

ParamSpec list(const char* name, const std::vector<double>& default_list, double min, double max,
               const char* meaning) {
  ParamSpec spec = number(name, 0, min, max, meaning);
  spec.kind = ParamKind::NumberList;
  spec.default_list = default_list;
  return spec;
}

ParamSpec schedule_list(const char* name, const char* default_json, const char* meaning) {
  ParamSpec spec = text(name, default_json, meaning);
  spec.kind = ParamKind::ScheduleList;
  return spec;
}

ParamSpec text(const char* name, const char* default_text, const char* meaning) {
  ParamSpec spec;
  spec.name = name;
  spec.kind = ParamKind::Text;
  spec.default_text = default_text;
  spec.meaning = meaning;
  return spec;
}

static std::string join_quoted(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "\"" : ", \"") + item + "\"";
  return out;
}

ParamValues resolve(const std::vector<ParamSpec>& specs, const ParamValues& given,
                    const std::string& prefix) {
  ParamValues out = default_values(specs);
  for (const ParamSpec& spec : specs) {
    const std::string field = prefix + "." + spec.name;
    switch (spec.kind) {
      case ParamKind::Number:
      case ParamKind::Integer:
      case ParamKind::Boolean: {
        auto it = given.numbers.find(spec.name);
        if (it != given.numbers.end()) out.numbers[spec.name] = it->second;
        check_number(spec, out.numbers[spec.name], field);
        break;
      }
      case ParamKind::Choice: {
        auto it = given.texts.find(spec.name);
        if (it != given.texts.end()) out.texts[spec.name] = it->second;
        const std::string& value = out.texts[spec.name];
        bool known = false;
        for (const std::string& c : spec.choices) known = known || c == value;
        if (!known)
          fail_field(field, "\"" + value + "\"", "must be one of " + join_quoted(spec.choices));
        break;
      }
      case ParamKind::Text:
      case ParamKind::ScheduleList: {
        auto it = given.texts.find(spec.name);
        if (it != given.texts.end()) out.texts[spec.name] = it->second;
        break;
      }
      case ParamKind::NumberList: {
        auto it = given.lists.find(spec.name);
        if (it != given.lists.end()) out.lists[spec.name] = it->second;
        ParamSpec element = spec;
        element.kind = ParamKind::Number;
        const std::vector<double>& values = out.lists[spec.name];
        for (size_t i = 0; i < values.size(); ++i)
          check_number(element, values[i], field + "[" + std::to_string(i) + "]");
        break;
      }
    }
  }
  return out;
}

void require_increasing(const std::vector<double>& values, const std::string& field) {
  for (size_t i = 1; i < values.size(); ++i) {
    if (!(values[i] > values[i - 1]))
      fail_field(field + "[" + std::to_string(i) + "]", values[i],
                 "must be greater than the previous entry, " + format_number(values[i - 1]) +
                     ": the list must be strictly increasing");
  }
}

}  // namespace lrlab::params
