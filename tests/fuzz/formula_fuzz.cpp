// libFuzzer target for the custom-schedule formula language: whatever a student types into the
// formula box reaches check_formula() and, when it parses, Formula::evaluate() on every training
// step. Properties checked beyond "no crash, no sanitizer report":
//  - parsing fails only with lrlab::Error (anything else escaping is a bug the fuzzer reports);
//  - check_formula() agrees with the constructor and gives a 1-based position on failure;
//  - evaluation with finite variables yields either a finite value and no fault, or NaN and a
//    fault with a position inside the text (the trainer relies on both to word its message).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "core/formula/formula.h"

namespace {

void require(bool condition, const char* what) {
  if (!condition) {
    __builtin_trap();  // libFuzzer saves the input that got here; `what` names it in a debugger
    (void)what;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const lrlab::FormulaCheck check = lrlab::check_formula(text);
  require(check.ok == check.message.empty(), "message iff failure");
  require(check.ok ? check.position == 0 : check.position >= 1, "1-based position on failure");

  bool parsed = false;
  try {
    const lrlab::Formula formula(text);
    parsed = true;
    // Values the trainer actually feeds (epoch and step counts, rates) plus extremes.
    static const lrlab::FormulaVariables kInputs[] = {
        {0, 0, 0.1, 0.1},       {1, 10, 0.01, 0.1},     {5, 160, 1e-6, 1e-6},
        {99999, 1e9, 1e3, 1e3}, {3, 7, 1e-300, 1e-300}, {2, 2, 1e300, 1e300},
    };
    for (const lrlab::FormulaVariables& v : kInputs) {
      const lrlab::formula::Result r = formula.evaluate(v);
      if (r.fault == lrlab::formula::Fault::None) {
        require(std::isfinite(r.value), "no fault means a finite value");
      } else {
        require(std::isnan(r.value), "a fault gives NaN");
        require(r.position >= 1 && r.position <= static_cast<int>(text.size()) + 1,
                "fault position inside the text");
        require(!lrlab::formula::describe(r.fault, r.position).empty(), "fault is described");
      }
    }
  } catch (const lrlab::Error&) {
    parsed = false;
  }
  require(parsed == check.ok, "check_formula agrees with the constructor");
  return 0;
}
