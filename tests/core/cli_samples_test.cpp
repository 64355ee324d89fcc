// `lrlab data`: any problem's training and validation samples as a CSV a Python listing can read
// (a header; the features x0.., the target y, the split), the same samples `lrlab run` trains on,
// and `lrlab data --help` prints help, not data.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/cli_runner.h"

namespace {

using lrlab_test::CliResult;
using lrlab_test::run_cli;

const std::string kSettings = std::string(LRLAB_SOURCE_DIR) + "/tests/data/settings/";
const std::string kReal = std::string(LRLAB_SOURCE_DIR) + "/tests/data/real-settings/";

std::vector<std::string> split_on(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

// The CSV as a table: header cells, then rows of cells.
struct Samples {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t count(const std::string& split) const {
    std::size_t n = 0;
    for (const auto& row : rows) n += row.back() == split;
    return n;
  }
  double number(std::size_t row, std::size_t column) const {
    const std::string& cell = rows[row][column];
    char* end = nullptr;
    const double value = std::strtod(cell.c_str(), &end);
    EXPECT_TRUE(!cell.empty() && *end == '\0') << "not a number: " << cell;
    return value;
  }
};

Samples parse(const std::string& csv) {
  Samples s;
  const std::vector<std::string> lines = split_on(csv, '\n');
  if (lines.empty()) return s;
  s.header = split_on(lines[0], ',');
  for (std::size_t i = 1; i < lines.size(); ++i) {
    s.rows.push_back(split_on(lines[i], ','));
    EXPECT_EQ(s.rows.back().size(), s.header.size()) << lines[i];
  }
  return s;
}

std::vector<std::string> expected_header(int features) {
  std::vector<std::string> header;
  for (int f = 0; f < features; ++f) header.push_back("x" + std::to_string(f));
  header.push_back("y");
  header.push_back("split");
  return header;
}

TEST(CliSamples, HelpPrintsHelpNotData) {
  for (const char* flag : {"--help", "-h"}) {
    const CliResult r = run_cli(std::string("data ") + flag);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("usage:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--split"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("x0,x1,y"), std::string::npos) << "printed data:\n"
                                                        << r.out.substr(0, 200);
  }
}

TEST(CliSamples, ASettingsFileGivesBothSplitsTrainingFirst) {
  // spiral-sgd.json: 400 samples, val_fraction 0.2: 80 for validation, 320 for training.
  const CliResult r = run_cli("data '" + kSettings + "spiral-sgd.json'");
  ASSERT_EQ(r.status, 0) << r.err;
  const Samples s = parse(r.out);
  EXPECT_EQ(s.header, expected_header(2));
  ASSERT_EQ(s.rows.size(), 400u);
  EXPECT_EQ(s.count("train"), 320u);
  EXPECT_EQ(s.count("validation"), 80u);
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    EXPECT_EQ(s.rows[i].back(), i < 320 ? "train" : "validation") << i;
    const double y = s.number(i, 2);
    EXPECT_TRUE(y == 0 || y == 1) << y;
  }
}

TEST(CliSamples, SplitPicksOnePartAndTheParts) {
  const std::string settings = "'" + kSettings + "spiral-sgd.json'";
  const std::string all = run_cli("data " + settings).out;
  const CliResult train = run_cli("data " + settings + " --split train");
  const CliResult validation = run_cli("data " + settings + " --split validation");
  ASSERT_EQ(train.status, 0) << train.err;
  ASSERT_EQ(validation.status, 0) << validation.err;
  const std::string header = "x0,x1,y,split\n";
  ASSERT_EQ(train.out.rfind(header, 0), 0u);
  ASSERT_EQ(validation.out.rfind(header, 0), 0u);
  EXPECT_EQ(train.out + validation.out.substr(header.size()), all);
  EXPECT_EQ(parse(train.out).count("validation"), 0u);
  EXPECT_EQ(parse(validation.out).count("train"), 0u);

  const CliResult bad = run_cli("data " + settings + " --split test");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--split: test is not allowed (must be train, validation or all)"),
            std::string::npos)
      << bad.err;
}

TEST(CliSamples, TheOlderSeedFormIsTheDefaultProblemWithThatSeed) {
  const CliResult older = run_cli("data 7 --split train");
  const CliResult seeded = run_cli("data --seed 7 --split train");
  ASSERT_EQ(older.status, 0) << older.err;
  EXPECT_EQ(older.out, seeded.out);
  EXPECT_NE(older.out, run_cli("data --seed 8 --split train").out);
  // The default problem: 512 spiral samples, 20% for validation (102), 410 to train on.
  EXPECT_EQ(parse(older.out).rows.size(), 410u);
}

// A table's training features are standardized with the training part's own statistics: each
// column's mean is 0 and its population standard deviation 1 (computed here from the printed
// numbers). The validation part, unseen by those statistics, is not exactly so.
void expect_standardized(const Samples& s, std::size_t column) {
  double sum = 0, squares = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.rows.size(); ++i)
    if (s.rows[i].back() == "train") sum += s.number(i, column), ++n;
  const double mean = sum / static_cast<double>(n);
  for (std::size_t i = 0; i < s.rows.size(); ++i)
    if (s.rows[i].back() == "train") squares += std::pow(s.number(i, column) - mean, 2);
  EXPECT_NEAR(mean, 0, 1e-12) << "column " << column;
  EXPECT_NEAR(std::sqrt(squares / static_cast<double>(n)), 1, 1e-12) << "column " << column;
}

TEST(CliSamples, AnyProblemByName) {
  // Iris: 150 rows, 4 features, three classes written as their index.
  const CliResult iris = run_cli("data --problem iris");
  ASSERT_EQ(iris.status, 0) << iris.err;
  const Samples s = parse(iris.out);
  EXPECT_EQ(s.header, expected_header(4));
  ASSERT_EQ(s.rows.size(), 150u);
  EXPECT_EQ(s.count("validation"), 30u);
  std::set<double> classes;
  for (std::size_t i = 0; i < s.rows.size(); ++i) classes.insert(s.number(i, 4));
  EXPECT_EQ(classes, (std::set<double>{0, 1, 2}));
  for (std::size_t f = 0; f < 4; ++f) expect_standardized(s, f);

  // Diabetes: regression; its target is standardized from the training part too.
  const Samples diabetes = parse(run_cli("data --problem diabetes").out);
  EXPECT_EQ(diabetes.header, expected_header(10));
  EXPECT_EQ(diabetes.rows.size(), 442u);
  expect_standardized(diabetes, 10);

  // Every generated problem.
  for (const char* name : {"moons", "circles", "xor", "blobs", "sine", "linear"}) {
    const CliResult r = run_cli(std::string("data --problem ") + name + " --seed 3");
    ASSERT_EQ(r.status, 0) << name << ": " << r.err;
    EXPECT_EQ(parse(r.out).rows.size(), 512u) << name;
  }

  const CliResult unknown = run_cli("data --problem nope");
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("problem.name"), std::string::npos) << unknown.err;
}

TEST(CliSamples, TheUsersCsvWithItsSettings) {
  // trees.csv: 60 data rows; the target is column 1 ("kind", three kinds of tree), the other
  // three columns are the features.
  const CliResult r = run_cli("data '" + kReal + "csv-target-first.json' --data '" + kReal +
                              "trees.csv' --split all");
  ASSERT_EQ(r.status, 0) << r.err;
  const Samples s = parse(r.out);
  EXPECT_EQ(s.header, expected_header(3));
  EXPECT_EQ(s.rows.size(), 60u);
  EXPECT_EQ(s.count("validation"), 12u);
  for (std::size_t f = 0; f < 3; ++f) expect_standardized(s, f);

  const CliResult missing = run_cli("data '" + kReal + "csv-target-first.json'");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("not stored in settings or links"), std::string::npos) << missing.err;
}

}  // namespace
