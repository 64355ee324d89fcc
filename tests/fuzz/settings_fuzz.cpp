// libFuzzer target for the one JSON door (parse_settings) and what the page does with its result:
// build a Trainer, train a couple of steps, change the rate. Properties beyond "no crash, no
// sanitizer report": only lrlab::Error escapes parse_settings; accepted settings round-trip
// through their canonical JSON; a Trainer built from accepted settings never throws (the spec says
// everything that can fail does so in parse_settings), its steps never throw (noexcept: a throw
// would terminate, which libFuzzer reports), and its parameters stay finite. A problem that trains
// on a table (the real tables, the user's CSV) is the exception: settings name it, and every caller
// hands the Trainer its table (the page's worker, the CLI); tests/fuzz/link_fuzz.cpp fuzzes that
// door with the tables. Without one, the Trainer must refuse with lrlab::Error naming problem.name.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "core/problems.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  lrlab::Settings settings;
  try {
    settings = lrlab::parse_settings(json);
  } catch (const lrlab::Error&) {
    return 0;  // refused with a message: the expected outcome for most inputs
  }
  const std::string canonical = lrlab::settings_to_json(settings);
  require(lrlab::settings_to_json(lrlab::parse_settings(canonical)) == canonical);

  // Keep each execution cheap: the largest valid problem (100,000 samples, 4 x 64 units) costs
  // tens of milliseconds to build, which would stall the fuzzer without exercising new code.
  // Shrinking the problem keeps every other accepted field as the fuzzer wrote it.
  if (settings.problem.samples > 256) settings.problem.samples = 256;
  if (settings.batch_size > 256) settings.batch_size = 256;
  if (lrlab::find_problem(settings.problem.name).needs_table()) {
    try {
      lrlab::Trainer without_table(settings);
    } catch (const lrlab::Error& error) {
      require(std::string(error.what()).rfind("problem.name", 0) == 0);
      return 0;
    }
    require(false);  // trained on a table it was never given
  }
  lrlab::Trainer trainer(settings);  // must not throw for accepted settings
  for (int i = 0; i < 3; ++i) trainer.step();
  trainer.epoch();
  require(trainer.parameters().allFinite());
  try {
    trainer.set_learning_rate(settings.optimizer.learning_rate * 10);
  } catch (const lrlab::Error&) {
    // 10x may leave the allowed range; the refusal must leave the run usable
  }
  trainer.step();
  require(trainer.parameters().allFinite());
  return 0;
}
