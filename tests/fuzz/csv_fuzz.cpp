// libFuzzer target for the CSV door through to a problem: a student's file (the page's "Your
// CSV" picker, `lrlab run --data FILE.csv`) goes through parse_csv, the choice of target and task
// (analyse_target), the samples (table_dataset) and the split with its standardisation
// (make_table_problem), for the automatic target, the first and the last column and one past
// it, each with every task. Properties beyond "no crash, no sanitizer report":
//  - only lrlab::Error escapes (libFuzzer reports any other exception);
//  - every refusal says where the fault is (fuzz_properties.h: a cell's row and column, a
//    row, a column, or the settings field);
//  - a table accepted once is accepted again with the same shape: written back as CSV (every
//    cell quoted, numbers in their shortest form) and read again, it has the same header, rows,
//    columns, numbers, texts and missing cells, and the same targets, tasks and classes;
//  - a class is a value, wherever its row is: the rows written back last first give the same
//    choices accepted and the same classes (when the first rows still make the same header);
//  - an accepted problem's samples are finite after standardisation, of the table's shape.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/csv_table.h"
#include "core/datasets.h"
#include "core/error.h"
#include "core/problems.h"
#include "core/tabular.h"
#include "tests/fuzz/fuzz_properties.h"

namespace csv_fuzz {

std::string quoted(const std::string& cell) {
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The table as CSV text again, with its own delimiter: the header (when it has one), then each
// cell as its text, or its number's shortest form, or "" where it is missing; the rows in their
// order, or last first.
std::string write_csv(const lrlab::CsvTable& table, bool reversed = false) {
  std::string out;
  const auto end_line = [&] { out += '\n'; };
  if (table.has_header) {
    for (int j = 0; j < table.column_count(); ++j) {
      if (j > 0) out += table.delimiter;
      out += quoted(table.columns[static_cast<std::size_t>(j)].name);
    }
    end_line();
  }
  for (int i = 0; i < table.row_count(); ++i) {
    for (int j = 0; j < table.column_count(); ++j) {
      const lrlab::CsvColumn& column = table.columns[static_cast<std::size_t>(j)];
      const std::size_t k = static_cast<std::size_t>(reversed ? table.row_count() - 1 - i : i);
      if (j > 0) out += table.delimiter;
      if (!column.texts.empty())
        out += quoted(column.texts[k]);
      else if (!std::isnan(column.values[k]))
        out += quoted(lrlab::format_number(column.values[k]));
      else
        out += quoted("");
    }
    end_line();
  }
  return out;
}

bool same_number(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0;
}

// A spreadsheet row as its index among the data rows (-1: none), so that two files whose blank
// lines or quoted line breaks differ can be compared.
int data_index(const lrlab::CsvTable& table, int spreadsheet_row) {
  for (int i = 0; i < table.row_count(); ++i)
    if (table.rows[static_cast<std::size_t>(i)] == spreadsheet_row) return i;
  return -1;
}

void require_same_shape(const lrlab::CsvTable& a, const lrlab::CsvTable& b) {
  lrlab_fuzz::require(a.has_header == b.has_header, "same header");
  lrlab_fuzz::require(a.delimiter == b.delimiter, "same delimiter");
  lrlab_fuzz::require(a.row_count() == b.row_count() && a.column_count() == b.column_count(),
                      "same size");
  for (int j = 0; j < a.column_count(); ++j) {
    const lrlab::CsvColumn& x = a.columns[static_cast<std::size_t>(j)];
    const lrlab::CsvColumn& y = b.columns[static_cast<std::size_t>(j)];
    lrlab_fuzz::require(x.name == y.name, "same column name");
    lrlab_fuzz::require(x.values.size() == y.values.size(), "same column length");
    for (std::size_t i = 0; i < x.values.size(); ++i)
      lrlab_fuzz::require(same_number(x.values[i], y.values[i]), "same numbers");
    lrlab_fuzz::require(x.texts == y.texts, "same texts");
    lrlab_fuzz::require(data_index(a, x.first_empty_row) == data_index(b, y.first_empty_row),
                        "same first missing cell");
    lrlab_fuzz::require(data_index(a, x.first_text_row) == data_index(b, y.first_text_row),
                        "same first text cell");
  }
}

// The outcome of one choice of target and task: refused (with the message) or a problem.
struct Outcome {
  bool accepted = false;
  lrlab::TableTarget target;
};

void require_finite_split(const lrlab::Problem& problem, const lrlab::ProblemShape& shape,
                          int rows) {
  const lrlab::Dataset* parts[] = {&problem.train, &problem.val};
  Eigen::Index samples = 0;
  for (const lrlab::Dataset* part : parts) {
    lrlab_fuzz::require(part->x.rows() == shape.inputs && part->y.rows() == shape.outputs,
                        "split's shape");
    lrlab_fuzz::require(part->x.allFinite() && part->y.allFinite(),
                        "standardised samples are finite");
    samples += part->x.cols();
  }
  lrlab_fuzz::require(samples == rows, "every row is a sample");
}

// whole: through to the standardised split; else only as far as acceptance is decided (the
// target's analysis and the features' check), for the tables written back.
Outcome try_problem(const std::shared_ptr<const lrlab::ProblemTable>& table, int target,
                    const std::string& task, bool whole) {
  Outcome out;
  const lrlab::CsvTable& csv = table->csv;
  try {
    out.target = lrlab::analyse_target(csv, target, task);
    lrlab_fuzz::require(out.target.column >= 0 && out.target.column < csv.column_count(),
                        "target column");
    if (!whole) {
      lrlab::check_features(csv, out.target);
      out.accepted = true;
      return out;
    }
    const lrlab::ProblemShape shape = lrlab::table_shape(out.target, csv);
    const lrlab::Dataset all = lrlab::table_dataset(csv, out.target);
    lrlab_fuzz::require(all.x.cols() == csv.row_count(), "one sample per row");
    lrlab::ProblemConfig config;
    config.name = lrlab::kUserCsvProblem;
    config.target = target;
    config.task = task;
    const lrlab::ProblemShape checked = lrlab::table_problem_shape(config, table);
    lrlab_fuzz::require(checked.inputs == shape.inputs && checked.outputs == shape.outputs,
                        "same shape");
    require_finite_split(lrlab::make_table_problem(config, 7, table), shape, csv.row_count());
    out.accepted = true;
  } catch (const lrlab::Error& error) {
    lrlab_fuzz::require(lrlab_fuzz::table_refusal_names_place(error.what()),
                        "a refusal names its place");
  }
  return out;
}

}  // namespace csv_fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace csv_fuzz;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto table = std::make_shared<lrlab::ProblemTable>();
  table->name = lrlab::kUserCsvProblem;
  try {
    table->csv = lrlab::parse_csv(text);
  } catch (const lrlab::Error& error) {
    lrlab_fuzz::require(lrlab_fuzz::table_refusal_names_place(error.what()),
                        "a refusal names its place");
    return 0;
  }
  auto again = std::make_shared<lrlab::ProblemTable>();
  again->name = lrlab::kUserCsvProblem;
  again->csv = lrlab::parse_csv(write_csv(table->csv));  // accepted once, accepted again
  require_same_shape(table->csv, again->csv);

  // Last row first, the first row may make a header the file did not have (a word above a
  // number): then the tables differ, and there is nothing to compare.
  auto reversed = std::make_shared<lrlab::ProblemTable>();
  reversed->name = lrlab::kUserCsvProblem;
  bool same_header = false;
  try {
    reversed->csv = lrlab::parse_csv(write_csv(table->csv, true));
    same_header = reversed->csv.has_header == table->csv.has_header;
  } catch (const lrlab::Error&) {
    lrlab_fuzz::require(!table->csv.has_header, "with its header kept, the same rows are accepted");
  }

  const int columns = table->csv.column_count();
  for (const int target : {0, 1, columns, columns + 1}) {
    for (const char* task : {"auto", "classification", "regression"}) {
      const Outcome first = try_problem(table, target, task, true);
      const Outcome second = try_problem(again, target, task, false);
      lrlab_fuzz::require(first.accepted == second.accepted, "the same choice is accepted again");
      if (first.accepted)
        lrlab_fuzz::require(first.target.column == second.target.column &&
                                first.target.task == second.target.task &&
                                first.target.class_names == second.target.class_names,
                            "the same target, task and classes");
      if (!same_header) continue;
      const Outcome third = try_problem(reversed, target, task, false);
      lrlab_fuzz::require(first.accepted == third.accepted, "row order does not decide acceptance");
      if (first.accepted)
        lrlab_fuzz::require(first.target.task == third.target.task &&
                                first.target.class_names == third.target.class_names,
                            "row order does not decide the classes");
    }
  }
  return 0;
}
