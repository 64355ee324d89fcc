#pragma once
// The custom-schedule expression language (docs/spec-schedules.md#custom-formula), parsed and
// evaluated in C++ only (core/formula/python.h spells a formula as Python for the code export).
//   numbers 0.01, 1e-3, .5; variables epoch, step, lr (rate in force), lr0 (base rate), pi;
//   + - * / ^ (right-associative, binds tighter than prefix minus: -2^2 = -4);
//   < <= > >= == != give 1 or 0; && || ! (short-circuit); cond ? a : b (right-associative);
//   exp log sqrt pow min max abs floor ceil cos sin, with fixed arity (pow, min, max take two).
// Positions in messages are 1-based character offsets ("expected ')' at position 17 ...").
// Limits: kMaxLength characters and kMaxDepth nesting levels (parser.h), each with its own error.
#include <string>

#include "core/formula/program.h"
#include "core/formula/syntax_tree.h"

namespace lrlab {

constexpr int kFormulaMaxLength = 1000;

// For the page's live check of the text field.
struct FormulaCheck {
  bool ok = true;
  std::string message;  // empty when ok
  int position = 0;     // 1-based position of the problem; 0 when ok
};

FormulaCheck check_formula(const std::string& text);

// The formula's syntax tree (core/formula/syntax_tree.h); throws formula::SyntaxError as Formula
// does.
formula::SyntaxTree formula_syntax_tree(const std::string& text);

struct FormulaVariables {
  double epoch = 0;
  double step = 0;
  double lr = 0;
  double lr0 = 0;
};

class Formula {
 public:
  // Throws formula::SyntaxError (an lrlab::Error) with the position in its message.
  explicit Formula(const std::string& text);

  // NaN and a fault (division by zero, log of a number <= 0, overflow...) rather than an
  // exception; allocates nothing. A value <= 0 is not a fault here: the caller checks the rate.
  formula::Result evaluate(const FormulaVariables& variables) const noexcept;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  formula::Program program_;
};

}  // namespace lrlab
