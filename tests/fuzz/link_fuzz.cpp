// libFuzzer target for the core's side of a link: the page decodes `#s=` (URI-decoded JSON merged
// into its defaults, web/page/url-schema.js decodeState) and its worker hands the result to the
// core's validateSettings (bindings/lrlab.cpp: parse_settings with the table the named problem
// trains on, web/worker/worker-tables.js), then trains it. Unlike tests/fuzz/settings_fuzz.cpp,
// every problem here has its table: the built-in ones (a sample of data/<name>.csv's rows,
// keeping their classes, so an execution stays cheap) and a user's CSV (tests/data/real-settings/
// trees.csv), so problem.target, problem.task and problem.val_fraction reach the table.
// Properties beyond "no crash, no sanitizer report":
//  - only lrlab::Error escapes;
//  - every refusal starts with the field it is about, as the page reads it (the page then drops
//    that field from the link and keeps the rest), or names an unknown key as written, or names
//    a cell's row and column;
//  - accepted settings round-trip through their canonical JSON with the table;
//  - a Trainer built from them never throws, its steps never throw, its parameters stay finite.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>

#include "core/datasets.h"
#include "core/error.h"
#include "core/problems.h"
#include "core/settings.h"
#include "core/tabular.h"
#include "core/trainer.h"
#include "tests/fuzz/fuzz_properties.h"

namespace link_fuzz {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  lrlab_fuzz::require(static_cast<bool>(in), "the fuzz target's tables are readable");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The header and every `step`-th data row of `text`.
std::string every_nth_row(const std::string& text, int step) {
  std::string out;
  std::size_t begin = 0;
  for (int line = 0; begin < text.size(); ++line) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    if (line == 0 || line % step == 1) out += text.substr(begin, end - begin) + "\n";
    begin = end + 1;
  }
  return out;
}

// What the page's worker holds once every problem was chosen: problem name -> its table.
const std::map<std::string, lrlab::TableRef>& tables() {
  static const std::map<std::string, lrlab::TableRef> all = [] {
    std::map<std::string, lrlab::TableRef> out;
    const std::string root = LRLAB_SOURCE_DIR;
    for (const lrlab::ProblemInfo& info : lrlab::problem_registry()) {
      if (info.source != lrlab::ProblemSource::BuiltInTable) continue;
      const std::string text = read_file(root + "/data/" + info.name + ".csv");
      auto table = std::make_shared<lrlab::ProblemTable>();
      table->name = info.name;
      // About 40 rows; a sample that lost a class would not match the problem's documented shape.
      table->csv = lrlab::parse_csv(every_nth_row(text, info.rows / 40 + 1));
      const lrlab::TableTarget target = lrlab::analyse_target(
          table->csv, 0,
          info.shape.task == lrlab::Task::Regression ? "regression" : "classification");
      lrlab_fuzz::require(target.classes == info.shape.classes, "the sample keeps every class");
      out[info.name] = table;
    }
    out[lrlab::kUserCsvProblem] = lrlab::read_table(
        lrlab::kUserCsvProblem, read_file(root + "/tests/data/real-settings/trees.csv"));
    return out;
  }();
  return all;
}

// The problem name the text asks for, as the worker finds its table (settings.problem.name);
// "" when the text does not say one plainly.
std::string problem_name(const std::string& json) {
  const std::size_t problem = json.find("\"problem\"");
  if (problem == std::string::npos) return "";
  const std::size_t key = json.find("\"name\"", problem);
  if (key == std::string::npos) return "";
  const std::size_t open = json.find('"', json.find(':', key) + 1);
  const std::size_t close = open == std::string::npos ? open : json.find('"', open + 1);
  return close == std::string::npos ? "" : json.substr(open + 1, close - open - 1);
}

}  // namespace link_fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace link_fuzz;
  const std::string json(reinterpret_cast<const char*>(data), size);
  const auto found = tables().find(problem_name(json));
  const lrlab::TableRef table = found == tables().end() ? nullptr : found->second;
  lrlab::Settings settings;
  try {
    settings = lrlab::parse_settings(json, table);
  } catch (const lrlab::Error& error) {
    const std::string m = error.what();
    lrlab_fuzz::require(lrlab_fuzz::settings_refusal_names_field(m) ||
                            (lrlab_fuzz::names_row(m) && lrlab_fuzz::names_column(m)),
                        "a refusal names its field");
    return 0;
  }
  const std::string canonical = lrlab::settings_to_json(settings);
  lrlab_fuzz::require(lrlab::settings_to_json(lrlab::parse_settings(canonical, table)) == canonical,
                      "canonical JSON round-trips");

  // As in settings_fuzz.cpp: a generated problem's size is capped so an execution stays cheap.
  if (settings.problem.samples > 256) settings.problem.samples = 256;
  if (settings.batch_size > 256) settings.batch_size = 256;
  lrlab::Trainer trainer(settings, table);  // must not throw for accepted settings
  for (int i = 0; i < 3; ++i) trainer.step();
  trainer.epoch();
  lrlab_fuzz::require(trainer.parameters().allFinite(), "parameters stay finite");
  return 0;
}
