// Every guided-lesson chapter listed in lessons/index.json must open: its settings pass the core's
// one validation door (parse_settings), once per compared run with that run's rate, and the
// chapter's own fields (question, check, runs it names, landscape surface) are consistent. A
// teacher who edits a chapter file gets the core's message naming the chapter and the field.
//
// Chapter files keep the settings under a "settings" key; the test re-serialises that object with
// RapidJSON and hands the text to parse_settings, exactly as the CLI would read a settings file.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/experiments/landscape.h"
#include "core/settings.h"
#include "tests/support/lesson_files.h"

namespace {

using lrlab::test::chapter_files;
using lrlab::test::kLessonsDir;
using lrlab::test::read_text;
using lrlab::test::to_json;

// The outcomes each check kind can report (web/lessons/checks.js): a choice that names anything
// else could never be the right one.
const std::set<std::string>& outcomes_of(const std::string& kind) {
  static const std::set<std::string> verdict = {"converging", "stalling", "overshooting",
                                                "diverged"};
  static const std::set<std::string> rate_change = {"up", "down", "same"};
  static const std::set<std::string> cuts = {"0", "1", "2", "3+"};
  static const std::set<std::string> landscape = {"global", "stuck", "diverged"};
  static const std::set<std::string> trend = {"shrinks", "steady", "grows"};
  static const std::set<std::string> range = {"below", "near", "above"};
  static const std::set<std::string> runs = {"1", "2", "3", "4", "5", "6"};
  static const std::set<std::string> drop = {"tenfold", "some", "little", "rose", "diverged"};
  static const std::set<std::string> sharpness = {"hovers", "passes", "rises", "steady", "falls"};
  static const std::set<std::string> none;
  if (kind == "verdict") return verdict;
  if (kind == "rate-change") return rate_change;
  if (kind == "plateau-cuts") return cuts;
  if (kind == "landscape-end") return landscape;
  if (kind == "step-trend") return trend;
  if (kind == "range-vs-sweep") return range;
  if (kind == "lowest-final") return runs;
  if (kind == "loss-drop") return drop;
  if (kind == "sharpness-trend" || kind == "sharpness-change") return sharpness;
  return none;  // sweep-best answers a slider, not a choice
}

TEST(Lessons, IndexListsSixToFourteenChapters) {
  const auto files = chapter_files();
  EXPECT_GE(files.size(), 6u);
  EXPECT_LE(files.size(), 14u);
  EXPECT_EQ(std::set<std::string>(files.begin(), files.end()).size(), files.size())
      << "a chapter listed twice";
}

TEST(Lessons, EveryChapterIsConsistentAndItsSettingsValidate) {
  const auto files = chapter_files();
  ASSERT_FALSE(files.empty()) << "lessons/index.json lists no chapters";
  const auto surfaces = lrlab::landscape_surface_names();
  const std::set<std::string> checks = {"verdict",         "rate-change",     "plateau-cuts",
                                        "landscape-end",   "step-trend",      "range-vs-sweep",
                                        "sweep-best",      "lowest-final",    "loss-drop",
                                        "sharpness-trend", "sharpness-change"};
  std::set<std::string> ids;
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    rapidjson::Document chapter;
    chapter.Parse(read_text(kLessonsDir + file).c_str());
    ASSERT_FALSE(chapter.HasParseError()) << "not JSON (or missing)";
    ASSERT_TRUE(chapter.IsObject());
    for (const char* key : {"id", "title"})
      ASSERT_TRUE(chapter.HasMember(key) && chapter[key].IsString()) << key;
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
    // "runs": what each run trains differently (web/lessons/chapters.js checkRuns says the same).
    if (chapter.HasMember("runs")) {
      const auto& runs = chapter["runs"];
      ASSERT_TRUE(runs.IsArray());
      ASSERT_EQ(runs.Size(), rates.Size()) << "runs: one entry per rate";
      for (const auto& own : runs.GetArray()) {
        ASSERT_TRUE(own.IsObject()) << "each entry of runs is an object";
        for (const auto& member : own.GetObject()) {
          const std::string field = member.name.GetString();
          EXPECT_TRUE(field == "optimizer" || field == "schedule" || field == "changes")
              << "runs: a run may only have its own optimizer, schedule or changes, not " << field;
          if (field == "changes") {
            EXPECT_TRUE(member.value.IsArray() && !member.value.Empty())
                << "runs: a run's changes list at least one (the core checks each)";
            continue;
          }
          EXPECT_TRUE(member.value.IsObject() && member.value.HasMember("name"))
              << "runs: a run's own " << field << " is whole, with its name";
          if (field == "optimizer" && member.value.IsObject())
            EXPECT_FALSE(member.value.HasMember("learning_rate")) << "the run's rate is in rates";
        }
      }
    }
    for (rapidjson::SizeType i = 0; i < rates.Size(); ++i) {
      const auto& rate = rates[i];
      ASSERT_TRUE(rate.IsNumber());
      try {
        lrlab::parse_settings(lrlab::test::chapter_run_json(chapter, static_cast<int>(i) + 1));
      } catch (const lrlab::Error& error) {
        ADD_FAILURE() << "rate " << rate.GetDouble() << " refused by the core: " << error.what();
      }
    }

    if (chapter.HasMember("surface")) {
      const std::string surface = chapter["surface"].GetString();
      EXPECT_NE(std::find(surfaces.begin(), surfaces.end(), surface), surfaces.end())
          << "unknown surface " << surface;
    }

    ASSERT_TRUE(chapter.HasMember("check") && chapter["check"].IsObject());
    const auto& check = chapter["check"];
    const std::string kind = check["kind"].GetString();
    const auto check_fits = [&](const rapidjson::Value& spec) {
      const std::string name = spec["kind"].GetString();
      EXPECT_TRUE(checks.count(name)) << "unknown check kind " << name;
      if (spec.HasMember("run")) {
        EXPECT_GE(spec["run"].GetInt(), 1);
        EXPECT_LE(spec["run"].GetInt(), static_cast<int>(rates.Size()))
            << "the check names a run the chapter has not";
      }
    };
    // A choice must expect an outcome its check can report, and the choices between them two.
    const auto choices_fit = [&](const rapidjson::Value& choices, const std::string& name) {
      const auto& possible = outcomes_of(name);
      std::set<std::string> covered;
      for (const auto& choice : choices.GetArray()) {
        ASSERT_TRUE(choice.HasMember("label") && choice["label"].IsString());
        for (const auto& outcome : choice["outcomes"].GetArray()) {
          EXPECT_TRUE(possible.count(outcome.GetString()))
              << "a choice expects '" << outcome.GetString() << "', which a " << name
              << " check never reports";
          covered.insert(outcome.GetString());
        }
      }
      EXPECT_GE(covered.size(), 2u) << "a question needs at least two distinct predictions";
    };
    check_fits(check);
    // The questions at the chapter's end: each read from the run by its own check.
    if (chapter.HasMember("review")) {
      ASSERT_TRUE(chapter["review"].IsArray());
      EXPECT_LE(chapter["review"].Size(), 2u) << "one or two questions at a chapter's end";
      for (const auto& question : chapter["review"].GetArray()) {
        ASSERT_TRUE(question.HasMember("prompt") && question["prompt"].IsString());
        ASSERT_TRUE(question.HasMember("check") && question["check"].IsObject());
        check_fits(question["check"]);
        choices_fit(question["choices"], question["check"]["kind"].GetString());
      }
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
    choices_fit(question["choices"], kind);
  }
}

}  // namespace
