#pragma once
// The CSV door: a user's file (or a built-in dataset's, data/*.csv) as text in, a table of cells
// out, or an lrlab::Error naming the row and the column. This layer checks only the file's shape
// (size, rows, columns, ragged rows, too few rows); what a cell must hold depends on which column
// is the target, so that is checked when the table becomes a Dataset (core/tabular.h).
//
// Rows are numbered as a spreadsheet shows them: row 1 is the file's first line (the header, when
// there is one). Columns are numbered from 1, and named by the header when there is one.
#include <cstddef>
#include <string>
#include <vector>

namespace lrlab {

// Limits a file must keep (SPEC section 2, "Real data").
constexpr std::size_t kMaxCsvBytes = 5u * 1024u * 1024u;  // 5 MB
constexpr int kMaxCsvRows = 50000;                        // data rows, not counting a header
constexpr int kMaxCsvColumns = 256;                       // the target included
constexpr int kMinCsvRows = 10;                           // a training and a validation part

struct CsvColumn {
  std::string name;            // from the header, or "column N"
  std::vector<double> values;  // one per data row; NaN where the cell is not a number
  // Each cell's text, kept only for a column that holds a cell that is not a number: such a
  // column can still be a classification target ("setosa", "yes").
  std::vector<std::string> texts;
  int first_empty_row = 0;  // spreadsheet row of its first empty cell; 0: none
  int first_text_row = 0;   // spreadsheet row of its first non-empty, non-numeric cell; 0: none
  bool numeric() const { return first_empty_row == 0 && first_text_row == 0; }
};

struct CsvTable {
  bool has_header = false;
  char delimiter = ',';
  std::vector<CsvColumn> columns;
  std::vector<int> rows;  // the spreadsheet row number of each data row (blank lines skipped)
  int row_count() const { return static_cast<int>(rows.size()); }
  int column_count() const { return static_cast<int>(columns.size()); }
};

// Parses comma-, semicolon- or tab-separated text (the delimiter is the first of these found in
// the first line outside quotes). Cells may be quoted ("a, b", "" for a quote). A UTF-8 byte-order
// mark, CRLF line ends and blank lines are accepted. The first row is a header when every cell in
// it is text, or when one of its cells is text above a number in the next row.
CsvTable parse_csv(const std::string& text);

// "column 3 (\"petal_width\")", or "column 3" when the table has no header.
std::string describe_column(const CsvTable& table, int index0);

}  // namespace lrlab
