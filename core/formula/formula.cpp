#include "core/formula/formula.h"

#include "core/formula/lexer.h"
#include "core/formula/parser.h"
#include "core/formula/syntax_error.h"

namespace lrlab {

static formula::Program compile_text(const std::string& text, formula::SyntaxTree* tree = nullptr) {
  // Checked before tokenizing so that a pasted megabyte costs nothing.
  if (text.size() > static_cast<size_t>(kFormulaMaxLength))
    throw formula::SyntaxError("formula too long: " + std::to_string(text.size()) +
                                   " characters (at most " + std::to_string(kFormulaMaxLength) +
                                   ")",
                               kFormulaMaxLength + 1);
  return formula::compile(formula::tokenize(text), tree);
}

formula::SyntaxTree formula_syntax_tree(const std::string& text) {
  formula::SyntaxTree tree;
  compile_text(text, &tree);
  return tree;
}

Formula::Formula(const std::string& text) : text_(text), program_(compile_text(text)) {}

formula::Result Formula::evaluate(const FormulaVariables& v) const noexcept {
  const double variables[formula::kVariableCount] = {v.epoch, v.step, v.lr, v.lr0};
  return program_.run(variables);
}

FormulaCheck check_formula(const std::string& text) {
  FormulaCheck check;
  try {
    compile_text(text);
  } catch (const formula::SyntaxError& error) {
    check.ok = false;
    check.message = error.what();
    check.position = error.position();
  }
  return check;
}

}  // namespace lrlab
