#include "core/python/spelling.h"

#include "core/error.h"
#include "core/python/literal.h"

namespace lrlab {
namespace {

const ParamSpec* find_spec(const std::vector<ParamSpec>& specs, const std::string& name) {
  for (const ParamSpec& spec : specs)
    if (spec.name == name) return &spec;
  return nullptr;
}

[[noreturn]] void no_value(const std::string& name) {
  throw Error("code export: no value \"" + name + "\" to spell");
}

// A condition names a parameter or a value the entry computed (docs in spelling.h).
bool holds(const char* when, const ParamValues& values) {
  std::string condition = when;
  if (condition.empty()) return true;
  const bool negated = condition[0] == '!';
  if (negated) condition.erase(0, 1);
  bool nonzero;
  if (const auto list = values.lists.find(condition); list != values.lists.end())
    nonzero = !list->second.empty();
  else if (const auto number = values.numbers.find(condition); number != values.numbers.end())
    nonzero = number->second != 0;
  else
    no_value(condition);
  return nonzero != negated;
}

std::string value_text(const std::string& placeholder, const std::vector<ParamSpec>& specs,
                       const ParamValues& values, const SchedulePythonNames& names) {
  if (placeholder == "s") return names.position;
  if (placeholder == "epoch") return names.names.epoch;
  if (placeholder == "step") return names.names.step;
  if (placeholder == "lr") return names.names.lr;
  if (placeholder == "lr0") return names.names.lr0;
  const size_t colon = placeholder.find(':');
  const std::string name = placeholder.substr(0, colon);
  const std::string as = colon == std::string::npos ? "" : placeholder.substr(colon + 1);
  const ParamSpec* spec = find_spec(specs, name);
  const auto list = values.lists.find(name);
  if (list != values.lists.end()) {
    if (as == "tuple") return python::float_tuple(list->second);
    return python::joined(list->second, as == "int");
  }
  const auto text = values.texts.find(name);
  if (text != values.texts.end()) return "\"" + text->second + "\"";
  const auto number = values.numbers.find(name);
  if (number == values.numbers.end()) no_value(name);
  const double value = number->second;
  if (as == "js") return python::js_number(value);
  if (as == "int") return python::int_literal(value);
  if (as == "float" || !spec) return python::float_literal(value);
  if (spec->kind == ParamKind::Boolean) return python::bool_literal(value != 0);
  if (spec->kind == ParamKind::Integer) return python::int_literal(value);
  return python::float_literal(value);
}

std::string fill(const std::string& text, const std::vector<ParamSpec>& specs,
                 const ParamValues& values, const SchedulePythonNames& names) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find('{', at);
    if (open == std::string::npos) break;
    const size_t close = text.find('}', open);
    if (close == std::string::npos) throw Error("code export: unclosed '{' in \"" + text + "\"");
    out += text.substr(at, open - at);
    out += value_text(text.substr(open + 1, close - open - 1), specs, values, names);
    at = close + 1;
  }
  return out + text.substr(at);
}

}  // namespace

SpelledCall spell(const FrameworkSpelling& spelling, const std::vector<ParamSpec>& specs,
                  const ParamValues& values, const SchedulePythonNames& names) {
  SpelledCall out;
  if (*spelling.call == '\0' || !holds(spelling.when, values)) return out;
  out.exists = true;
  out.call = spelling.call;
  for (const FrameworkArgument& argument : spelling.arguments) {
    if (!holds(argument.when, values)) continue;
    const std::string value = fill(argument.value, specs, values, names);
    out.arguments.push_back(*argument.name ? std::string(argument.name) + "=" + value : value);
  }
  for (const FrameworkNote& note : spelling.notes)
    if (holds(note.when, values)) out.notes.push_back(fill(note.text, specs, values, names));
  return out;
}

std::vector<std::string> fill_lines(const std::vector<PythonLine>& lines,
                                    const std::vector<ParamSpec>& specs, const ParamValues& values,
                                    const SchedulePythonNames& names) {
  std::vector<std::string> out;
  for (const PythonLine& line : lines)
    if (holds(line.when, values)) out.push_back(fill(line.text, specs, values, names));
  return out;
}

}  // namespace lrlab
