// What fuzzing the doors (tests/fuzz/csv_fuzz.cpp, export_fuzz.cpp, link_fuzz.cpp) found, each as
// the smallest input that showed it. Expected classes are read off the tables written here: a class
// is a value, and the same value is the same class wherever its row is.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/export_settings.h"
#include "core/csv_table.h"
#include "core/datasets.h"
#include "core/error.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

// n rows "i,<label(i)>" after the header "x,label".
template <typename Label>
std::string two_columns(int n, Label label) {
  std::string text = "x,label\n";
  for (int i = 0; i < n; ++i) text += std::to_string(i) + "," + label(i) + "\n";
  return text;
}

std::vector<std::string> classes_of(const std::string& text, const std::string& task) {
  return lrlab::load_table("csv", text, 2, task).summary.target.class_names;
}

// "-0" is the number 0: a target holding 0 and -0 has one class for both. Before, the two were one
// class by value but looked up by their text ("0" or "-0"), and the lookup of the other threw
// std::out_of_range through the door, which the page and the CLI cannot report.
TEST(FuzzFindings, MinusZeroIsTheClassOfZero) {
  const std::string text = two_columns(12, [](int i) {
    return i % 3 == 0 ? std::string("0") : i % 3 == 1 ? std::string("-0") : std::string("1");
  });
  EXPECT_EQ(classes_of(text, "classification"), (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(classes_of(text, "auto"), (std::vector<std::string>{"0", "1"}));
}

// A number in a column of text labels is one class however it is written and wherever its row
// is: "1.0" above the first word and "1.0" below it are the class "1". Before, a number above the
// first word was kept in its shortest form and one below as written, so they became two classes.
TEST(FuzzFindings, ANumberInATextTargetIsOneClassAboveAndBelowTheFirstWord) {
  const std::string text = two_columns(12, [](int i) {
    return i == 5 ? std::string("yes") : i % 2 == 0 ? std::string("1.0") : std::string("+1");
  });
  EXPECT_EQ(classes_of(text, "auto"), (std::vector<std::string>{"1", "yes"}));
}

// A decimal number too large for a double ("1e400") is not a number the door can read. In a
// comma-separated file its advice took it for a decimal comma and wrote '.' at the position of
// its comma, which it has none of (one byte before the text: memory corruption); now it is told
// it is too large, in a file of any delimiter.
TEST(FuzzFindings, ANumberTooLargeForADoubleIsCalledTooLarge) {
  const std::string advice = "it is too large: numbers must be smaller than about 1.8e308 in size";
  for (const char delimiter : {',', ';', '\t'}) {
    EXPECT_EQ(lrlab::number_format_advice("1e400", delimiter), advice) << delimiter;
    EXPECT_EQ(lrlab::number_format_advice("-2E+999", delimiter), advice) << delimiter;
  }
  EXPECT_EQ(lrlab::number_format_advice("1,5e400", ';'), advice);
  const std::string text = two_columns(12, [](int i) { return i == 4 ? "1e400" : "0.5"; });
  std::string message;
  try {
    lrlab::load_table("csv", text, 2, "regression");
  } catch (const lrlab::Error& error) {
    message = error.what();
  }
  EXPECT_EQ(message,
            "row 6, column 2 (\"label\"), the target: \"1e400\" is not a number: " + advice);
}

// Settings naming a target whose other columns are not all numbers are refused by parse_settings,
// the one validation (core/settings.h), with the cell's row and column. Before, parse_settings
// checked only the target column, so the settings were accepted and building their Trainer threw:
// the page validates a link's settings, then creates its runs, and only validation says which
// field to drop.
TEST(FuzzFindings, SettingsWhoseFeaturesAreNotNumbersAreRefusedByParseSettings) {
  // Column 1 is a word in every row; column 3 the integer target.
  std::string text = "kind,w,n\n";
  for (int i = 0; i < 12; ++i)
    text += std::string(i % 2 ? "oak" : "elm") + ",0.5," + std::to_string(i % 3) + "\n";
  const lrlab::TableRef table = lrlab::read_table("csv", text);
  const std::string json = R"({"problem":{"name":"csv","target":3,"task":"classification"}})";
  std::string message;
  try {
    lrlab::parse_settings(json, table);
  } catch (const lrlab::Error& error) {
    message = error.what();
  }
  EXPECT_EQ(message.rfind("row 2, column 1 (\"kind\"): \"elm\" is not a number", 0), 0u) << message;
  // The automatic target (the column of words) is a classification the table serves.
  const lrlab::Settings settings =
      lrlab::parse_settings(R"({"problem":{"name":"csv","target":0}})", table);
  EXPECT_NO_THROW(lrlab::Trainer(settings, table).epoch());
}

// A column of numbers near the largest double is standardized like any other: the training part
// gets mean 0 and population standard deviation 1, and the validation part stays finite. Before,
// the sum of the column overflowed to infinity and every sample became NaN or infinite, which a
// run then trains on.
TEST(FuzzFindings, NumbersNearTheLargestDoubleAreStandardized) {
  // a = (i - 9.5) * 1.5e307 for i = 0..19 (|a| up to 1.4e308), a regression target b = -a.
  std::string text = "a,b\n";
  for (int i = 0; i < 20; ++i) {
    const std::string a = std::to_string((2 * i - 19) * 75) + "e305";  // (2i - 19) * 7.5e306
    text += a + "," + (a[0] == '-' ? a.substr(1) : "-" + a) + "\n";
  }
  const lrlab::TableRef table = lrlab::load_table("csv", text, 2, "regression").table;
  lrlab::ProblemConfig config;
  config.name = "csv";
  config.target = 2;
  config.task = "regression";
  config.val_fraction = 0.25;
  const lrlab::Problem p = lrlab::make_problem(config, 3, table);
  ASSERT_EQ(p.train.size(), 15);
  EXPECT_TRUE(p.train.x.allFinite() && p.train.y.allFinite());
  EXPECT_TRUE(p.val.x.allFinite() && p.val.y.allFinite());
  EXPECT_NEAR(p.train.x.row(0).mean(), 0.0, 1e-12);
  EXPECT_NEAR(p.train.x.row(0).squaredNorm() / 15, 1.0, 1e-12);
  EXPECT_NEAR(p.train.y.row(0).mean(), 0.0, 1e-12);
  EXPECT_NEAR(p.train.y.row(0).squaredNorm() / 15, 1.0, 1e-12);
  // b = -a exactly, so standardized b = -(standardized a) in every row, validation included.
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(p.val.y(0, i), -p.val.x(0, i), 1e-12);
}

// A settings line of an exported CSV gives its JSON without what ends the line: a file whose line
// ends were converted to CRLF twice ("\r\r\n") gives the same settings text as the page wrote.
// Before, one carriage return stayed on the text, so the run read back from a file written again
// from it was another text.
TEST(FuzzFindings, AnExportedSettingsLineEndsWithoutCarriageReturns) {
  const std::string json = R"({"seed":2,"epochs":3})";
  for (const std::string end : {"\n", "\r\n", "\r\r\n", " \t\r\n"})
    EXPECT_EQ(lrlab::settings_from_export(
                  "# lrlab runs\n# settings run 4: " + json + end + "run,epoch\n", 4, "runs.csv"),
              json);
}

// A settings number written with digits far below the smallest double made RapidJSON read outside
// its table of powers of ten (a crash under AddressSanitizer and natively: found by the export
// target in settings lines, 0.7777777777777777777e-330 and a zero with 351 decimals). Such a
// number is refused with where it is; every double's shortest form still reads.
TEST(FuzzFindings, ANumberWrittenFarBelowTheSmallestDoubleIsRefusedBeforeParsing) {
  const std::string zeros(351, '0');
  for (const std::string number :
       {std::string("0.7777777777777777777e-330"), std::string("-0.7777777777777777777e-330"),
        std::string("7121220722e-400"), "0." + zeros, "0." + zeros + "7121220722"}) {
    std::string message;
    try {
      lrlab::parse_settings(R"({"plateau":{"min_delta":)" + number + "}}");
    } catch (const lrlab::Error& error) {
      message = error.what();
    }
    EXPECT_EQ(message,
              "settings: the number at offset 24 is written with digits below 1e-340: write it "
              "with fewer (no double holds anything below 5e-324)")
        << number;
  }
  for (const std::string number :
       {"0", "1e-320", "2.2250738585072014e-308", "4.9406564584124654e-324",
        "1.000000000000000000000e-300", "1e-7", "12e3"}) {
    std::string message;
    try {
      lrlab::parse_settings(R"({"plateau":{"min_delta":)" + number + "}}");
    } catch (const lrlab::Error& error) {
      message = error.what();
    }
    EXPECT_EQ(message.find("written with digits"), std::string::npos) << number << ": " << message;
  }
}

}  // namespace
