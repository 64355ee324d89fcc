#pragma once
// A formula's syntax tree, built by the parser (parser.h) in the same pass that compiles the
// program, so the tree and the program always read the formula alike. The hot path never needs
// it; it serves what looks at the formula's shape: which variables it reads (where its rate comes
// from, core/schedule/schedule.h) and its Python spelling (python.h).
// Parentheses and a prefix '+' leave no node: they only shape the tree.
#include <vector>

#include "core/formula/program.h"

namespace lrlab::formula {

enum class NodeKind : std::uint8_t {
  Number,       // value
  Pi,           // the constant pi
  Variable,     // variable
  Negate,       // -a
  Not,          // !a: 1 if a == 0, else 0
  Binary,       // a op b: op is Add, Sub, Mul, Div, Pow or a comparison (gives 1 or 0)
  And,          // a && b, short-circuit, gives 1 or 0
  Or,           // a || b, short-circuit, gives 1 or 0
  Conditional,  // a ? b : c, tests a != 0
  Call,         // function(arguments...)
};

struct Node {
  NodeKind kind = NodeKind::Number;
  Op op = Op::Add;                      // Binary
  Variable variable = Variable::Epoch;  // Variable
  Function function = Function::Exp;    // Call
  double value = 0;                     // Number
  std::vector<int> children;            // operands in source order, as indices into nodes
};

struct SyntaxTree {
  std::vector<Node> nodes;
  int root = -1;

  // Whether the formula reads `variable` anywhere (a branch that never runs counts too).
  bool reads(Variable variable) const;
};

}  // namespace lrlab::formula
