// The real problems are settings like any other: each built-in name is accepted by the one
// settings door (its shape is documented, so before its data is loaded), a trainer on it trains
// once its data is loaded from data/, and the user's CSV ("csv") needs its file first.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/datasets.h"
#include "core/error.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string settings_for(const std::string& name) {
  return R"({"problem":{"name":")" + name + R"("},"epochs":3})";
}

TEST(RealProblems, EveryBuiltInNameIsAValidProblem) {
  for (const char* name : {"iris", "wine", "breast_cancer", "digits", "diabetes"})
    EXPECT_NO_THROW(lrlab::parse_settings(settings_for(name))) << name;
}

TEST(RealProblems, ATrainerNeedsTheDataLoadedAndThenTrains) {
  lrlab::unload_dataset("wine");
  const lrlab::Settings settings = lrlab::parse_settings(settings_for("wine"));
  try {
    lrlab::Trainer trainer(settings);
    ADD_FAILURE() << "a trainer on wine without its data";
  } catch (const lrlab::Error& e) {
    EXPECT_NE(std::string(e.what()).find("problem.name: \"wine\""), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not loaded"), std::string::npos) << e.what();
  }
  lrlab::load_dataset("wine", read_file(std::string(LRLAB_SOURCE_DIR) + "/data/wine.csv"));
  lrlab::Trainer trainer(settings);
  EXPECT_EQ(trainer.run(3), 3);
  // 178 rows, 20% validation rounded down: 35 validate, 143 train; 13 features, 3 classes.
  EXPECT_EQ(trainer.problem().train.size(), 143);
  EXPECT_EQ(trainer.problem().val.size(), 35);
  EXPECT_EQ(trainer.problem().train.inputs(), 13);
  EXPECT_EQ(trainer.problem().train.outputs(), 3);
  EXPECT_TRUE(std::isfinite(trainer.history().val_accuracy.back()));
}

TEST(RealProblems, TheUsersCsvNeedsItsFileAndSaysTheLinkDoesNotCarryIt) {
  lrlab::unload_dataset("csv");
  try {
    lrlab::parse_settings(settings_for("csv"));
    ADD_FAILURE() << "csv without a file";
  } catch (const lrlab::Error& e) {
    EXPECT_NE(std::string(e.what()).find("not stored in settings or links"), std::string::npos)
        << e.what();
  }
}

TEST(RealProblems, OtherProblemsKeepTheirCanonicalJson) {
  // The csv-only fields are written for "csv" alone: every existing settings JSON reads and
  // writes as before.
  const std::string json = lrlab::settings_to_json(lrlab::parse_settings("{}"));
  EXPECT_EQ(json.find("\"target\""), std::string::npos);
  EXPECT_EQ(json.find("\"task\""), std::string::npos);
}

}  // namespace
