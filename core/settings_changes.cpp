#include "core/settings_changes.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

#include "core/error.h"
#include "core/json_fields.h"

namespace lrlab {

namespace {

constexpr const char* kSections[] = {"optimizer", "schedule", "plateau"};

// Steps are checked against the run's steps per epoch by the Trainer (it needs the data); this
// bound only keeps the number an integer a long holds everywhere.
constexpr long long kMaxStep = 1000000000LL;

std::string text_of(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

// The section the change gives, completed from the one in force: a field left out keeps its
// value, unless the change names another component.
std::string merged_section(const Settings& in_force, const char* key,
                           const rapidjson::Value& given) {
  rapidjson::Document whole;
  parse_json_text(whole, settings_to_json(in_force));
  rapidjson::Value& current = whole[key];
  const auto name = given.FindMember("name");
  const bool renamed =
      name != given.MemberEnd() && current.HasMember("name") && !(name->value == current["name"]);
  if (renamed) return text_of(given);
  for (auto member = given.MemberBegin(); member != given.MemberEnd(); ++member) {
    rapidjson::Value copy(member->value, whole.GetAllocator());
    const auto existing = current.FindMember(member->name);
    if (existing != current.MemberEnd())
      existing->value = copy;
    else
      current.AddMember(rapidjson::Value(member->name, whole.GetAllocator()), copy,
                        whole.GetAllocator());
  }
  return text_of(current);
}

}  // namespace

bool same_params(const ParamValues& a, const ParamValues& b) {
  const auto same_number = [](double x, double y) {
    return x == y || (std::isnan(x) && std::isnan(y));
  };
  if (a.texts != b.texts || a.numbers.size() != b.numbers.size() || a.lists != b.lists)
    return false;
  for (auto x = a.numbers.begin(), y = b.numbers.begin(); x != a.numbers.end(); ++x, ++y)
    if (x->first != y->first || !same_number(x->second, y->second)) return false;
  return true;
}

Settings with_change(Settings settings, const SettingsChange& change) {
  if (change.has_optimizer) settings.optimizer = change.optimizer;
  if (change.has_schedule) settings.schedule = change.schedule;
  if (change.has_plateau) settings.plateau = change.plateau;
  return settings;
}

std::vector<SettingsChange> read_changes(const std::vector<std::string>& texts,
                                         const Settings& start, const TableRef& table) {
  Settings in_force = start;
  in_force.changes.clear();
  std::vector<SettingsChange> out;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string path = "changes[" + std::to_string(i) + "]";
    JsonDocument document(texts[i]);
    JsonFields fields = document.root();
    fields.rename_path(path);
    SettingsChange change;
    if (!fields.has("epoch")) throw Error(path + ".epoch: missing (this field is required)");
    change.epoch = static_cast<long>(fields.integer("epoch", 0, 0, Settings::kMaxEpochs));
    change.step = static_cast<long>(fields.integer("step", 0, 0, kMaxStep));
    // In the order they happened: a replay applies them one after the other.
    if (!out.empty() && (change.epoch < out.back().epoch ||
                         (change.epoch == out.back().epoch && change.step < out.back().step)))
      fail_field(path + ".epoch",
                 std::to_string(change.epoch) + " step " + std::to_string(change.step),
                 "must not come before the change above it (epoch " +
                     std::to_string(out.back().epoch) + " step " + std::to_string(out.back().step) +
                     "): list changes in the order they happened");
    rapidjson::Document raw;
    parse_json_text(raw, texts[i]);
    bool any = false;
    for (const char* key : kSections) {
      if (!fields.has(key)) continue;
      (void)fields.object(key);  // must be an object; its fields are checked below
      any = true;
      try {
        in_force = replace_section(in_force, key, merged_section(in_force, key, raw[key]), table);
      } catch (const Error& error) {
        throw Error(path + "." + error.what());
      }
    }
    fields.reject_unknown_keys();
    if (!any)
      throw Error(path + ": changes nothing (give at least one of optimizer, schedule, plateau)");
    change.has_optimizer = fields.has("optimizer");
    change.has_schedule = fields.has("schedule");
    change.has_plateau = fields.has("plateau");
    change.optimizer = in_force.optimizer;
    change.schedule = in_force.schedule;
    change.plateau = in_force.plateau;
    out.push_back(std::move(change));
  }
  return out;
}

}  // namespace lrlab
