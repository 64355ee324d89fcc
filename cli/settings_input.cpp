#include "cli/settings_input.h"

#include <cstdlib>
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

bool read_settings_option(int argc, char** argv, int& i, SettingsOptions& options,
                          std::string& error) {
  const std::string arg = argv[i];
  if (i + 1 >= argc) return false;
  if (arg == "--data") {
    options.data_path = argv[++i];
  } else if (arg == "--data-dir") {
    options.data_dir = argv[++i];
  } else if (arg == "--run") {
    char* end = nullptr;
    options.run_number = std::strtol(argv[++i], &end, 10);
    if (*end != '\0' || options.run_number < 1 || options.run_number > 1000)
      error = std::string("--run: ") + argv[i] + " is not allowed (must be 1..1000)";
  } else if (arg == "-o") {
    options.out_path = argv[++i];
  } else {
    return false;
  }
  return true;
}

}  // namespace lrlab
