// The real problems are settings like any other: each built-in name is accepted by the one
// settings door (its shape is documented, so without its table), a trainer on it trains when it
// is given its table, and the user's CSV ("csv") needs its file first.
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

TEST(RealProblems, ATrainerIsGivenItsTableAndThenTrains) {
  const lrlab::Settings settings = lrlab::parse_settings(settings_for("wine"));
  try {
    lrlab::Trainer trainer(settings);
    ADD_FAILURE() << "a trainer on wine without its data";
  } catch (const lrlab::Error& e) {
    EXPECT_NE(std::string(e.what()).find("problem.name: \"wine\""), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not loaded"), std::string::npos) << e.what();
  }
  const lrlab::TableRef wine =
      lrlab::load_table("wine", read_file(std::string(LRLAB_SOURCE_DIR) + "/data/wine.csv")).table;
  lrlab::Trainer trainer(settings, wine);
  EXPECT_EQ(trainer.run(3), 3);
  // 178 rows, 20% validation rounded down: 35 validate, 143 train; 13 features, 3 classes.
  EXPECT_EQ(trainer.problem().train.size(), 143);
  EXPECT_EQ(trainer.problem().val.size(), 35);
  EXPECT_EQ(trainer.problem().train.inputs(), 13);
  EXPECT_EQ(trainer.problem().train.outputs(), 3);
  EXPECT_TRUE(std::isfinite(trainer.history().val_accuracy.back()));
}

// One trainer's table is not another's: a table is the problem it was loaded as.
TEST(RealProblems, ATableOfAnotherProblemIsRefused) {
  const lrlab::TableRef iris =
      lrlab::load_table("iris", read_file(std::string(LRLAB_SOURCE_DIR) + "/data/iris.csv")).table;
  try {
    lrlab::Trainer trainer(lrlab::parse_settings(settings_for("wine")), iris);
    ADD_FAILURE() << "wine trained on iris' table";
  } catch (const lrlab::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "problem.name: \"wine\" is not allowed (the table given is \"iris\"'s: give the "
              "one loaded as \"wine\")");
  }
}

TEST(RealProblems, TheUsersCsvNeedsItsFileAndSaysTheLinkDoesNotCarryIt) {
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
