// The CLI on real data: a built-in table read from data/ (or --data-dir), the user's own CSV with
// --data, and the CSV door's messages (row and column named) with exit status 1.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/cli_runner.h"

namespace {

using Result = lrlab_test::CliResult;
using lrlab_test::read_file;
using lrlab_test::run_cli;

const std::string kSettings = std::string(LRLAB_SOURCE_DIR) + "/tests/data/real-settings/";

std::string temp_path(const std::string& name) {
  return lrlab_test::temp_path("lrlab_cli_data_", name);
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

int lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

TEST(CliData, RunsABuiltInTableFromTheDataFolder) {
  const Result r = run_cli("run '" + kSettings + "iris-adam.json' --epochs 4");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(lines(r.out), 5);  // header + 4 epochs
  // Classification: accuracy columns are filled.
  EXPECT_EQ(r.out.find(",,"), std::string::npos) << r.out;
}

TEST(CliData, ADataDirWithoutTheFileIsAClearError) {
  const Result r = run_cli("run '" + kSettings + "iris-adam.json' --data-dir /nonexistent");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("/nonexistent/iris.csv: cannot open this file"), std::string::npos) << r.err;
}

TEST(CliData, RunsTheUsersCsvGivenWithData) {
  const Result r = run_cli("run '" + kSettings + "csv-target-first.json' --data '" + kSettings +
                           "trees.csv' --epochs 3");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(lines(r.out), 4);
}

TEST(CliData, WithoutItsFileTheCsvProblemSaysTheDataIsNotInTheSettings) {
  const Result r = run_cli("run '" + kSettings + "csv-target-first.json'");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("not stored in settings or links"), std::string::npos) << r.err;
}

TEST(CliData, ABadCellIsNamedByRowAndColumn) {
  std::string text = "a,b,label\n";
  for (int i = 0; i < 12; ++i) text += std::to_string(i) + "," + (i == 6 ? "x" : "1") + ",0\n";
  text.back() = '\n';
  const std::string settings =
      write_temp("settings.json", R"({"problem":{"name":"csv","target":3,"task":"regression"}})");
  const std::string csv = write_temp("bad.csv", text);
  const Result r = run_cli("run '" + settings + "' --data '" + csv + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("row 8, column 2 (\"b\"): \"x\" is not a number"), std::string::npos)
      << r.err;
  std::remove(settings.c_str());
  std::remove(csv.c_str());
}

// Giving a CSV is the request: whatever problem the settings name (here the defaults' spiral, and
// iris), --data trains on the file as the problem "csv", its target and task inferred.
TEST(CliData, DataMakesTheProblemTheUsersCsvWhateverTheSettingsSaid) {
  const Result defaults = run_cli("defaults");
  ASSERT_EQ(defaults.status, 0) << defaults.err;
  const std::string settings = write_temp("defaults.json", defaults.out);
  const Result r =
      run_cli("run '" + settings + "' --data '" + kSettings + "trees.csv' --epochs 3 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(R"("name":"csv")"), std::string::npos) << r.out.substr(0, 300);
  // trees.csv's only text column is its first: inferred as the target, a classification.
  EXPECT_NE(r.out.find(R"("target":0,"task":"auto")"), std::string::npos) << r.out.substr(0, 300);
  EXPECT_EQ(r.out.find(R"("accuracy":[])"), std::string::npos);
  const Result iris = run_cli("run '" + kSettings + "iris-adam.json' --data '" + kSettings +
                              "trees.csv' --epochs 2");
  ASSERT_EQ(iris.status, 0) << iris.err;
  EXPECT_EQ(lines(iris.out), 3);
  std::remove(settings.c_str());
}

// The settings' problem.target and problem.task are kept for the file, whatever the name was.
TEST(CliData, DataKeepsTheSettingsTargetAndTask) {
  const std::string settings =
      write_temp("iris-target.json",
                 R"({"problem":{"name":"iris","target":1,"task":"classification"},"epochs":2})");
  const Result r = run_cli("run '" + settings + "' --data '" + kSettings + "trees.csv' --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(R"("target":1,"task":"classification")"), std::string::npos)
      << r.out.substr(0, 300);
  // A target the file cannot have (column 4 is a number, column 1 text) is named as the file's.
  const std::string weight = write_temp(
      "iris-weight.json", R"({"problem":{"name":"iris","target":4,"task":"regression"}})");
  const Result refused = run_cli("run '" + weight + "' --data '" + kSettings + "trees.csv'");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find(R"(row 2, column 1 ("kind"): "birch" is not a number)"),
            std::string::npos)
      << refused.err;
  std::remove(settings.c_str());
  std::remove(weight.c_str());
}

// A bad file given with the defaults (problem spiral) is still named by row and column, exit 1.
TEST(CliData, ABadFileWithTheDefaultsIsNamedByRowAndColumn) {
  std::string text = "a,b,label\n";
  for (int i = 0; i < 12; ++i)
    text += std::to_string(i) + "," + (i == 3 ? "" : "1") + "," + std::to_string(i % 2) + "\n";
  const Result defaults = run_cli("defaults");
  const std::string settings = write_temp("defaults-bad.json", defaults.out);
  const std::string csv = write_temp("bad-defaults.csv", text);
  const Result r = run_cli("run '" + settings + "' --data '" + csv + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("row 5, column 2 (\"b\"): the cell is empty"), std::string::npos) << r.err;
  std::remove(settings.c_str());
  std::remove(csv.c_str());
}

}  // namespace
