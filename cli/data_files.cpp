#include "cli/data_files.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/datasets.h"
#include "core/error.h"
#include "core/problems.h"

namespace lrlab {

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open this file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::string default_data_dir() {
  if (const char* env = std::getenv("LRLAB_DATA_DIR"); env && *env) return env;
  return LRLAB_DATA_DIR;
}

TableRef read_user_csv(const std::string& path) {
  try {
    return read_table(kUserCsvProblem, read_text(path));
  } catch (const Error& error) {
    throw Error(path + ": " + error.what());
  }
}

std::string on_user_csv(const std::string& settings_json) {
  rapidjson::Document settings;
  settings.Parse(settings_json.c_str(), settings_json.size());
  if (settings.HasParseError() || !settings.IsObject()) return settings_json;
  auto& allocator = settings.GetAllocator();
  auto problem = settings.FindMember("problem");
  if (problem == settings.MemberEnd()) {
    settings.AddMember("problem", rapidjson::Value(rapidjson::kObjectType), allocator);
    problem = settings.FindMember("problem");
  }
  if (!problem->value.IsObject()) return settings_json;
  rapidjson::Value name(kUserCsvProblem, allocator);
  auto field = problem->value.FindMember("name");
  if (field == problem->value.MemberEnd())
    problem->value.AddMember("name", name, allocator);
  else
    field->value = name;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  settings.Accept(writer);
  return buffer.GetString();
}

TableRef built_in_table(const Settings& settings, const std::string& dir) {
  const std::string& name = settings.problem.name;
  if (find_problem(name).source != ProblemSource::BuiltInTable) return nullptr;
  return load_table(name, read_text(dir + "/" + name + ".csv")).table;
}

}  // namespace lrlab
