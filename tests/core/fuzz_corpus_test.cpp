// Replays the fuzzers' seed corpora (tests/fuzz/corpus/<target>/) through the fuzz targets'
// own checks in the ordinary build, so every input a fuzzer once failed on, once saved there, is
// a regression test under ctest (and under the asan preset) without clang or libFuzzer.
#include <dirent.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

// Each target defines the same libFuzzer entry point: give each its own name here.
#define LLVMFuzzerTestOneInput formula_fuzz_one
#include "../fuzz/formula_fuzz.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput settings_fuzz_one
#define require settings_require
#include "../fuzz/settings_fuzz.cpp"
#undef require
#undef LLVMFuzzerTestOneInput
// The targets for a user's table, the page's export and a link keep their helpers in their own
// namespaces (tests/fuzz/fuzz_properties.h), so they need only the entry point renamed.
#define LLVMFuzzerTestOneInput csv_fuzz_one
#include "../fuzz/csv_fuzz.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput export_fuzz_one
#include "../fuzz/export_fuzz.cpp"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput link_fuzz_one
#include "../fuzz/link_fuzz.cpp"
#undef LLVMFuzzerTestOneInput

namespace {

std::vector<std::string> corpus(const std::string& target) {
  const std::string dir = std::string(LRLAB_SOURCE_DIR) + "/tests/fuzz/corpus/" + target;
  std::vector<std::string> inputs;
  if (DIR* d = opendir(dir.c_str())) {
    while (const dirent* entry = readdir(d)) {
      if (entry->d_name[0] == '.') continue;
      std::ifstream file(dir + "/" + entry->d_name, std::ios::binary);
      inputs.emplace_back(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    closedir(d);
  }
  return inputs;
}

template <typename Target>
void replay(const std::string& name, Target target) {
  const std::vector<std::string> inputs = corpus(name);
  ASSERT_GE(inputs.size(), 5u) << "seed corpus of " << name;
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input.substr(0, 120));
    // A failed property traps (aborts the test binary); an escaping exception fails it here.
    EXPECT_EQ(target(reinterpret_cast<const std::uint8_t*>(input.data()), input.size()), 0);
  }
}

TEST(FuzzCorpus, Formula) {
  replay("formula", formula_fuzz_one);
}
TEST(FuzzCorpus, Settings) {
  replay("settings", settings_fuzz_one);
}
TEST(FuzzCorpus, Csv) {
  replay("csv", csv_fuzz_one);
}
TEST(FuzzCorpus, Export) {
  replay("export", export_fuzz_one);
}
TEST(FuzzCorpus, Link) {
  replay("link", link_fuzz_one);
}

}  // namespace
