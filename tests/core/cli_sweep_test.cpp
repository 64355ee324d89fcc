// `lrlab sweep`: the page's sweep from the command line, one row per rate with its validation
// loss and accuracy, and the core's recommendation. The check of lesson 9 (digits, 20 epochs):
// ranked by training loss, the best steadily converging rate is 4.96; by validation loss it is
// 1.49, and 4.96 does more than twice as badly there. The expected rate is found here from the
// printed per-rate numbers.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/cli_runner.h"

namespace {

using lrlab_test::CliResult;
using lrlab_test::run_cli;

struct Row {
  double rate, train, val, accuracy;
  std::string verdict;
  bool recommended, about_as_well;
};

double number(const std::string& cell) {
  return cell.empty() ? NAN : std::strtod(cell.c_str(), nullptr);
}

std::vector<Row> parse_rows(const std::string& csv) {
  std::vector<Row> rows;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line,
            "rate,verdict,final_train_loss,final_val_loss,final_val_accuracy,diverged_epoch,"
            "recommended,about_as_well");
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream cells_in(line);
    for (std::string cell; std::getline(cells_in, cell, ',');) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.push_back("");
    EXPECT_EQ(cells.size(), 8u) << line;
    if (cells.size() != 8u) continue;
    rows.push_back({number(cells[0]), number(cells[2]), number(cells[3]), number(cells[4]),
                    cells[1], cells[6] == "1", cells[7] == "1"});
  }
  return rows;
}

// Lesson 9's settings, written to a file of their own.
std::string lesson_settings(const std::string& lesson) {
  std::ifstream in(std::string(LRLAB_SOURCE_DIR) + "/lessons/" + lesson, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  EXPECT_TRUE(doc.IsObject() && doc.HasMember("settings"));
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc["settings"].Accept(writer);
  const std::string path = lrlab_test::temp_path("lrlab_cli_sweep_", "lesson.json");
  std::ofstream(path, std::ios::binary) << buffer.GetString();
  return path;
}

std::size_t nearest(const std::vector<Row>& rows, double rate) {
  std::size_t best = 0;
  for (std::size_t j = 1; j < rows.size(); ++j)
    if (std::fabs(std::log(rows[j].rate / rate)) < std::fabs(std::log(rows[best].rate / rate)))
      best = j;
  return best;
}

TEST(CliSweep, LessonNineRecommendsByValidationLoss) {
  const std::string settings = lesson_settings("09-rate-moves-with-data.json");
  const CliResult r = run_cli("sweep '" + settings + "'");
  std::remove(settings.c_str());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<Row> rows = parse_rows(r.out);
  ASSERT_EQ(rows.size(), 24u);  // the page's sweep on a real table: 24 rates, 20 epochs

  // The recommendation, worked out from the rows: the lowest validation loss among rates that
  // neither diverge nor overshoot.
  std::size_t want = rows.size();
  for (std::size_t j = 0; j < rows.size(); ++j) {
    if (rows[j].verdict == "overshooting" || rows[j].verdict == "diverged") continue;
    if (want == rows.size() || rows[j].val < rows[want].val) want = j;
  }
  ASSERT_LT(want, rows.size());
  for (std::size_t j = 0; j < rows.size(); ++j) EXPECT_EQ(rows[j].recommended, j == want) << j;
  EXPECT_NEAR(rows[want].rate, 1.49, 0.01);

  // The example: 4.96 converges steadily to a lower training loss than 1.49 (so the
  // training-loss ranking picked it), but its validation loss is more than twice as high and
  // its validation accuracy lower; the next rate, about 9, overshoots.
  const Row& high = rows[nearest(rows, 4.96)];
  EXPECT_NEAR(high.rate, 4.96, 0.01);
  EXPECT_EQ(high.verdict, "converging");
  EXPECT_LT(high.train, rows[want].train);
  EXPECT_GT(high.val, 2 * rows[want].val);
  EXPECT_LT(high.accuracy, rows[want].accuracy);
  EXPECT_FALSE(high.about_as_well);
  EXPECT_EQ(rows[nearest(rows, 9.05)].verdict, "overshooting");

  // The band: unbroken around the recommended rate, each within 20% of its validation loss, and
  // the rates just outside it not.
  std::size_t low = want, top = want;
  while (low > 0 && rows[low - 1].about_as_well) --low;
  while (top + 1 < rows.size() && rows[top + 1].about_as_well) ++top;
  for (std::size_t j = 0; j < rows.size(); ++j) {
    EXPECT_EQ(rows[j].about_as_well, j >= low && j <= top) << j;
    if (rows[j].about_as_well) EXPECT_LE(rows[j].val, 1.2 * rows[want].val) << j;
  }
  if (low > 0) EXPECT_GT(rows[low - 1].val, 1.2 * rows[want].val);
  if (top + 1 < rows.size()) EXPECT_GT(rows[top + 1].val, 1.2 * rows[want].val);
  EXPECT_LT(low, want);  // neighbours do about as well: the band is more than one grid point
  EXPECT_GT(top, want);

  EXPECT_NE(r.err.find("lrlab: recommended rate 1.49: the lowest validation loss after 20 epochs"),
            std::string::npos)
      << r.err;
}

TEST(CliSweep, HelpFlagsAndErrors) {
  const CliResult help = run_cli("sweep --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("usage:"), std::string::npos);
  const std::string settings =
      std::string(LRLAB_SOURCE_DIR) + "/tests/data/settings/spiral-sgd.json";
  const CliResult small =
      run_cli("sweep '" + settings + "' --low 0.01 --high 1 --count 3 --epochs 4");
  ASSERT_EQ(small.status, 0) << small.err;
  const std::vector<Row> rows = parse_rows(small.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].rate, 0.01);
  EXPECT_EQ(rows[2].rate, 1);
  const CliResult bad = run_cli("sweep '" + settings + "' --low 0");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("sweep.low: 0"), std::string::npos) << bad.err;
  EXPECT_EQ(run_cli("sweep '" + settings + "' --count x").status, 2);
  EXPECT_EQ(run_cli("sweep").status, 2);
}

}  // namespace
