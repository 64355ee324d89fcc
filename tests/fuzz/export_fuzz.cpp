// libFuzzer target for the reader of the page's exported CSV (cli/export_settings.h): what
// `lrlab run lrlab-runs.csv --run N` does with the file before training, the run's settings line
// found among the comments and rows, then read by parse_settings. Properties beyond "no crash, no
// sanitizer report":
//  - only lrlab::Error escapes;
//  - a refusal names the file or --run (the reader's own refusals) or starts with the settings
//    field it is about (parse_settings');
//  - what was read once is read again: the runs found, written back as an export's settings
//    lines in another order among other comments and rows, give the same settings texts;
//  - accepted settings round-trip through their canonical JSON.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cli/export_settings.h"
#include "core/error.h"
#include "core/settings.h"
#include "tests/fuzz/fuzz_properties.h"

namespace export_fuzz {

const char kSource[] = "runs.csv";

bool names_the_file(const std::string& message) {
  return message.find(kSource) != std::string::npos || message.rfind("--run: ", 0) == 0;
}

// The settings text of `run`, or false with the refusal checked.
bool read_run(const std::string& text, int run, std::string& json) {
  try {
    json = lrlab::settings_from_export(text, run, kSource);
    return true;
  } catch (const lrlab::Error& error) {
    lrlab_fuzz::require(names_the_file(error.what()),
                        "the reader's refusal names the file or --run");
    return false;
  }
}

}  // namespace export_fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace export_fuzz;
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!lrlab::is_runs_export(text)) return 0;  // the CLI reads it as settings JSON (settings_fuzz)

  std::vector<std::pair<int, std::string>> found;  // run number, settings text
  std::string json;
  for (const int run : {0, 1, 2, 3, 10, 1000}) {
    if (!read_run(text, run, json)) continue;
    if (run > 0) found.emplace_back(run, json);
    try {
      const lrlab::Settings settings = lrlab::parse_settings(json);
      const std::string canonical = lrlab::settings_to_json(settings);
      lrlab_fuzz::require(lrlab::settings_to_json(lrlab::parse_settings(canonical)) == canonical,
                          "canonical JSON round-trips");
    } catch (const lrlab::Error& error) {
      lrlab_fuzz::require(lrlab_fuzz::settings_refusal_names_field(error.what()),
                          "a settings refusal names its field");
    }
  }

  // Written back as the page writes an export (web/exports/export.js), last run first, with CRLF
  // line ends on the rows: the same runs give the same texts.
  std::string rebuilt = "# lrlab runs\r\n";
  for (auto it = found.rbegin(); it != found.rend(); ++it)
    rebuilt += "# settings run " + std::to_string(it->first) + ": " + it->second + "\n";
  rebuilt += "run,epoch,learning_rate\r\n1,1,0.1\r\n";
  for (const auto& [run, expected] : found) {
    lrlab_fuzz::require(read_run(rebuilt, run, json), "a run read once is read again");
    lrlab_fuzz::require(json == expected, "the same settings text");
  }
  return 0;
}
