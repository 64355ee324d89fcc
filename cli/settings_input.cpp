#include "cli/settings_input.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/export_settings.h"
#include "core/error.h"

namespace lrlab {

std::string read_input(const std::string& path) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open this file");
  buffer << in.rdbuf();
  return buffer.str();
}

std::string settings_text(const std::string& path, int run) {
  const std::string text = read_input(path);
  if (is_runs_export(text)) return settings_from_export(text, run, path);
  if (run > 0) throw Error("--run: " + path + " is a settings file, not an exported CSV");
  return text;
}

}  // namespace lrlab
