// Every guided-lesson chapter listed in lessons/index.json must open: its settings pass the core's
// one validation door (parse_settings), once per compared run with that run's rate, and the
// chapter's own fields (question, check, runs it names, landscape surface) are consistent. A
// teacher who edits a chapter file gets the core's message naming the chapter and the field.
//
// Chapter files keep the settings under a "settings" key; the test re-serialises that object with
// RapidJSON and hands the text to parse_settings, exactly as the CLI would read a settings file.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/experiments/landscape.h"
#include "core/settings.h"

namespace {

const std::string kLessonsDir = std::string(LRLAB_SOURCE_DIR) + "/lessons/";

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

// The outcomes each check kind can report (web/lessons/checks.js): a choice that names anything
// else could never be the right one.
const std::set<std::string>& outcomes_of(const std::string& kind) {
  static const std::set<std::string> verdict = {"converging", "stalling", "overshooting", "diverged"};
  static const std::set<std::string> rate_change = {"up", "down", "same"};
  static const std::set<std::string> cuts = {"0", "1", "2", "3+"};
  static const std::set<std::string> landscape = {"global", "stuck", "diverged"};
  static const std::set<std::string> trend = {"shrinks", "steady", "grows"};
  static const std::set<std::string> range = {"below", "near", "above"};
  static const std::set<std::string> none;
  if (kind == "verdict") return verdict;
  if (kind == "rate-change") return rate_change;
  if (kind == "plateau-cuts") return cuts;
  if (kind == "landscape-end") return landscape;
  if (kind == "step-trend") return trend;
  if (kind == "range-vs-sweep") return range;
  return none;  // sweep-best answers a slider, not a choice
}

std::vector<std::string> chapter_files() {
  rapidjson::Document index;
  index.Parse(read_text(kLessonsDir + "index.json").c_str());
  std::vector<std::string> files;
  if (index.HasParseError() || !index.IsObject() || !index.HasMember("chapters")) return files;
  for (const auto& name : index["chapters"].GetArray()) files.emplace_back(name.GetString());
  return files;
}

TEST(Lessons, IndexListsAboutEightChapters) {
  const auto files = chapter_files();
  EXPECT_GE(files.size(), 6u);
  EXPECT_LE(files.size(), 12u);
  EXPECT_EQ(std::set<std::string>(files.begin(), files.end()).size(), files.size()) << "a chapter listed twice";
}

TEST(Lessons, EveryChapterIsConsistentAndItsSettingsValidate) {
  const auto files = chapter_files();
  ASSERT_FALSE(files.empty()) << "lessons/index.json lists no chapters";
  const auto surfaces = lrlab::landscape_surface_names();
  const std::set<std::string> checks = {"verdict",       "rate-change", "plateau-cuts", "landscape-end",
                                        "step-trend", "range-vs-sweep", "sweep-best"};
  std::set<std::string> ids;
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    rapidjson::Document chapter;
    chapter.Parse(read_text(kLessonsDir + file).c_str());
    ASSERT_FALSE(chapter.HasParseError()) << "not JSON (or missing)";
    ASSERT_TRUE(chapter.IsObject());
    for (const char* key : {"id", "title"}) ASSERT_TRUE(chapter.HasMember(key) && chapter[key].IsString()) << key;
    EXPECT_TRUE(ids.insert(chapter["id"].GetString()).second) << "duplicate id";
    ASSERT_TRUE(chapter.HasMember("text") && chapter["text"].IsArray() && !chapter["text"].Empty());
    ASSERT_TRUE(chapter.HasMember("settings") && chapter["settings"].IsObject());
    ASSERT_TRUE(chapter.HasMember("rates") && chapter["rates"].IsArray());
    const auto& rates = chapter["rates"];
    ASSERT_GE(rates.Size(), 1u);
    ASSERT_LE(rates.Size(), 6u) << "the page compares at most 6 runs";

    // The settings as written, then once per run with its rate: the core's message on failure.
    const std::string settings_text = to_json(chapter["settings"]);
    try {
      lrlab::parse_settings(settings_text);
    } catch (const lrlab::Error& error) {
      ADD_FAILURE() << "settings refused by the core: " << error.what();
    }
    for (const auto& rate : rates.GetArray()) {
      ASSERT_TRUE(rate.IsNumber());
      rapidjson::Document copy;
      copy.CopyFrom(chapter["settings"], copy.GetAllocator());
      if (!copy.HasMember("optimizer")) {
        rapidjson::Value optimizer(rapidjson::kObjectType);
        optimizer.AddMember("name", "sgd", copy.GetAllocator());
        copy.AddMember("optimizer", optimizer, copy.GetAllocator());
      }
      auto& optimizer = copy["optimizer"];
      if (optimizer.HasMember("learning_rate")) optimizer.RemoveMember("learning_rate");
      optimizer.AddMember("learning_rate", rapidjson::Value(rate.GetDouble()), copy.GetAllocator());
      try {
        lrlab::parse_settings(to_json(copy));
      } catch (const lrlab::Error& error) {
        ADD_FAILURE() << "rate " << rate.GetDouble() << " refused by the core: " << error.what();
      }
    }

    if (chapter.HasMember("surface")) {
      const std::string surface = chapter["surface"].GetString();
      EXPECT_NE(std::find(surfaces.begin(), surfaces.end(), surface), surfaces.end()) << "unknown surface " << surface;
    }

    ASSERT_TRUE(chapter.HasMember("check") && chapter["check"].IsObject());
    const auto& check = chapter["check"];
    const std::string kind = check["kind"].GetString();
    EXPECT_TRUE(checks.count(kind)) << "unknown check kind " << kind;
    if (check.HasMember("run")) {
      EXPECT_GE(check["run"].GetInt(), 1);
      EXPECT_LE(check["run"].GetInt(), static_cast<int>(rates.Size())) << "the check names a run the chapter has not";
    }
    if (!chapter.HasMember("question")) continue;
    const auto& question = chapter["question"];
    ASSERT_TRUE(question.HasMember("prompt") && question["prompt"].IsString());
    const std::string qkind = question["kind"].GetString();
    if (qkind == "slider") {
      EXPECT_EQ(kind, "sweep-best") << "a slider question is checked against the sweep's best rate";
      EXPECT_LT(question["min"].GetDouble(), question["max"].GetDouble());
      continue;
    }
    ASSERT_EQ(qkind, "choice");
    const auto& possible = outcomes_of(kind);
    std::set<std::string> covered;
    for (const auto& choice : question["choices"].GetArray()) {
      ASSERT_TRUE(choice.HasMember("label") && choice["label"].IsString());
      for (const auto& outcome : choice["outcomes"].GetArray()) {
        EXPECT_TRUE(possible.count(outcome.GetString())) << "a choice expects '" << outcome.GetString()
                                                          << "', which a " << kind << " check never reports";
        covered.insert(outcome.GetString());
      }
    }
    EXPECT_GE(covered.size(), 2u) << "a question needs at least two distinct predictions";
  }
}

}  // namespace
