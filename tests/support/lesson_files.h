#pragma once
// Reading the guided lessons' chapter files (lessons/*.json, lessons/README.md) in core tests: the
// chapters index.json lists, and a chapter's settings as the core reads them for one of its runs
// (the run's rate, and a seed, since a chapter's claim must hold for more than its own seed).
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/settings.h"

namespace lrlab::test {

inline const std::string kLessonsDir = std::string(LRLAB_SOURCE_DIR) + "/lessons/";

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

// The chapter files index.json lists, in order (empty when it cannot be read).
inline std::vector<std::string> chapter_files() {
  rapidjson::Document index;
  index.Parse(read_text(kLessonsDir + "index.json").c_str());
  std::vector<std::string> files;
  if (index.HasParseError() || !index.IsObject() || !index.HasMember("chapters")) return files;
  for (const auto& name : index["chapters"].GetArray()) files.emplace_back(name.GetString());
  return files;
}

// The listed chapter whose "id" is `id`; a null document when there is none.
inline rapidjson::Document chapter_by_id(const std::string& id) {
  for (const auto& file : chapter_files()) {
    rapidjson::Document chapter;
    chapter.Parse(read_text(kLessonsDir + file).c_str());
    if (!chapter.HasParseError() && chapter.IsObject() && chapter.HasMember("id") &&
        id == chapter["id"].GetString())
      return chapter;
  }
  return rapidjson::Document();
}

// A chapter's settings for run `run` (1-based) as the page builds them (web/page/state.js
// runSettings): the run's own optimizer, schedule or changes from the chapter's "runs", where it
// has them, replaces the shared one whole. The rate is left as written.
inline void own_components(const rapidjson::Value& chapter, int run, rapidjson::Document& copy) {
  if (!chapter.HasMember("runs") || !chapter["runs"].IsArray()) return;
  const auto& runs = chapter["runs"];
  if (run < 1 || static_cast<rapidjson::SizeType>(run) > runs.Size() || !runs[run - 1].IsObject())
    return;
  for (const char* field : {"optimizer", "schedule", "changes"}) {
    if (!runs[run - 1].HasMember(field)) continue;
    if (copy.HasMember(field)) copy.RemoveMember(field);
    rapidjson::Value own;
    own.CopyFrom(runs[run - 1][field], copy.GetAllocator());
    copy.AddMember(rapidjson::StringRef(field), own, copy.GetAllocator());
  }
}

// Run `run` (1-based) of a chapter as a settings text: the chapter's settings with the run's own
// optimizer or schedule, at that run's rate, and at `seed` when one is given (else the chapter's).
inline std::string chapter_run_json(const rapidjson::Value& chapter, int run,
                                    std::optional<int> seed = std::nullopt) {
  rapidjson::Document copy;
  copy.CopyFrom(chapter["settings"], copy.GetAllocator());
  own_components(chapter, run, copy);
  if (seed) {
    if (copy.HasMember("seed")) copy.RemoveMember("seed");
    copy.AddMember("seed", *seed, copy.GetAllocator());
  }
  if (!copy.HasMember("optimizer")) {
    rapidjson::Value optimizer(rapidjson::kObjectType);
    optimizer.AddMember("name", "sgd", copy.GetAllocator());
    copy.AddMember("optimizer", optimizer, copy.GetAllocator());
  }
  auto& optimizer = copy["optimizer"];
  if (optimizer.HasMember("learning_rate")) optimizer.RemoveMember("learning_rate");
  optimizer.AddMember("learning_rate", chapter["rates"][run - 1].GetDouble(), copy.GetAllocator());
  return to_json(copy);
}

// The same run as the core reads it, at `seed`.
inline Settings chapter_run(const rapidjson::Value& chapter, int run, int seed) {
  return parse_settings(chapter_run_json(chapter, run, seed));
}

}  // namespace lrlab::test
