#include "cli/export_settings.h"

#include <sstream>
#include <vector>

#include "core/error.h"

namespace lrlab {

namespace {

struct RunSettings {
  int run;
  std::string json;
};

// Every "# settings run N: {...}" line, in file order.
std::vector<RunSettings> settings_lines(const std::string& text) {
  static const std::string kPrefix = "# settings run ";
  std::vector<RunSettings> found;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    // What ends the line is no part of the JSON: CRLF, or CRLF converted again ("\r\r\n").
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    if (line.compare(0, kPrefix.size(), kPrefix) != 0) continue;
    std::size_t end = kPrefix.size();
    int run = 0;
    while (end < line.size() && line[end] >= '0' && line[end] <= '9' && run < 1000000)
      run = run * 10 + (line[end++] - '0');
    if (end == kPrefix.size() || line.compare(end, 2, ": ") != 0) continue;
    found.push_back({run, line.substr(end + 2)});
  }
  return found;
}

std::string run_list(const std::vector<RunSettings>& runs) {
  std::string out;
  for (const RunSettings& r : runs) out += (out.empty() ? "" : ", ") + std::to_string(r.run);
  return out;
}

}  // namespace

bool is_runs_export(const std::string& text) {
  return !text.empty() && text[0] == '#';
}

std::string settings_from_export(const std::string& text, int run, const std::string& source) {
  const std::vector<RunSettings> runs = settings_lines(text);
  if (runs.empty())
    throw Error(source + ": no \"# settings run N:\" line (export the runs again from the page)");
  if (run == 0) {
    if (runs.size() == 1) return runs.front().json;
    throw Error(source + " holds the settings of " + std::to_string(runs.size()) + " runs (" +
                run_list(runs) + "): choose one with --run N");
  }
  for (const RunSettings& r : runs)
    if (r.run == run) return r.json;
  throw Error("--run: " + std::to_string(run) + " is not in " + source + " (it has run " +
              run_list(runs) + ")");
}

}  // namespace lrlab
