#pragma once
// A formula (formula.h's language) spelled as one Python expression over the standard `math`
// module, from the formula's own syntax tree, for the "as code" listings. The core's precedence
// is made explicit by parentheses: -2^2 = -(2 ** 2), 2^3^2 = 2 ** (3 ** 2); comparisons, && || !
// give 1 or 0 (float(...)); cond ? a : b tests cond != 0, as the core evaluates them.
#include <string>

namespace lrlab::formula {

// Python expressions standing for the formula's variables, e.g. lr0 -> "LR0",
// epoch -> "(step // STEPS_PER_EPOCH)" in a listing counted in steps.
struct PythonNames {
  std::string epoch = "epoch";
  std::string step = "step";
  std::string lr = "lr";
  std::string lr0 = "lr0";
};

// Throws formula::SyntaxError for a formula the core does not accept.
std::string to_python(const std::string& text, const PythonNames& names);

}  // namespace lrlab::formula
