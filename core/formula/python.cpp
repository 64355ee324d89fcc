#include "core/formula/python.h"

#include "core/formula/formula.h"
#include "core/formula/syntax_tree.h"
#include "core/python/literal.h"

namespace lrlab::formula {
namespace {

const char* function_name(Function function) {
  switch (function) {
    case Function::Exp:
      return "math.exp";
    case Function::Log:
      return "math.log";
    case Function::Sqrt:
      return "math.sqrt";
    case Function::Pow:
      return "math.pow";
    case Function::Min:
      return "min";
    case Function::Max:
      return "max";
    case Function::Abs:
      return "abs";
    case Function::Floor:
      return "math.floor";
    case Function::Ceil:
      return "math.ceil";
    case Function::Cos:
      return "math.cos";
    case Function::Sin:
      return "math.sin";
  }
  return "";
}

const char* operator_text(Op op) {
  switch (op) {
    case Op::Add:
      return "+";
    case Op::Sub:
      return "-";
    case Op::Mul:
      return "*";
    case Op::Div:
      return "/";
    case Op::Pow:
      return "**";
    case Op::Less:
      return "<";
    case Op::LessEqual:
      return "<=";
    case Op::Greater:
      return ">";
    case Op::GreaterEqual:
      return ">=";
    case Op::Equal:
      return "==";
    case Op::NotEqual:
      return "!=";
    default:
      return "?";
  }
}

bool is_comparison(Op op) {
  return op == Op::Less || op == Op::LessEqual || op == Op::Greater || op == Op::GreaterEqual ||
         op == Op::Equal || op == Op::NotEqual;
}

class Printer {
 public:
  Printer(const SyntaxTree& tree, const PythonNames& names) : tree_(tree), names_(names) {}

  std::string print(int index) const {
    const Node& n = tree_.nodes[static_cast<size_t>(index)];
    auto child = [&](size_t i) { return print(n.children[i]); };
    switch (n.kind) {
      case NodeKind::Number:
        return python::float_literal(n.value);
      case NodeKind::Pi:
        return "math.pi";
      case NodeKind::Variable:
        return variable(n.variable);
      case NodeKind::Negate:
        return "(-" + child(0) + ")";
      case NodeKind::Not:
        return "float(" + child(0) + " == 0)";
      case NodeKind::Binary: {
        const std::string text = child(0) + " " + operator_text(n.op) + " " + child(1);
        return is_comparison(n.op) ? "float(" + text + ")" : "(" + text + ")";
      }
      case NodeKind::And:
        return "float(" + truth(child(0)) + " and " + truth(child(1)) + ")";
      case NodeKind::Or:
        return "float(" + truth(child(0)) + " or " + truth(child(1)) + ")";
      case NodeKind::Conditional:
        return "(" + child(1) + " if " + truth(child(0)) + " else " + child(2) + ")";
      case NodeKind::Call: {
        std::string arguments;
        for (size_t i = 0; i < n.children.size(); ++i) arguments += (i ? ", " : "") + child(i);
        return std::string(function_name(n.function)) + "(" + arguments + ")";
      }
    }
    return "";
  }

 private:
  static std::string truth(const std::string& value) { return "(" + value + " != 0)"; }

  const std::string& variable(Variable v) const {
    switch (v) {
      case Variable::Epoch:
        return names_.epoch;
      case Variable::Step:
        return names_.step;
      case Variable::Lr:
        return names_.lr;
      case Variable::Lr0:
        return names_.lr0;
    }
    return names_.epoch;
  }

  const SyntaxTree& tree_;
  const PythonNames& names_;
};

}  // namespace

std::string to_python(const std::string& text, const PythonNames& names) {
  const SyntaxTree tree = formula_syntax_tree(text);
  return Printer(tree, names).print(tree.root);
}

}  // namespace lrlab::formula
