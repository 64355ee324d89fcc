#include "core/schedule/sequence_parts.h"

#include <rapidjson/document.h>

#include "core/error.h"
#include "core/json_fields.h"

namespace lrlab {

namespace {

bool is_sequence(const std::string& name) {
  return name == "sequential" || name == "chained";
}

// A part's own checks name "schedule.<param>"; inside a sequence the field is the part's.
[[noreturn]] void rethrow_at(const Error& error, const std::string& path) {
  std::string message = error.what();
  if (message.rfind(path, 0) != 0 && message.rfind("schedule.", 0) == 0)
    message = path + "." + message.substr(9);
  throw Error(message);
}

}  // namespace

std::vector<SchedulePart> read_schedule_parts(const std::string& json) {
  rapidjson::Document document;
  parse_json_text(document, json);
  if (document.HasParseError() || !document.IsArray() || document.Empty() || document.Size() > 8)
    fail_field("schedule.parts", json, "must be a list of 1 to 8 schedule objects");
  std::vector<SchedulePart> parts;
  for (rapidjson::SizeType i = 0; i < document.Size(); ++i) {
    const std::string path = "schedule.parts[" + std::to_string(i) + "]";
    if (!document[i].IsObject()) fail_field(path, describe_json(document[i]), "must be an object");
    JsonFields fields(document[i], path);
    if (!fields.has("name")) fail_field(path + ".name", "missing", "a part must name its schedule");
    const std::string name = fields.text("name", "");
    SchedulePart part;
    try {
      part.info = &find_schedule(name);
    } catch (const Error& error) {
      rethrow_at(error, path);
    }
    if (is_sequence(name))
      fail_field(path + ".name", "\"" + name + "\"", "a part cannot itself be a sequence");
    try {
      part.values = fields.params(part.info->params);
      fields.reject_unknown_keys();
      part.schedule = part.info->make(part.values);
    } catch (const Error& error) {
      rethrow_at(error, path);
    }
    if (name == "formula" || part.info->rate_source(part.values) != RateSource::Scaled)
      fail_field(path + ".name", "\"" + name + "\"",
                 "a part must be a closed form scaled by lr0 (for a constant phase: constant_lr "
                 "with factor 1)");
    parts.push_back(std::move(part));
  }
  return parts;
}

std::vector<std::string> parts_python(const std::vector<SchedulePart>& parts,
                                      const SchedulePythonNames& names) {
  SchedulePythonNames own = names;
  own.position = "position";
  std::vector<std::string> lines;
  for (size_t i = 0; i < parts.size(); ++i) {
    lines.push_back("def part_" + std::to_string(i) + "(position):  # " + parts[i].info->label);
    for (const std::string& line : parts[i].info->python_body(parts[i].values, own))
      lines.push_back("    " + line);
  }
  return lines;
}

}  // namespace lrlab
