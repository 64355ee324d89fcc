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

// A plain decimal number: [+-] digits [M digits] [e [+-] digits], or [+-] M digits [...], with the
// decimal mark M ('.' or ','). Not strtod's wider grammar (hex, "inf", "nan", leading spaces), so
// "0x10" or "infinity" in a cell is text, not a number.
bool is_decimal(const std::string& s, char mark = '.') {
  std::size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && is_digit(s[i])) ++i, ++digits;
  if (i < n && s[i] == mark) {
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
  bool decimal_comma = false;  // read with a decimal comma
};

// strtod is correctly rounded in glibc and in Emscripten's musl: the page and the CLI read the
// same doubles from the same text. A decimal too large for a double is text ("not a number").
// A decimal comma is read only where it cannot be the delimiter (decimal_comma true).
Cell classify(const std::string& raw, bool decimal_comma) {
  std::string s = trim(raw);
  if (is_missing(s)) return {CellKind::Missing, kNaN};
  bool comma = false;
  if (!is_decimal(s)) {
    if (!decimal_comma || !is_decimal(s, ',')) return {CellKind::Text, kNaN};
    s[s.find(',')] = '.';
    comma = true;
  }
  errno = 0;
  const double value = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(value)) return {CellKind::Text, kNaN};
  // "-0" is 0: as a class label it must be the class of "0", and every text made of it (a class's
  // name, a cell in a column of labels) must read "0" like the value it is compared with.
  if (value == 0) return {CellKind::Number, 0.0, comma};
  return {CellKind::Number, value, comma};
}

std::size_t after_bom(const std::string& text) {
  return text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
}

// How many of the first lines the delimiter is judged on.
constexpr int kSniffLines = 50;
constexpr char kDelimiters[] = {'\t', ';', ','};  // preferred in this order

// The delimiter rule of parse_csv (csv_table.h).
char detect_delimiter(const std::string& text) {
  constexpr int kinds = sizeof kDelimiters;
  std::vector<int> counts[kinds];  // per delimiter, per non-blank line
  int line[kinds] = {};
  bool quoted = false, any = false;
  int lines = 0;
  const auto end_line = [&] {
    if (any) {
      for (int k = 0; k < kinds; ++k) counts[k].push_back(line[k]);
      ++lines;
    }
    for (int& n : line) n = 0;
    any = false;
  };
  for (std::size_t i = after_bom(text); i < text.size() && lines < kSniffLines; ++i) {
    const char c = text[i];
    if (c == '"') quoted = !quoted;
    if (c != ' ' && c != '\r' && c != '\n') any = true;
    if (quoted) continue;
    if (c == '\n' || c == '\r') {
      end_line();
      continue;
    }
    for (int k = 0; k < kinds; ++k) line[k] += c == kDelimiters[k];
  }
  end_line();
  for (int k = 0; k < kinds; ++k) {
    const std::vector<int>& n = counts[k];
    bool same = !n.empty() && n.front() > 0;
    for (const int m : n) same = same && m == n.front();
    if (same) return kDelimiters[k];
  }
  quoted = false;
  for (std::size_t i = after_bom(text); i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',' || c == ';' || c == '\t') return c;
  }
  return ',';
}

// The length of the UTF-8 sequence starting at text[i] (1 to 4), or 0 if it is not valid UTF-8
// (a stray continuation byte, a truncated or overlong sequence, a surrogate, past U+10FFFF), or
// if it is U+FFFD, which a browser puts where a file's bytes were not UTF-8.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) return 1;
  std::size_t n = 0;
  unsigned code = 0;
  if (b >= 0xC2 && b <= 0xDF)
    n = 2, code = b & 0x1Fu;
  else if (b >= 0xE0 && b <= 0xEF)
    n = 3, code = b & 0x0Fu;
  else if (b >= 0xF0 && b <= 0xF4)
    n = 4, code = b & 0x07u;
  else
    return 0;
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  const bool overlong = (n == 3 && code < 0x800) || (n == 4 && code < 0x10000);
  if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF || code == 0xFFFD) return 0;
  return n;
}

std::string hex_byte(unsigned char b) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", b);
  return buffer;
}

// Refuses text that is not (csv_table.h): a zero byte or a control character anywhere wins over
// bytes that are not UTF-8, since it is what an image or a spreadsheet file holds.
void check_is_text(const std::string& text) {
  int line = 1, bad_encoding_line = 0;
  for (std::size_t i = after_bom(text); i < text.size();) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b == '\n' || (b == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))) ++line;
    const bool control = b < 0x20 ? b != '\n' && b != '\r' && b != '\t' : b == 0x7F;
    if (control) {
      const std::string what =
          b == 0 ? "a zero byte" : "a control character (byte " + hex_byte(b) + ")";
      throw Error("this file is not text: " + row_text(line) + " holds " + what +
                  ", as images, .xlsx spreadsheets and other binary files do: save the table as "
                  "CSV text");
    }
    const std::size_t n = utf8_length(text, i);
    if (n == 0 && bad_encoding_line == 0) bad_encoding_line = line;
    i += n == 0 ? 1 : n;
  }
  if (bad_encoding_line != 0)
    throw Error("this file is not text: " + row_text(bad_encoding_line) +
                " holds bytes that are not UTF-8 text: if it is a table in another encoding, "
                "save it as CSV UTF-8");
}

// Splits the text into records, calling on_record(cells, spreadsheet_row) for each non-blank one.
template <typename OnRecord>
void read_records(const std::string& text, char delimiter, OnRecord&& on_record) {
  std::vector<std::string> cells;
  std::string cell;
  std::size_t i = after_bom(text);  // a UTF-8 byte-order mark is no part of the first cell
  const std::size_t n = text.size();
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

// A number or missing cell as a column of labels keeps it: the number's shortest form, or "".
std::string text_of(double value) {
  return std::isnan(value) ? std::string() : format_number(value);
}

class TableBuilder {
 public:
  explicit TableBuilder(CsvTable& table) : table_(table), decimal_comma_(table.delimiter != ',') {}

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
      const bool text = classify(first_[j], decimal_comma_).kind == CellKind::Text;
      all_text = all_text && text;
      if (text && j < second.size() && classify(second[j], decimal_comma_).kind == CellKind::Number)
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
      const Cell cell = classify(cells[j], decimal_comma_);
      column.values.push_back(cell.value);
      if (cell.decimal_comma && table_.decimal_comma_example.empty())
        table_.decimal_comma_example = trim(cells[j]);
      if (cell.kind == CellKind::Missing && column.first_empty_row == 0)
        column.first_empty_row = row;
      if (cell.kind == CellKind::Text && column.first_text_row == 0) {
        column.first_text_row = row;
        // The earlier cells were numbers or missing: their text is their number's shortest form.
        column.texts.reserve(column.values.size());
        for (std::size_t k = 0; k < index; ++k) column.texts.push_back(text_of(column.values[k]));
      }
      // A number's text is its shortest form above the first word and below it alike, so "1.0"
      // and "1" are one class wherever their rows are.
      if (column.first_text_row != 0)
        column.texts.push_back(cell.kind == CellKind::Text ? trim(cells[j]) : text_of(cell.value));
    }
  }

  CsvTable& table_;
  const bool decimal_comma_;  // a decimal comma can be read (the delimiter is not a comma)
  std::vector<std::string> first_;
  int first_row_ = 0;
  int records_ = 0;
};

}  // namespace

CsvTable parse_csv(const std::string& text) {
  if (text.size() > kMaxCsvBytes)
    throw Error("the file is " + format_bytes(text.size()) + ": at most " +
                format_bytes(kMaxCsvBytes) + " can be loaded");
  check_is_text(text);
  CsvTable table;
  table.delimiter = detect_delimiter(text);
  TableBuilder builder(table);
  read_records(text, table.delimiter,
               [&](const std::vector<std::string>& cells, int row) { builder.add(cells, row); });
  builder.finish();
  return table;
}

std::string describe_format(const CsvTable& table) {
  if (table.delimiter == ',') return "";
  std::string out =
      std::string("Cells separated by ") + (table.delimiter == ';' ? "semicolons" : "tabs");
  const std::string& example = table.decimal_comma_example;
  if (!example.empty()) {
    std::string point = example;
    point[point.find(',')] = '.';
    out += "; decimal commas read as decimal points (\"" + example + "\" as " +
           format_number(std::strtod(point.c_str(), nullptr)) + ")";
  }
  return out + ".";
}

namespace {

// "1.234,5", "1,234.5", "1 234", "1'234": one to three digits, then groups of three after one
// and the same separator, then perhaps a decimal part after the other mark. The separators
// removed: "1234,5"; "" if the cell is not so written.
std::string without_thousands(const std::string& s) {
  std::size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t lead = 0;
  while (i < n && is_digit(s[i])) ++i, ++lead;
  if (lead < 1 || lead > 3 || i >= n) return "";
  const char group = s[i];
  if (group != '.' && group != ',' && group != ' ' && group != '\'') return "";
  int groups = 0;
  // A group: the separator and exactly three digits.
  while (i + 3 < n && s[i] == group && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
         is_digit(s[i + 3]) && (i + 4 == n || !is_digit(s[i + 4]))) {
    i += 4;
    ++groups;
  }
  if (groups == 0) return "";
  if (i < n) {
    const char mark = s[i];
    if (mark == group || (mark != '.' && mark != ',')) return "";
    std::size_t decimals = 0;
    for (++i; i < n && is_digit(s[i]); ++i) ++decimals;
    if (decimals == 0 || i != n) return "";
  }
  std::string out;
  for (char c : s)
    if (c != group) out += c;
  return out;
}

// A number, then a unit or a percent sign ("8 kg", "45%"), or a currency sign, then a number
// ("$3", "€ 3,5").
bool number_with_unit(const std::string& s) {
  std::string rest = s;
  for (const char* sign : {"$", "\xE2\x82\xAC", "\xC2\xA3"}) {  // $, euro, pound
    const std::string prefix(sign);
    if (rest.compare(0, prefix.size(), prefix) == 0) rest = trim(rest.substr(prefix.size()));
  }
  std::size_t i = 0;
  while (i < rest.size() && (is_digit(rest[i]) || rest[i] == '.' || rest[i] == ',' ||
                             rest[i] == '+' || rest[i] == '-'))
    ++i;
  const std::string number = rest.substr(0, i), unit = trim(rest.substr(i));
  if (!(is_decimal(number) || is_decimal(number, ','))) return false;
  if (unit.empty()) return rest != s;  // only a currency sign came off
  for (char c : unit)
    if (is_digit(c)) return false;
  return true;
}

}  // namespace

std::string number_format_advice(const std::string& raw, char delimiter) {
  const std::string s = trim(raw);
  if (delimiter == ',' && s.find(',') != std::string::npos && is_decimal(s, ',')) {
    std::string point = s;
    point[point.find(',')] = '.';
    return "decimal commas are read only in files whose cells are separated by semicolons or "
           "tabs (write " +
           point + ", or separate the cells with semicolons)";
  }
  // Written as a number and still not one: strtod overflowed (classify()).
  if (is_decimal(s) || is_decimal(s, ','))
    return "it is too large: numbers must be smaller than about 1.8e308 in size";
  const std::string plain = without_thousands(s);
  if (!plain.empty()) return "write it without thousands separators (" + plain + ")";
  if (number_with_unit(s)) return "write the number alone, without a unit, % or currency sign";
  return "";
}

std::string describe_column(const CsvTable& table, int index0) {
  const std::string number = "column " + std::to_string(index0 + 1);
  if (!table.has_header) return number;
  return number + " (\"" + table.columns[static_cast<std::size_t>(index0)].name + "\")";
}

}  // namespace lrlab
