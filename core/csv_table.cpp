#include "core/csv_table.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "core/error.h"

namespace lrlab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string row_text(int row) {
  return "row " + std::to_string(row);
}

std::string trim(const std::string& cell) {
  std::size_t begin = 0, end = cell.size();
  while (begin < end && (cell[begin] == ' ' || cell[begin] == '\t')) ++begin;
  while (end > begin && (cell[end - 1] == ' ' || cell[end - 1] == '\t')) --end;
  return cell.substr(begin, end - begin);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A plain decimal number: [+-] digits [. digits] [e [+-] digits], or [+-] . digits [...]. Not
// strtod's wider grammar (hex, "inf", "nan", leading spaces), so "0x10" or "infinity" in a cell
// is text, not a number.
bool is_decimal(const std::string& s) {
  std::size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && is_digit(s[i])) ++i, ++digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exponent = 0;
    while (i < n && is_digit(s[i])) ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == n;
}

bool is_missing(const std::string& s) {
  if (s.empty() || s == "?") return true;
  std::string lower;
  for (char c : s) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return lower == "na" || lower == "n/a" || lower == "nan" || lower == "null";
}

enum class CellKind { Number, Missing, Text };

struct Cell {
  CellKind kind;
  double value;
};

// strtod is correctly rounded in glibc and in Emscripten's musl: the page and the CLI read the
// same doubles from the same text. A decimal too large for a double is text ("not a number").
Cell classify(const std::string& raw) {
  const std::string s = trim(raw);
  if (is_missing(s)) return {CellKind::Missing, kNaN};
  if (!is_decimal(s)) return {CellKind::Text, kNaN};
  errno = 0;
  const double value = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(value)) return {CellKind::Text, kNaN};
  return {CellKind::Number, value};
}

char detect_delimiter(const std::string& text) {
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',' || c == ';' || c == '\t') return c;
  }
  return ',';
}

// Splits the text into records, calling on_record(cells, spreadsheet_row) for each non-blank one.
template <typename OnRecord>
void read_records(const std::string& text, char delimiter, OnRecord&& on_record) {
  std::vector<std::string> cells;
  std::string cell;
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (n >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;  // UTF-8 byte-order mark
  int line = 1;
  int record_line = 1;
  bool quoted = false, any = false;
  auto end_record = [&] {
    cells.push_back(cell);
    cell.clear();
    const bool blank = cells.size() == 1 && trim(cells[0]).empty() && !any;
    if (!blank) on_record(cells, record_line);
    cells.clear();
    any = false;
  };
  for (; i < n; ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && trim(cell).empty()) {
      quoted = true;
      any = true;
      cell.clear();
    } else if (c == delimiter) {
      cells.push_back(cell);
      cell.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      record_line = line;
    } else if (c == '\0') {
      throw Error(row_text(line) + ": the file holds a zero byte: is it a CSV text file?");
    } else {
      cell += c;
    }
  }
  if (quoted)
    throw Error(row_text(record_line) + ": a quoted cell is not closed (a \" without its partner)");
  if (!cell.empty() || !cells.empty() || any) end_record();
}

std::string format_bytes(std::size_t bytes) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f MB (%zu bytes)", bytes / (1024.0 * 1024.0), bytes);
  return buffer;
}

class TableBuilder {
 public:
  explicit TableBuilder(CsvTable& table) : table_(table) {}

  void add(const std::vector<std::string>& cells, int row) {
    if (records_ == 0) {
      check_width(cells, row);
      first_ = cells;
      first_row_ = row;
    } else {
      check_same_width(cells, row);
      if (records_ == 1) decide_header(cells);
      append(cells, row);
    }
    ++records_;
  }

  void finish() {
    if (records_ == 0) throw Error("the file is empty: a CSV needs a header and data rows");
    if (records_ == 1) decide_header({});
    if (table_.row_count() < kMinCsvRows)
      throw Error("the file has " + std::to_string(table_.row_count()) + " data row" +
                  (table_.row_count() == 1 ? "" : "s") + ": at least " +
                  std::to_string(kMinCsvRows) +
                  " are needed (some to train on, some to validate with)");
  }

 private:
  void check_width(const std::vector<std::string>& cells, int row) {
    const int width = static_cast<int>(cells.size());
    if (width > kMaxCsvColumns)
      throw Error(row_text(row) + " has " + std::to_string(width) + " columns: at most " +
                  std::to_string(kMaxCsvColumns) + " can be loaded (the target included)");
    if (width < 2)
      throw Error(row_text(row) +
                  " has 1 column: a CSV needs at least one feature and a target (are the cells "
                  "separated by commas, semicolons or tabs?)");
  }

  void check_same_width(const std::vector<std::string>& cells, int row) {
    if (cells.size() != first_.size())
      throw Error(row_text(row) + " has " + std::to_string(cells.size()) + " cells, but " +
                  row_text(first_row_) + " has " + std::to_string(first_.size()) +
                  ": every row needs one cell per column");
  }

  // The header rule (csv_table.h): every cell of the first row is text, or one of them is text
  // above a number.
  void decide_header(const std::vector<std::string>& second) {
    bool all_text = true, text_over_number = false;
    for (std::size_t j = 0; j < first_.size(); ++j) {
      const bool text = classify(first_[j]).kind == CellKind::Text;
      all_text = all_text && text;
      if (text && j < second.size() && classify(second[j]).kind == CellKind::Number)
        text_over_number = true;
    }
    table_.has_header = all_text || text_over_number;
    table_.columns.resize(first_.size());
    for (std::size_t j = 0; j < first_.size(); ++j) {
      const std::string name = trim(first_[j]);
      table_.columns[j].name =
          table_.has_header && !name.empty() ? name : "column " + std::to_string(j + 1);
    }
    if (!table_.has_header) append(first_, first_row_);
  }

  void append(const std::vector<std::string>& cells, int row) {
    if (table_.row_count() >= kMaxCsvRows)
      throw Error("the file has more than " + std::to_string(kMaxCsvRows) + " data rows (" +
                  row_text(row) + " is one too many): at most " + std::to_string(kMaxCsvRows) +
                  " can be loaded");
    const std::size_t index = table_.rows.size();
    table_.rows.push_back(row);
    for (std::size_t j = 0; j < cells.size(); ++j) {
      CsvColumn& column = table_.columns[j];
      const Cell cell = classify(cells[j]);
      column.values.push_back(cell.value);
      if (cell.kind == CellKind::Missing && column.first_empty_row == 0)
        column.first_empty_row = row;
      if (cell.kind == CellKind::Text && column.first_text_row == 0) {
        column.first_text_row = row;
        // The earlier cells were numbers or missing: their text is their number's shortest form.
        column.texts.reserve(column.values.size());
        for (std::size_t k = 0; k < index; ++k)
          column.texts.push_back(std::isnan(column.values[k]) ? std::string()
                                                              : format_number(column.values[k]));
      }
      if (column.first_text_row != 0) column.texts.push_back(trim(cells[j]));
    }
  }

  CsvTable& table_;
  std::vector<std::string> first_;
  int first_row_ = 0;
  int records_ = 0;
};

}  // namespace

CsvTable parse_csv(const std::string& text) {
  if (text.size() > kMaxCsvBytes)
    throw Error("the file is " + format_bytes(text.size()) + ": at most " +
                format_bytes(kMaxCsvBytes) + " can be loaded");
  CsvTable table;
  table.delimiter = detect_delimiter(text);
  TableBuilder builder(table);
  read_records(text, table.delimiter,
               [&](const std::vector<std::string>& cells, int row) { builder.add(cells, row); });
  builder.finish();
  return table;
}

std::string describe_column(const CsvTable& table, int index0) {
  const std::string number = "column " + std::to_string(index0 + 1);
  if (!table.has_header) return number;
  return number + " (\"" + table.columns[static_cast<std::size_t>(index0)].name + "\")";
}

}  // namespace lrlab
