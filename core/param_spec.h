#pragma once
// Self-description of a component's hyperparameters (optimizers, schedules, plateau), so that the
// bindings and the page build their controls from the core and never keep a second list.
#include <map>
#include <string>
#include <vector>

namespace lrlab {

// ScheduleList: a list of schedule objects (a sequence's parts), kept in ParamValues::texts as the
// JSON text of the array; the schedule that owns it parses and checks each part.
enum class ParamKind { Number, Integer, Boolean, Choice, NumberList, Text, ScheduleList };

struct ParamSpec {
  std::string name;  // JSON key, e.g. "beta_1"
  ParamKind kind = ParamKind::Number;
  double default_value = 0;  // Number, Integer, Boolean (0/1)
  double min = 0;            // allowed range for Number/Integer
  double max = 0;
  bool min_inclusive = true;
  bool max_inclusive = true;
  bool log_scale = false;            // a hint for the page's slider
  bool nullable = false;             // Number only: JSON null allowed, stored as NaN (Keras' None)
  std::string meaning;               // one line, shown beside the control
  std::vector<std::string> choices;  // Choice: allowed values; default is choices[0]
  std::vector<double> default_list;  // NumberList default
  std::string default_text;          // Text default
};

// Values of a component's parameters after validation (defaults filled in).
struct ParamValues {
  std::map<std::string, double> numbers;     // Number, Integer and Boolean (0/1)
  std::map<std::string, std::string> texts;  // Choice and Text
  std::map<std::string, std::vector<double>> lists;

  double number(const std::string& key) const { return numbers.at(key); }
  bool flag(const std::string& key) const { return numbers.at(key) != 0; }
  const std::string& text(const std::string& key) const { return texts.at(key); }
  const std::vector<double>& list(const std::string& key) const { return lists.at(key); }
};

// Fills every spec's default into a ParamValues.
ParamValues default_values(const std::vector<ParamSpec>& specs);

// Checks one numeric value against its spec; throws lrlab::Error naming `field_path`
// (e.g. "optimizer.beta_1") with the value and the allowed range. NaN is null for a nullable one.
void check_number(const ParamSpec& spec, double value, const std::string& field_path);

}  // namespace lrlab
