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

// Limits a file must keep (docs/real-data.md).
constexpr std::size_t kMaxCsvBytes = 5u * 1024u * 1024u;  // 5 MB
constexpr int kMaxCsvRows = 50000;                        // data rows, not counting a header
constexpr int kMaxCsvColumns = 256;                       // the target included
constexpr int kMinCsvRows = 10;                           // a training and a validation part

struct CsvColumn {
  std::string name;            // from the header, or "column N"
  std::vector<double> values;  // one per data row; NaN where the cell is not a number
  // Each cell's text, kept only for a column that holds a cell that is not a number: such a
  // column can still be a classification target ("setosa", "yes"). A number's text is its
  // shortest form ("1.0" and "+1" are "1"), a missing cell's "".
  std::vector<std::string> texts;
  int first_empty_row = 0;  // spreadsheet row of its first empty cell; 0: none
  int first_text_row = 0;   // spreadsheet row of its first non-empty, non-numeric cell; 0: none
  bool numeric() const { return first_empty_row == 0 && first_text_row == 0; }
};

struct CsvTable {
  bool has_header = false;
  char delimiter = ',';
  // The first cell read with a decimal comma ("5,9" as 5.9: only in a semicolon- or
  // tab-separated file), as the file writes it; "" if none was.
  std::string decimal_comma_example;
  std::vector<CsvColumn> columns;
  std::vector<int> rows;  // the spreadsheet row number of each data row (blank lines skipped)
  int row_count() const { return static_cast<int>(rows.size()); }
  int column_count() const { return static_cast<int>(columns.size()); }
};

// Parses comma-, semicolon- or tab-separated text. The delimiter is the one of tab, semicolon,
// comma (preferred in that order) that splits each of the first lines outside quotes into the
// same number of cells, more than one; if none does, the first of them found in the first line.
// So "5,9;3,1" lines are semicolon-separated: their commas are decimal commas. Cells may be
// quoted ("a, b", "" for a quote). A UTF-8 byte-order mark, CRLF line ends and blank lines are
// accepted. A number is written with a decimal point, or in a semicolon- or tab-separated file
// also with a decimal comma. The first row is a header when every cell in it is text, or when one
// of its cells is text above a number in the next row.
//
// The text must be UTF-8 without zero bytes or control characters other than tab, CR and LF; a
// file that is not (an image, an .xlsx spreadsheet, another encoding) is refused as "this file is
// not text", naming the row. U+FFFD counts as not UTF-8: a browser reading a file as text puts
// it where the bytes were not UTF-8.
CsvTable parse_csv(const std::string& text);

// How the table is written, in a sentence for its summary, when it is not the usual comma-
// separated file with decimal points: "Cells separated by semicolons; decimal commas read as
// decimal points ("5,9" as 5.9)." "" for a comma-separated file.
std::string describe_format(const CsvTable& table);

// Advice for a cell that is not a number but looks like one written another way: a decimal
// comma in a comma-separated file, thousands separators, a unit, % or currency sign, or a number
// too large for a double ("1e400"). "" when it
// looks like a word (then the caller's own advice fits).
std::string number_format_advice(const std::string& cell, char delimiter);

// "column 3 (\"petal_width\")", or "column 3" when the table has no header.
std::string describe_column(const CsvTable& table, int index0);

}  // namespace lrlab
