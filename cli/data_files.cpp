#include "cli/data_files.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/datasets.h"
#include "core/error.h"

namespace lrlab {

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open this file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::string default_data_dir() {
  if (const char* env = std::getenv("LRLAB_DATA_DIR"); env && *env) return env;
  return LRLAB_DATA_DIR;
}

void load_user_csv(const std::string& path) {
  try {
    store_table(kUserCsvProblem, read_text(path));
  } catch (const Error& error) {
    throw Error(path + ": " + error.what());
  }
}

void load_built_in_data(const Settings& settings, const std::string& dir) {
  const std::string& name = settings.problem.name;
  if (find_built_in(name) == nullptr || dataset_loaded(name)) return;
  load_dataset(name, read_text(dir + "/" + name + ".csv"));
}

}  // namespace lrlab
