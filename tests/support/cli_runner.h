#pragma once
// Runs the native CLI (LRLAB_CLI_PATH) from a test, as an engineer would from a shell: its exit
// status, standard output and standard error. Shared by the CLI tests.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace lrlab_test {

struct CliResult {
  int status = -1;  // exit code
  std::string out, err;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A file name in the test's temporary folder, unique to this process and `prefix`.
inline std::string temp_path(const std::string& prefix, const std::string& name) {
  return ::testing::TempDir() + prefix + std::to_string(getpid()) + "_" + name;
}

// Runs the CLI with `args` (already shell-quoted where needed), capturing stdout and stderr.
inline CliResult run_cli(const std::string& args) {
  const std::string cli = LRLAB_CLI_PATH;
  const std::string err_path = temp_path("lrlab_cli_", "stderr.txt");
  const std::string command = "'" + cli + "' " + args + " 2>'" + err_path + "'";
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    ADD_FAILURE() << "popen failed for " << command;
    return result;
  }
  char buffer[4096];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, got);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = read_file(err_path);
  std::remove(err_path.c_str());
  return result;
}

}  // namespace lrlab_test
