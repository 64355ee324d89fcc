// `lrlab run --sharpness`: the sharpness measurements as CSV columns (one row per measurement),
// and in the --json history as series.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/cli_runner.h"

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = lrlab_test::temp_path("lrlab_cli_sharpness_", name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

const char* const kSettings =
    R"({"problem": {"name": "moons", "samples": 120}, "batch_size": 1000, "epochs": 7,
        "optimizer": {"name": "sgd", "learning_rate": 0.5},
        "sharpness": {"enabled": true, "every": 3}})";

TEST(CliSharpness, WritesOneRowPerMeasurement) {
  const std::string path = write_temp("on.json", kSettings);
  const lrlab_test::CliResult r = lrlab_test::run_cli("run '" + path + "' --sharpness");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;  // header, epochs 0, 3, 6
  EXPECT_EQ(lines[0],
            "epoch,step,sharpness,sharpness_preconditioned,sharpness_threshold,iterations");
  EXPECT_EQ(lines[1].rfind("0,0,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("3,3,", 0), 0u) << lines[2];
  EXPECT_EQ(lines[3].rfind("6,6,", 0), 0u) << lines[3];
  // sgd: no preconditioned value (empty cell), threshold 2 / 0.5 = 4.
  EXPECT_NE(lines[1].find(",,4,"), std::string::npos) << lines[1];
}

TEST(CliSharpness, TheFlagTurnsItOnWithTheDefaultCadence) {
  const std::string path =
      write_temp("off.json", R"({"problem": {"name": "moons", "samples": 120}, "batch_size": 1000,
                      "epochs": 50})");
  const lrlab_test::CliResult r = lrlab_test::run_cli("run '" + path + "' --sharpness");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(lines_of(r.out).size(), 4u) << r.out;  // header, epochs 0, 25, 50
}

TEST(CliSharpness, JsonHistoryHasTheSeries) {
  const std::string path = write_temp("json.json", kSettings);
  const lrlab_test::CliResult r = lrlab_test::run_cli("run '" + path + "' --json");
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  ASSERT_FALSE(doc.HasParseError());
  const auto& h = doc["history"];
  for (const char* name :
       {"sharpness_epoch", "sharpness_step", "sharpness", "sharpness_preconditioned",
        "sharpness_threshold", "sharpness_iterations"}) {
    ASSERT_TRUE(h.HasMember(name)) << name;
    EXPECT_EQ(h[name].Size(), 3u) << name;
  }
  EXPECT_TRUE(doc["settings"]["sharpness"]["enabled"].GetBool());
}

}  // namespace
