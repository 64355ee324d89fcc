// The CSV door (core/csv_table.h, core/tabular.h): every bad input the page or the CLI can hand it
// gets its own message naming the row and the column, and good files of every common shape read.
// Expected numbers are worked out by hand from the small tables written here.
#include "core/csv_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/datasets.h"
#include "core/error.h"
#include "core/tabular.h"

namespace {

using lrlab::CsvTable;
using lrlab::parse_csv;

// Rows "1,2,0" .. : n data rows of two features and a 0/1 class, after an optional header.
std::string table(int n, bool header = true) {
  std::string text = header ? "a,b,label\n" : "";
  for (int i = 0; i < n; ++i)
    text += std::to_string(i) + "," + std::to_string(2 * i) + "," + std::to_string(i % 2) + "\n";
  return text;
}

// The message of the Error that `body` throws ("" if it throws none).
template <typename Body>
std::string message_of(Body&& body) {
  try {
    body();
  } catch (const lrlab::Error& e) {
    return e.what();
  }
  return "";
}

std::string load(const std::string& text, int target = 0, const std::string& task = "auto") {
  return message_of([&] { lrlab::load_table("csv", text, target, task); });
}

// ---- good files ----

TEST(CsvDoor, ReadsAHeaderAndNumbers) {
  const CsvTable t = parse_csv(table(12));
  EXPECT_TRUE(t.has_header);
  ASSERT_EQ(t.column_count(), 3);
  EXPECT_EQ(t.row_count(), 12);
  EXPECT_EQ(t.columns[0].name, "a");
  EXPECT_EQ(t.columns[2].name, "label");
  EXPECT_EQ(t.columns[1].values[5], 10.0);
  EXPECT_EQ(t.rows.front(), 2);  // spreadsheet rows: the header is row 1
  EXPECT_TRUE(t.columns[0].numeric());
}

TEST(CsvDoor, ReadsAFileWithoutHeader) {
  const CsvTable t = parse_csv(table(12, false));
  EXPECT_FALSE(t.has_header);
  EXPECT_EQ(t.row_count(), 12);
  EXPECT_EQ(t.rows.front(), 1);
  EXPECT_EQ(t.columns[1].name, "column 2");
  EXPECT_EQ(lrlab::describe_column(t, 1), "column 2");
}

TEST(CsvDoor, SemicolonsTabsQuotesCrlfBomAndBlankLines) {
  std::string text = "\xEF\xBB\xBF\"first, name\";b;c\r\n";
  for (int i = 0; i < 10; ++i)
    text += std::to_string(i) + ";\"" + std::to_string(i) + ".5\";1\r\n\r\n";
  const CsvTable semi = parse_csv(text);
  EXPECT_EQ(semi.delimiter, ';');
  EXPECT_EQ(semi.columns[0].name, "first, name");
  EXPECT_EQ(semi.columns[1].values[3], 3.5);
  EXPECT_EQ(semi.row_count(), 10);
  EXPECT_EQ(semi.rows[1], 4);  // row 2 of data sits on line 4 (a blank line between)

  std::string tabs = "x\ty\n";
  for (int i = 0; i < 10; ++i) tabs += std::to_string(i) + "\t" + std::to_string(i % 3) + "\n";
  EXPECT_EQ(parse_csv(tabs).delimiter, '\t');
  EXPECT_EQ(parse_csv(tabs).column_count(), 2);
}

TEST(CsvDoor, TextLabelsBecomeSortedClasses) {
  std::string text = "w,h,kind\n";
  const char* kinds[] = {"dog", "cat", "bird"};
  for (int i = 0; i < 12; ++i) text += std::to_string(i) + ",1," + kinds[i % 3] + "\n";
  const CsvTable t = parse_csv(text);
  const lrlab::TableTarget target = lrlab::analyse_target(t, 0, "auto");
  EXPECT_EQ(target.task, lrlab::Task::MultiClass);
  ASSERT_EQ(target.classes, 3);
  EXPECT_EQ(target.class_names, (std::vector<std::string>{"bird", "cat", "dog"}));
  const lrlab::Dataset d = lrlab::table_dataset(t, target);
  // row 2 (data row 0) is "dog": class 2 of (bird, cat, dog).
  EXPECT_EQ(d.y(2, 0), 1.0);
  EXPECT_EQ(d.y.col(0).sum(), 1.0);
  EXPECT_EQ(d.y(1, 1), 1.0);  // "cat"
}

TEST(CsvDoor, TaskIsInferredAndCanBeOverridden) {
  // Integer targets with few values: classification; two values: binary.
  const CsvTable ints = parse_csv(table(12));
  EXPECT_EQ(lrlab::analyse_target(ints, 0, "auto").task, lrlab::Task::Binary);
  EXPECT_EQ(lrlab::analyse_target(ints, 0, "regression").task, lrlab::Task::Regression);
  // Column 2 holds 0, 2, ..., 22: twelve integers, at most 20 distinct: classification...
  EXPECT_EQ(lrlab::analyse_target(ints, 2, "auto").task, lrlab::Task::MultiClass);
  // ...and 25 distinct integers are a regression target.
  const CsvTable many = parse_csv(table(25));
  EXPECT_EQ(lrlab::analyse_target(many, 2, "auto").task, lrlab::Task::Regression);
  // Fractions: regression, unless told otherwise.
  std::string text = "x,y\n";
  for (int i = 0; i < 10; ++i) text += std::to_string(i) + "," + std::to_string(i) + ".25\n";
  const CsvTable fractions = parse_csv(text);
  EXPECT_EQ(lrlab::analyse_target(fractions, 0, "auto").task, lrlab::Task::Regression);
  EXPECT_EQ(lrlab::analyse_target(fractions, 0, "classification").classes, 10);
}

TEST(CsvDoor, TheOnlyTextColumnIsTheDefaultTarget) {
  std::string text = "kind,w,h\n";
  for (int i = 0; i < 12; ++i)
    text += std::string(i % 2 ? "oak" : "pine") + "," + std::to_string(i) + ",1\n";
  const CsvTable t = parse_csv(text);
  EXPECT_EQ(lrlab::default_target(t), 0);
  EXPECT_EQ(lrlab::analyse_target(t, 0, "auto").class_names,
            (std::vector<std::string>{"oak", "pine"}));
  // Without a text column (or with two), the last column; and a stray word among measurements
  // (one "eight" among twelve numbers: 12 distinct values is fine, so use 25 rows) is no label.
  EXPECT_EQ(lrlab::default_target(parse_csv(table(12))), 2);
  std::string stray = table(25);
  stray.replace(stray.find("4,8,0"), 5, "4,eight,0");
  EXPECT_EQ(lrlab::default_target(parse_csv(stray)), 2);
}

// ---- bad files: each its message ----

TEST(CsvDoor, RefusesAnEmptyFile) {
  EXPECT_EQ(load(""), "the file is empty: a CSV needs a header and data rows");
  EXPECT_EQ(load("\n\n"), "the file is empty: a CSV needs a header and data rows");
}

TEST(CsvDoor, RefusesAFileOverFiveMegabytes) {
  std::string text = table(20);
  text += std::string(lrlab::kMaxCsvBytes + 1 - text.size(), '\n');
  EXPECT_EQ(load(text),
            "the file is 5.0 MB (5242881 bytes): at most 5.0 MB (5242880 bytes) can be loaded");
}

TEST(CsvDoor, RefusesMoreThanFiftyThousandRows) {
  EXPECT_EQ(message_of([] { parse_csv(table(50000)); }), "");
  EXPECT_EQ(load(table(50001)),
            "the file has more than 50000 data rows (row 50002 is one too many): at most 50000 "
            "can be loaded");
}

TEST(CsvDoor, RefusesMoreThan256Columns) {
  std::string row;
  for (int j = 0; j < 257; ++j) row += (j ? "," : "") + std::to_string(j);
  std::string text;
  for (int i = 0; i < 12; ++i) text += row + "\n";
  EXPECT_EQ(load(text), "row 1 has 257 columns: at most 256 can be loaded (the target included)");
}

TEST(CsvDoor, RefusesASingleColumn) {
  std::string text = "value\n";
  for (int i = 0; i < 12; ++i) text += std::to_string(i) + "\n";
  EXPECT_EQ(load(text),
            "row 1 has 1 column: a CSV needs at least one feature and a target (are the cells "
            "separated by commas, semicolons or tabs?)");
}

TEST(CsvDoor, RefusesARaggedRow) {
  std::string text = table(12);
  text.insert(text.find("3,6,1\n"), "7,8\n");  // a short row at row 5
  EXPECT_EQ(load(text), "row 5 has 2 cells, but row 1 has 3: every row needs one cell per column");
}

TEST(CsvDoor, RefusesTooFewRows) {
  EXPECT_EQ(load(table(9)),
            "the file has 9 data rows: at least 10 are needed (some to train on, some to "
            "validate with)");
  EXPECT_EQ(load("a,b\n1,2\n"),
            "the file has 1 data row: at least 10 are needed (some to train on, some to "
            "validate with)");
}

TEST(CsvDoor, RefusesANonNumericFeatureNamingRowAndColumn) {
  std::string text = table(12);
  text.replace(text.find("4,8,0"), 5, "4,eight,0");  // data row 5 = spreadsheet row 6
  EXPECT_EQ(load(text, 3),
            "row 6, column 2 (\"b\"): \"eight\" is not a number: every column but the target must "
            "hold numbers (remove the column, or choose it as the target)");
}

TEST(CsvDoor, RefusesAMissingCellNamingRowAndColumn) {
  for (const char* missing : {"", "NA", "?", "nan"}) {
    std::string text = table(12);
    text.replace(text.find("\n7,14,1"), 7, std::string("\n") + missing + ",14,1");  // row 9
    EXPECT_EQ(load(text),
              "row 9, column 1 (\"a\"): the cell is empty or marks a missing value: every cell "
              "must hold a value (fill it in or remove the row)")
        << missing;
  }
  std::string target_missing = table(12);
  target_missing.replace(target_missing.find("2,4,0"), 5, "2,4,");  // row 4
  EXPECT_EQ(load(target_missing),
            "row 4, column 3 (\"label\"), the target: the cell is empty or marks a missing value: "
            "every cell must hold a value (fill it in or remove the row)");
}

TEST(CsvDoor, RefusesASingleClass) {
  std::string text = "a,b,label\n";
  for (int i = 0; i < 12; ++i) text += std::to_string(i) + ",1,yes\n";
  EXPECT_EQ(load(text),
            "column 3 (\"label\"), the target: every row holds the same class (\"yes\"): a "
            "classifier needs at least two classes");
}

TEST(CsvDoor, RefusesATextTargetForRegression) {
  std::string text = "a,b,label\n";
  for (int i = 0; i < 12; ++i) text += std::to_string(i) + ",1," + (i % 2 ? "yes" : "no") + "\n";
  EXPECT_EQ(load(text, 3, "regression"),
            "row 2, column 3 (\"label\"), the target: \"no\" is not a number: a regression target "
            "must be numeric (or set the task to classification)");
}

TEST(CsvDoor, RefusesTooManyClasses) {
  std::string text = "a,label\n";
  for (int i = 0; i < 70; ++i) text += std::to_string(i) + ",c" + std::to_string(i) + "\n";
  EXPECT_EQ(load(text),
            "column 2 (\"label\"), the target: 70 different values: classification takes at "
            "most 64 classes (is this a regression target?)");
}

TEST(CsvDoor, RefusesATargetOutsideTheTableAndAnUnknownTask) {
  EXPECT_EQ(load(table(12), 4),
            "problem.target: 4 is not allowed (the CSV has 3 columns: must be 0 (automatic: the "
            "only column holding text, else the last) or a column number 1 to 3)");
  EXPECT_EQ(load(table(12), 0, "clustering"),
            "problem.task: \"clustering\" is not allowed (must be one of: auto, classification, "
            "regression)");
}

TEST(CsvDoor, RefusesAnUnclosedQuote) {
  std::string text = table(12) + "1,\"2,0\n";
  EXPECT_EQ(load(text), "row 14: a quoted cell is not closed (a \" without its partner)");
}

TEST(CsvDoor, ALoadedTableIsItsFileAndNameOnly) {
  const lrlab::LoadedTable loaded = lrlab::load_table("csv", table(12));
  EXPECT_EQ(loaded.table->name, "csv");
  EXPECT_EQ(loaded.table->csv.row_count(), 12);
  EXPECT_EQ(loaded.summary.rows, 12);
  EXPECT_NE(load(table(3)), "");
  EXPECT_EQ(loaded.table->csv.row_count(), 12);
}

// ---- European numbers, files that are not text, advice that fits the cause ----

// n rows "<i>,5;<i>,25;<class>" of a semicolon file written with decimal commas.
std::string european(int n, char separator = ';', bool header = true) {
  const std::string sep(1, separator);
  std::string text = header ? "L\xC3\xA4nge" + sep + "Breite" + sep + "Art\n" : "";
  for (int i = 0; i < n; ++i)
    text += std::to_string(i) + ",5" + sep + std::to_string(i) + ",25" + sep +
            (i % 2 ? "gross" : "klein") + "\n";
  return text;
}

TEST(CsvDoor, DecimalCommasInASemicolonOrTabFileAreNumbers) {
  for (const char separator : {';', '\t'}) {
    const CsvTable t = parse_csv(european(12, separator));
    EXPECT_EQ(t.delimiter, separator);
    ASSERT_EQ(t.column_count(), 3);
    EXPECT_TRUE(t.has_header);
    EXPECT_TRUE(t.columns[0].numeric());
    EXPECT_EQ(t.columns[0].values[3], 3.5);
    EXPECT_EQ(t.columns[1].values[7], 7.25);
    EXPECT_EQ(t.decimal_comma_example, "0,5");  // the first cell read so
    const lrlab::DatasetSummary summary = lrlab::load_table("csv", european(12, separator)).summary;
    EXPECT_EQ(summary.target.column, 2);
    EXPECT_EQ(summary.format, std::string("Cells separated by ") +
                                  (separator == ';' ? "semicolons" : "tabs") +
                                  "; decimal commas read as decimal points (\"0,5\" as 0.5).");
    const std::string json = lrlab::dataset_summary_json(summary);
    EXPECT_NE(json.find("\"decimal_comma\":true"), std::string::npos) << json;
    EXPECT_NE(json.find("\"format\":\"Cells separated by "), std::string::npos) << json;
  }
  // A comma file says nothing about its format: it is the usual one.
  EXPECT_EQ(lrlab::load_table("csv", table(12)).summary.format, "");
  EXPECT_FALSE(parse_csv(table(12)).decimal_comma_example.size());
  // A semicolon file with decimal points is said to be separated by semicolons, no more.
  std::string points = "a;b;c\n";
  for (int i = 0; i < 12; ++i) points += std::to_string(i) + ".5;1;" + std::to_string(i % 2) + "\n";
  EXPECT_EQ(lrlab::load_table("csv", points).summary.format, "Cells separated by semicolons.");
}

TEST(CsvDoor, AHeaderlessSemicolonFileWithDecimalCommasIsFoundSemicolonSeparated) {
  // The first line holds commas before its first semicolon, but the commas are decimal commas:
  // only the semicolons split every line into the same number of cells.
  std::string text;
  for (int i = 0; i < 12; ++i)
    text += std::to_string(i) + ",5;" + std::to_string(i % 3) + ";" + std::to_string(i % 2) + "\n";
  text.replace(text.find("4,5;1;0"), 7, "4;1;0");  // a whole number: one comma fewer on that line
  const CsvTable t = parse_csv(text);
  EXPECT_EQ(t.delimiter, ';');
  EXPECT_FALSE(t.has_header);
  ASSERT_EQ(t.column_count(), 3);
  EXPECT_EQ(t.columns[0].values[0], 0.5);
  EXPECT_EQ(t.columns[0].values[4], 4.0);
}

TEST(CsvDoor, ACommaFileStillSplitsOnCommas) {
  // Decimal points and one semicolon inside a quoted header cell: commas it is.
  std::string text = "\"size; cm\",b,label\n";
  for (int i = 0; i < 12; ++i) text += std::to_string(i) + ".5,2," + std::to_string(i % 2) + "\n";
  const CsvTable t = parse_csv(text);
  EXPECT_EQ(t.delimiter, ',');
  EXPECT_EQ(t.columns[0].values[1], 1.5);
}

TEST(CsvDoor, ADecimalCommaInACommaFileGetsAdviceForDecimalCommas) {
  std::string text = table(12);
  text.replace(text.find("4,8,0"), 5, "4,\"8,5\",0");  // row 6
  EXPECT_EQ(load(text, 3),
            "row 6, column 2 (\"b\"): \"8,5\" is not a number: decimal commas are read only in "
            "files whose cells are separated by semicolons or tabs (write 8.5, or separate the "
            "cells with semicolons)");
}

TEST(CsvDoor, ThousandsSeparatorsAndUnitsGetAdviceForThem) {
  std::string grouped = european(12);
  grouped.replace(grouped.find("\n5,5;"), 5, "\n1.234,5;");  // row 7
  EXPECT_EQ(load(grouped),
            "row 7, column 1 (\"L\xC3\xA4nge\"): \"1.234,5\" is not a number: write it without "
            "thousands separators (1234,5)");
  std::string units = table(12);
  units.replace(units.find("4,8,0"), 5, "4,8 kg,0");
  EXPECT_EQ(load(units, 3),
            "row 6, column 2 (\"b\"): \"8 kg\" is not a number: write the number alone, without "
            "a unit, % or currency sign");
  std::string percent = table(12);
  percent.replace(percent.find("4,8,0"), 5, "4,8%,0");
  EXPECT_NE(load(percent, 3).find("\"8%\" is not a number: write the number alone"),
            std::string::npos);
  // A word keeps the advice for a column of words.
  std::string word = european(12);
  word.replace(word.find("\n5,5;"), 5, "\nfive;");
  EXPECT_EQ(load(word),
            "row 7, column 1 (\"L\xC3\xA4nge\"): \"five\" is not a number: every column but the "
            "target must hold numbers (remove the column, or choose it as the target)");
}

TEST(CsvDoor, AFileThatIsNotTextIsCalledSo) {
  // The first bytes of a PNG image: a signature with a control character and zero bytes.
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0", 20);
  EXPECT_EQ(load(png),
            "this file is not text: row 2 holds a control character (byte 0x1A), as images, "
            ".xlsx spreadsheets and other binary files do: save the table as CSV text");
  // The same bytes as a browser reads them (an invalid UTF-8 byte becomes U+FFFD).
  EXPECT_EQ(load("\xEF\xBF\xBDPNG\r\n" + png.substr(6)).rfind("this file is not text: row 2", 0),
            0u);
  // A zero byte in an otherwise good table.
  std::string zero = table(12);
  zero[zero.find("5,10")] = '\0';
  EXPECT_EQ(load(zero),
            "this file is not text: row 7 holds a zero byte, as images, .xlsx spreadsheets and "
            "other binary files do: save the table as CSV text");
  // Bytes that are not UTF-8 (here Latin-1's u-umlaut), read natively or by a browser.
  for (const std::string bad : {std::string("\xFC"), std::string("\xEF\xBF\xBD")}) {
    std::string latin = table(12);
    latin.replace(0, 1, "L" + bad + "nge");
    EXPECT_EQ(load(latin),
              "this file is not text: row 1 holds bytes that are not UTF-8 text: if it is a "
              "table in another encoding, save it as CSV UTF-8");
  }
  // Truncated and overlong UTF-8 sequences are not text either; good multi-byte ones are.
  EXPECT_NE(load("a\xC3,b\n" + table(12, false)).find("not UTF-8"), std::string::npos);
  EXPECT_NE(load("a\xC0\xAF,b\n" + table(12, false)).find("not UTF-8"), std::string::npos);
  EXPECT_EQ(load("\xE2\x82\xAC,\xF0\x9F\x8C\xB3,c\n" + table(12, false)), "");
}

// ---- standardization: the training part's statistics only ----

TEST(Standardize, UsesTheTrainingPartOnly) {
  Eigen::MatrixXd train(2, 4), val(2, 1);
  train << 1, 2, 3, 4,  //
      5, 5, 5, 5;       // a constant feature
  val << 5, 7;
  const lrlab::Standardizer s = lrlab::Standardizer::fit(train);
  // mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
  EXPECT_DOUBLE_EQ(s.mean(0), 2.5);
  EXPECT_DOUBLE_EQ(s.scale(0), std::sqrt(1.25));
  EXPECT_EQ(s.scale(1), 1.0);  // constant: scale 1, so it becomes 0 rather than NaN
  s.apply(val);
  EXPECT_DOUBLE_EQ(val(0, 0), 2.5 / std::sqrt(1.25));
  EXPECT_EQ(val(1, 0), 2.0);  // 7 - 5, over scale 1
}

TEST(Standardize, ARealProblemIsStandardizedFromItsTrainingSplit) {
  // 20 rows: feature a = 0..19, b = 100 - 3a; regression target y = a + 0.5.
  std::string text = "a,b,y\n";
  for (int i = 0; i < 20; ++i)
    text +=
        std::to_string(i) + "," + std::to_string(100 - 3 * i) + "," + std::to_string(i) + ".5\n";
  const lrlab::TableRef table = lrlab::load_table("csv", text).table;
  lrlab::ProblemConfig config;
  config.name = "csv";
  config.val_fraction = 0.25;
  const lrlab::Problem p = lrlab::make_problem(config, 7, table);
  ASSERT_EQ(p.train.size(), 15);
  ASSERT_EQ(p.val.size(), 5);
  EXPECT_EQ(p.train.task, lrlab::Task::Regression);
  for (int r = 0; r < 2; ++r) {
    EXPECT_NEAR(p.train.x.row(r).mean(), 0.0, 1e-12);
    EXPECT_NEAR(p.train.x.row(r).squaredNorm() / 15, 1.0, 1e-12);
  }
  EXPECT_NEAR(p.train.y.row(0).mean(), 0.0, 1e-12);
  // The validation rows follow the training statistics: since y = a + 0.5 exactly, the
  // standardized y equals the standardized a for every row, validation included, and the sum
  // over all 20 rows of the raw a is 190, so the validation part's raw a sum is 190 - the
  // training part's: the statistics are not the validation part's own.
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(p.val.y(0, i), p.val.x(0, i), 1e-12);
  EXPECT_GT(std::abs(p.val.x.row(0).mean()), 1e-6);
}

}  // namespace
