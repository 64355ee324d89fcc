#pragma once
// What the fuzz targets for the doors that take a user's table or text check beyond "no crash":
// where a refusal says the fault is. Shared by tests/fuzz/*_fuzz.cpp (one target per door) and,
// through them, by tests/core/fuzz_corpus_test.cpp, which includes several targets in one file:
// hence a named namespace and inline functions.
#include <cctype>
#include <string>

namespace lrlab_fuzz {

// Stops the run so libFuzzer saves the input; `what` names the property in a debugger.
inline void require(bool condition, const char* what) {
  if (!condition) {
    __builtin_trap();
    (void)what;
  }
}

// True when `text` holds `word` followed by a space and a number ("row 12", "column 3").
inline bool names_numbered(const std::string& text, const std::string& word) {
  const std::string key = word + " ";
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    const std::size_t digit = at + key.size();
    const bool starts_word = at == 0 || !std::isalpha(static_cast<unsigned char>(text[at - 1]));
    if (starts_word && digit < text.size() && std::isdigit(static_cast<unsigned char>(text[digit])))
      return true;
  }
  return false;
}

inline bool names_row(const std::string& message) {
  return names_numbered(message, "row");
}
inline bool names_column(const std::string& message) {
  return names_numbered(message, "column");
}

// The settings field a message starts with, as the page reads it (web/page/url-schema.js fieldOf:
// /^([A-Za-z_][\w.[\]]*):/): "problem.target: 9 is not allowed" -> true. The page drops that one
// field from a link and keeps the rest, so a refusal of settings must name its field this way.
inline bool starts_with_field(const std::string& message) {
  std::size_t i = 0;
  const auto is_lead = [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
  };
  if (message.empty() || !is_lead(message[0])) return false;
  while (i < message.size() &&
         (std::isalnum(static_cast<unsigned char>(message[i])) || message[i] == '_' ||
          message[i] == '.' || message[i] == '[' || message[i] == ']'))
    ++i;
  return i < message.size() && message[i] == ':';
}

// A refusal of settings (parse_settings) names its field as above, or names an unknown key as it
// was written, which may hold any character ("sc#hedule: unknown field"): the page cannot drop
// such a key alone, and opens a link holding one with the defaults and a notice instead.
inline bool settings_refusal_names_field(const std::string& message) {
  return starts_with_field(message) || message.find(": unknown field") != std::string::npos;
}

// A refusal of a table (core/csv_table.h, core/tabular.h) says where the fault is:
//  - a cell's fault (not a number, empty) names its row and its column;
//  - a column's fault (one class, too many classes) names the column;
//  - a row's fault (ragged, not text, unclosed quote, one row too many) names the row;
//  - a choice of target or task names its settings field;
//  - only the file as a whole may be refused without a place: empty, too few rows, too large.
inline bool table_refusal_names_place(const std::string& m) {
  const bool row = names_row(m), column = names_column(m);
  if (m.find("is not a number") != std::string::npos ||
      m.find("the cell is empty") != std::string::npos)
    return row && column;
  if (m.find("class") != std::string::npos && m.find("the target") != std::string::npos)
    return column;
  if (m.rfind("problem.target:", 0) == 0 || m.rfind("problem.task:", 0) == 0) return true;
  if (m.rfind("the file is empty", 0) == 0) return true;
  if (m.rfind("the file is ", 0) == 0 && m.find(" MB (") != std::string::npos) return true;
  if (m.rfind("the file has ", 0) == 0 && m.find(" data row") != std::string::npos &&
      m.find("at least") != std::string::npos)
    return true;
  return row || column;
}

}  // namespace lrlab_fuzz
