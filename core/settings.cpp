#include "core/settings.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

#include "core/activation.h"
#include "core/callbacks/early_stopping.h"
#include "core/curvature/sharpness_params.h"
#include "core/datasets.h"
#include "core/error.h"
#include "core/json_fields.h"
#include "core/loss.h"
#include "core/model.h"
#include "core/optim/make_optimizer.h"
#include "core/optim/optimizer.h"
#include "core/plateau.h"
#include "core/problems.h"
#include "core/settings_changes.h"

namespace lrlab {

namespace {

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

void require_one_of(const std::string& field, const std::string& value,
                    const std::vector<std::string>& allowed) {
  std::string list;
  for (const std::string& name : allowed) {
    if (name == value) return;
    list += (list.empty() ? "" : ", ") + name;
  }
  fail_field(field, quoted(value), "must be one of: " + list);
}

std::vector<std::string> with_auto(const std::vector<std::string>& names) {
  std::vector<std::string> out = {"auto"};
  out.insert(out.end(), names.begin(), names.end());
  return out;
}

std::string required_name(JsonFields& fields) {
  if (!fields.has("name"))
    throw Error(fields.path_of("name") + ": missing (this field is required)");
  return fields.text("name", "");
}

void read_problem(JsonFields& json, ProblemConfig& problem) {
  problem.name = required_name(json);
  require_one_of(json.path_of("name"), problem.name, all_problem_names());
  problem.samples = static_cast<int>(json.integer("samples", problem.samples, 8, 100000));
  problem.noise = json.number("noise", problem.noise);
  if (problem.noise < 0 || problem.noise > 10)
    fail_field(json.path_of("noise"), problem.noise, "must be a number >= 0 and <= 10");
  problem.val_fraction = json.number("val_fraction", problem.val_fraction);
  if (problem.val_fraction < 0 || problem.val_fraction > 0.5)
    fail_field(json.path_of("val_fraction"), problem.val_fraction,
               "must be a number >= 0 and <= 0.5");
  // The user's CSV only (core/datasets.h); other problems keep the defaults, so the canonical
  // JSON of every other problem is what it was.
  const ProblemConfig defaults;
  problem.target = static_cast<int>(json.integer("target", defaults.target, 0, kMaxCsvColumns));
  problem.task = json.text("task", defaults.task);
  require_one_of(json.path_of("task"), problem.task, {"auto", "classification", "regression"});
  if (problem.name != kUserCsvProblem) {
    problem.target = defaults.target;
    problem.task = defaults.task;
  }
  json.reject_unknown_keys();
}

void read_model(JsonFields& json, ModelSettings& model) {
  if (json.has("hidden")) {
    const std::vector<double> sizes = json.numbers("hidden", {});
    if (sizes.size() > static_cast<std::size_t>(kMaxHiddenLayers))
      fail_field(json.path_of("hidden"), std::to_string(sizes.size()) + " layers",
                 "must have 0 to " + std::to_string(kMaxHiddenLayers) + " hidden layers");
    model.hidden.clear();
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      // Range first: converting a double outside int's range (1e20) is undefined behaviour.
      if (!(sizes[i] >= 1 && sizes[i] <= kMaxUnits) || sizes[i] != std::floor(sizes[i]))
        fail_field(json.path_of("hidden") + "[" + std::to_string(i) + "]", sizes[i],
                   "must be an integer >= 1 and <= " + std::to_string(kMaxUnits));
      model.hidden.push_back(static_cast<int>(sizes[i]));
    }
  }
  model.activation = json.text("activation", model.activation);
  require_one_of(json.path_of("activation"), model.activation, activation_names());
  model.init = json.text("init", model.init);
  require_one_of(json.path_of("init"), model.init, with_auto(init_names()));
  model.loss = json.text("loss", model.loss);
  require_one_of(json.path_of("loss"), model.loss, with_auto(loss_names()));
  json.reject_unknown_keys();
}

void read_optimizer(JsonFields& json, OptimizerSettings& optimizer) {
  optimizer.name = required_name(json);
  const OptimizerInfo& info = find_optimizer(optimizer.name);
  optimizer.learning_rate = json.number("learning_rate", info.default_learning_rate);
  check_learning_rate(optimizer.learning_rate);
  optimizer.params = json.params(info.params);
  json.reject_unknown_keys();
}

void read_schedule(JsonFields& json, ScheduleSettings& schedule) {
  schedule.name = required_name(json);
  const ScheduleInfo& info = find_schedule(schedule.name);
  schedule.granularity =
      parse_granularity(json.text("granularity", granularity_name(info.default_granularity)));
  schedule.params = json.params(info.params);
  json.reject_unknown_keys();
  info.make(schedule.params);  // cross-field checks (milestones sorted, formula parses...)
}

void read_plateau(JsonFields& json, PlateauSettings& plateau) {
  plateau.enabled = json.boolean("enabled", plateau.enabled);
  plateau.params = json.params(plateau_params());
  json.reject_unknown_keys();
}

void read_early_stopping(JsonFields& json, EarlyStoppingSettings& early_stopping) {
  early_stopping.enabled = json.boolean("enabled", early_stopping.enabled);
  early_stopping.params = json.params(early_stopping_params());
  json.reject_unknown_keys();
}

void read_sharpness(JsonFields& json, SharpnessSettings& sharpness) {
  sharpness.enabled = json.boolean("enabled", sharpness.enabled);
  sharpness.params = json.params(sharpness_params());
  json.reject_unknown_keys();
}

// A callback's monitor must be something the run records: val_* needs a validation set, an
// accuracy a classification problem.
// `task`: the problem's (problem_shape, which needs the user's CSV's table to know it).
void check_monitor(const std::string& section, const std::string& monitor, const Settings& settings,
                   Task task) {
  if (monitor.rfind("val_", 0) == 0 && settings.problem.val_fraction == 0)
    fail_field(section + ".monitor", quoted(monitor),
               "needs a validation set: set problem.val_fraction > 0 or monitor \"loss\"");
  if ((monitor == "accuracy" || monitor == "val_accuracy") && task == Task::Regression)
    fail_field(section + ".monitor", quoted(monitor),
               "a regression problem has no accuracy: monitor \"loss\" or \"val_loss\"");
}

}  // namespace

Settings default_settings() {
  Settings settings;
  const OptimizerInfo& optimizer = find_optimizer(settings.optimizer.name);
  settings.optimizer.params = default_values(optimizer.params);
  const ScheduleInfo& schedule = find_schedule(settings.schedule.name);
  settings.schedule.granularity = schedule.default_granularity;
  settings.schedule.params = default_values(schedule.params);
  settings.plateau.params = default_values(plateau_params());
  settings.early_stopping.params = default_values(early_stopping_params());
  settings.sharpness.params = default_values(sharpness_params());
  return settings;
}

Settings parse_settings(const std::string& json, const TableRef& table) {
  JsonDocument document(json);
  JsonFields root = document.root();
  Settings settings = default_settings();

  const long version = root.integer("version", 1, 1, 1);
  (void)version;  // one format so far; the field exists so a later format can be told apart
  settings.seed = static_cast<std::uint64_t>(root.integer("seed", 1, 0, 4294967295LL));
  if (root.has("problem")) {
    JsonFields problem = root.object("problem");
    read_problem(problem, settings.problem);
  }
  if (root.has("model")) {
    JsonFields model = root.object("model");
    read_model(model, settings.model);
  }
  if (root.has("optimizer")) {
    JsonFields optimizer = root.object("optimizer");
    read_optimizer(optimizer, settings.optimizer);
  }
  if (root.has("schedule")) {
    JsonFields schedule = root.object("schedule");
    read_schedule(schedule, settings.schedule);
  }
  if (root.has("plateau")) {
    JsonFields plateau = root.object("plateau");
    read_plateau(plateau, settings.plateau);
  }
  if (root.has("early_stopping")) {
    JsonFields early_stopping = root.object("early_stopping");
    read_early_stopping(early_stopping, settings.early_stopping);
  }
  if (root.has("sharpness")) {
    JsonFields sharpness = root.object("sharpness");
    read_sharpness(sharpness, settings.sharpness);
  }
  settings.batch_size =
      static_cast<int>(root.integer("batch_size", settings.batch_size, 1, Settings::kMaxBatch));
  settings.epochs =
      static_cast<int>(root.integer("epochs", settings.epochs, 1, Settings::kMaxEpochs));
  std::vector<std::string> changes;
  if (root.has("changes")) changes = root.object_list("changes", Settings::kMaxChanges);
  root.reject_unknown_keys();

  // The model must fit the problem (e.g. softmax_ce needs several outputs).
  const ProblemShape shape = problem_shape(settings.problem, table);
  make_model_spec(settings.model.hidden, settings.model.activation, settings.model.init,
                  settings.model.loss, shape);
  if (settings.plateau.enabled)
    check_monitor("plateau", settings.plateau.params.text("monitor"), settings, shape.task);
  if (settings.early_stopping.enabled)
    check_monitor("early_stopping", settings.early_stopping.params.text("monitor"), settings,
                  shape.task);
  // Last: each change is checked against the settings in force where it happens.
  settings.changes = read_changes(changes, settings, table);
  return settings;
}

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_params(Writer& out, const ParamValues& values, const std::vector<ParamSpec>& specs) {
  for (const ParamSpec& spec : specs) {
    out.Key(spec.name.c_str());
    switch (spec.kind) {
      case ParamKind::Number:
        if (spec.nullable && std::isnan(values.number(spec.name)))
          out.Null();
        else
          out.Double(values.number(spec.name));
        break;
      case ParamKind::Integer:
        out.Int64(static_cast<std::int64_t>(values.number(spec.name)));
        break;
      case ParamKind::Boolean:
        out.Bool(values.flag(spec.name));
        break;
      case ParamKind::Choice:
      case ParamKind::Text:
        out.String(values.text(spec.name).c_str());
        break;
      case ParamKind::ScheduleList:  // already JSON: the parts as they were read
        out.RawValue(values.text(spec.name).c_str(), values.text(spec.name).size(),
                     rapidjson::kArrayType);
        break;
      case ParamKind::NumberList:
        out.StartArray();
        for (double v : values.list(spec.name)) out.Double(v);
        out.EndArray();
        break;
    }
  }
}

void write_optimizer(Writer& out, const OptimizerSettings& optimizer) {
  out.Key("optimizer");
  out.StartObject();
  out.Key("name");
  out.String(optimizer.name.c_str());
  out.Key("learning_rate");
  out.Double(optimizer.learning_rate);
  write_params(out, optimizer.params, find_optimizer(optimizer.name).params);
  out.EndObject();
}

void write_schedule(Writer& out, const ScheduleSettings& schedule) {
  out.Key("schedule");
  out.StartObject();
  out.Key("name");
  out.String(schedule.name.c_str());
  out.Key("granularity");
  out.String(granularity_name(schedule.granularity));
  write_params(out, schedule.params, find_schedule(schedule.name).params);
  out.EndObject();
}

void write_plateau(Writer& out, const PlateauSettings& plateau) {
  out.Key("plateau");
  out.StartObject();
  out.Key("enabled");
  out.Bool(plateau.enabled);
  write_params(out, plateau.params, plateau_params());
  out.EndObject();
}

// Written only when there are changes, so the canonical form of every run trained with one set
// of settings is what it was. "step" only when the change came within an epoch.
void write_changes(Writer& out, const std::vector<SettingsChange>& changes) {
  if (changes.empty()) return;
  out.Key("changes");
  out.StartArray();
  for (const SettingsChange& change : changes) {
    out.StartObject();
    out.Key("epoch");
    out.Int64(change.epoch);
    if (change.step != 0) {
      out.Key("step");
      out.Int64(change.step);
    }
    if (change.has_optimizer) write_optimizer(out, change.optimizer);
    if (change.has_schedule) write_schedule(out, change.schedule);
    if (change.has_plateau) write_plateau(out, change.plateau);
    out.EndObject();
  }
  out.EndArray();
}

}  // namespace

std::string settings_to_json(const Settings& s) {
  rapidjson::StringBuffer buffer;
  Writer out(buffer);
  out.StartObject();
  out.Key("version");
  out.Int(1);
  out.Key("seed");
  out.Uint64(s.seed);

  out.Key("problem");
  out.StartObject();
  out.Key("name");
  out.String(s.problem.name.c_str());
  out.Key("samples");
  out.Int(s.problem.samples);
  out.Key("noise");
  out.Double(s.problem.noise);
  out.Key("val_fraction");
  out.Double(s.problem.val_fraction);
  if (s.problem.name == kUserCsvProblem) {
    out.Key("target");
    out.Int(s.problem.target);
    out.Key("task");
    out.String(s.problem.task.c_str());
  }
  out.EndObject();

  out.Key("model");
  out.StartObject();
  out.Key("hidden");
  out.StartArray();
  for (int units : s.model.hidden) out.Int(units);
  out.EndArray();
  out.Key("activation");
  out.String(s.model.activation.c_str());
  out.Key("init");
  out.String(s.model.init.c_str());
  out.Key("loss");
  out.String(s.model.loss.c_str());
  out.EndObject();

  write_optimizer(out, s.optimizer);
  write_schedule(out, s.schedule);
  write_plateau(out, s.plateau);

  out.Key("early_stopping");
  out.StartObject();
  out.Key("enabled");
  out.Bool(s.early_stopping.enabled);
  write_params(out, s.early_stopping.params, early_stopping_params());
  out.EndObject();

  if (s.sharpness.enabled ||
      s.sharpness.params.numbers != default_values(sharpness_params()).numbers) {
    out.Key("sharpness");
    out.StartObject();
    out.Key("enabled");
    out.Bool(s.sharpness.enabled);
    write_params(out, s.sharpness.params, sharpness_params());
    out.EndObject();
  }

  out.Key("batch_size");
  out.Int(s.batch_size);
  out.Key("epochs");
  out.Int(s.epochs);
  write_changes(out, s.changes);
  out.EndObject();
  return buffer.GetString();
}

Settings replace_section(const Settings& current, const std::string& key,
                         const std::string& section_json, const TableRef& table) {
  rapidjson::Document whole;
  parse_json_text(whole, settings_to_json(current));
  JsonDocument section(std::string("{\"") + key + "\":" + section_json + "}");
  (void)section;  // syntax errors in the section are reported before anything changes
  rapidjson::Document replacement;
  parse_json_text(replacement, section_json);
  auto member = whole.FindMember(key.c_str());
  if (member == whole.MemberEnd() &&
      key == "sharpness") {  // left out of the canonical form when off
    whole.AddMember("sharpness", rapidjson::Value(rapidjson::kObjectType), whole.GetAllocator());
    member = whole.FindMember(key.c_str());
  }
  if (member == whole.MemberEnd()) throw Error(key + ": unknown settings section");
  member->value.CopyFrom(replacement, whole.GetAllocator());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  whole.Accept(writer);
  return parse_settings(buffer.GetString(), table);
}

}  // namespace lrlab
