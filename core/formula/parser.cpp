#include "core/formula/parser.h"

#include <cmath>
#include <string>

#include "core/formula/syntax_error.h"

namespace lrlab::formula {
namespace {

struct FunctionName {
  const char* name;
  Function function;
  int arity;
};

const FunctionName kFunctions[] = {
    {"exp", Function::Exp, 1}, {"log", Function::Log, 1},     {"sqrt", Function::Sqrt, 1},
    {"pow", Function::Pow, 2}, {"min", Function::Min, 2},     {"max", Function::Max, 2},
    {"abs", Function::Abs, 1}, {"floor", Function::Floor, 1}, {"ceil", Function::Ceil, 1},
    {"cos", Function::Cos, 1}, {"sin", Function::Sin, 1},
};

struct VariableName {
  const char* name;
  Variable variable;
};

const VariableName kVariables[] = {{"epoch", Variable::Epoch},
                                   {"step", Variable::Step},
                                   {"lr", Variable::Lr},
                                   {"lr0", Variable::Lr0}};

constexpr double kPi = 3.141592653589793;

std::string allowed_functions() {
  std::string out;
  for (const FunctionName& f : kFunctions) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out;
}

std::string allowed_variables() {
  std::string out;
  for (const VariableName& v : kVariables) out += (out.empty() ? "" : ", ") + std::string(v.name);
  return out + ", pi";
}

std::string at(int position) {
  return " at position " + std::to_string(position);
}

class Compiler {
 public:
  explicit Compiler(const std::vector<Token>& tokens) : tokens_(tokens) {}

  Program run(SyntaxTree* tree) {
    if (peek().kind == TokenKind::End)
      throw SyntaxError("empty formula: expected an expression such as 0.01 * exp(-0.1 * epoch)",
                        peek().position);
    tree_.root = ternary();
    if (peek().kind != TokenKind::End)
      throw SyntaxError("expected an operator or the end of the formula" + at(peek().position) +
                            ", found " + describe(peek()),
                        peek().position);
    program_.max_stack = max_height_;
    if (tree) *tree = std::move(tree_);
    return std::move(program_);
  }

 private:
  // One nesting level for the guard's lifetime.
  class Nest {
   public:
    Nest(Compiler& c, int position) : c_(c) {
      if (++c_.depth_ > kMaxDepth)
        throw SyntaxError("formula nested too deeply" + at(position) + " (at most " +
                              std::to_string(kMaxDepth) +
                              " levels of parentheses, function calls, prefix operators, '^' "
                              "and '?:')",
                          position);
    }
    ~Nest() { --c_.depth_; }

   private:
    Compiler& c_;
  };

  const Token& peek() const { return tokens_[next_]; }
  const Token& take() { return tokens_[next_++]; }
  bool at_kind(TokenKind kind) const { return peek().kind == kind; }

  // Appends an instruction and tracks the stack height along the fall-through path.
  int emit(Op op, int position, double value = 0, int index = 0) {
    Instruction in;
    in.op = op;
    in.position = position;
    in.value = value;
    in.index = static_cast<std::uint8_t>(index);
    program_.code.push_back(in);
    switch (op) {
      case Op::Push:
      case Op::Load:
        ++height_;
        break;
      case Op::Neg:
      case Op::Not:
      case Op::ToBool:
      case Op::Call1:
      case Op::Jump:
        break;
      default:  // binary operators, Call2 and the conditional jumps pop one value
        --height_;
        break;
    }
    if (height_ > max_height_) max_height_ = height_;
    if (max_height_ > kMaxStack)
      throw SyntaxError("formula too complex" + at(position) + " (more than " +
                            std::to_string(kMaxStack) + " values pending at once)",
                        position);
    return static_cast<int>(program_.code.size()) - 1;
  }

  void land(int jump) { program_.code[jump].target = static_cast<int>(program_.code.size()); }

  // Appends a tree node over `children` and returns its index.
  int node(NodeKind kind, std::vector<int> children = {}) {
    Node n;
    n.kind = kind;
    n.children = std::move(children);
    tree_.nodes.push_back(std::move(n));
    return static_cast<int>(tree_.nodes.size()) - 1;
  }
  int binary(Op op, int left, int right) {
    const int index = node(NodeKind::Binary, {left, right});
    tree_.nodes[index].op = op;
    return index;
  }

  int ternary() {
    const int condition = or_chain();
    if (!at_kind(TokenKind::Question)) return condition;
    const Token question = take();
    Nest nest(*this, question.position);
    const int to_else = emit(Op::JumpIfZero, question.position);
    const int yes = ternary();
    if (!at_kind(TokenKind::Colon))
      throw SyntaxError("expected ':'" + at(peek().position) + " for the '?' at position " +
                            std::to_string(question.position) + ", found " + describe(peek()),
                        peek().position);
    take();
    const int to_end = emit(Op::Jump, question.position);
    land(to_else);
    --height_;  // the else branch starts where the then branch did
    const int no = ternary();
    land(to_end);
    return node(NodeKind::Conditional, {condition, yes, no});
  }

  int or_chain() {
    int left = and_chain();
    while (at_kind(TokenKind::OrOr)) {
      const int position = take().position;
      const int to_end = emit(Op::JumpIfNonZeroKeep, position);
      const int right = and_chain();
      emit(Op::ToBool, position);
      land(to_end);
      left = node(NodeKind::Or, {left, right});
    }
    return left;
  }

  int and_chain() {
    int left = equality();
    while (at_kind(TokenKind::AndAnd)) {
      const int position = take().position;
      const int to_end = emit(Op::JumpIfZeroKeep, position);
      const int right = equality();
      emit(Op::ToBool, position);
      land(to_end);
      left = node(NodeKind::And, {left, right});
    }
    return left;
  }

  int equality() {
    int left = relation();
    while (at_kind(TokenKind::EqualEqual) || at_kind(TokenKind::NotEqual)) {
      const Token op = take();
      const int right = relation();
      const Op code = op.kind == TokenKind::EqualEqual ? Op::Equal : Op::NotEqual;
      emit(code, op.position);
      left = binary(code, left, right);
    }
    return left;
  }

  int relation() {
    int left = sum();
    for (;;) {
      Op op;
      switch (peek().kind) {
        case TokenKind::Less:
          op = Op::Less;
          break;
        case TokenKind::LessEqual:
          op = Op::LessEqual;
          break;
        case TokenKind::Greater:
          op = Op::Greater;
          break;
        case TokenKind::GreaterEqual:
          op = Op::GreaterEqual;
          break;
        default:
          return left;
      }
      const int position = take().position;
      const int right = sum();
      emit(op, position);
      left = binary(op, left, right);
    }
  }

  int sum() {
    int left = product();
    while (at_kind(TokenKind::Plus) || at_kind(TokenKind::Minus)) {
      const Token op = take();
      const int right = product();
      const Op code = op.kind == TokenKind::Plus ? Op::Add : Op::Sub;
      emit(code, op.position);
      left = binary(code, left, right);
    }
    return left;
  }

  int product() {
    int left = unary();
    while (at_kind(TokenKind::Star) || at_kind(TokenKind::Slash)) {
      const Token op = take();
      const int right = unary();
      const Op code = op.kind == TokenKind::Star ? Op::Mul : Op::Div;
      emit(code, op.position);
      left = binary(code, left, right);
    }
    return left;
  }

  int unary() {
    const TokenKind kind = peek().kind;
    if (kind != TokenKind::Minus && kind != TokenKind::Plus && kind != TokenKind::Bang)
      return power();
    const int position = take().position;
    Nest nest(*this, position);
    const int operand = unary();
    if (kind == TokenKind::Minus) {
      emit(Op::Neg, position);
      return node(NodeKind::Negate, {operand});
    }
    if (kind == TokenKind::Bang) {
      emit(Op::Not, position);
      return node(NodeKind::Not, {operand});
    }
    return operand;  // a prefix '+' changes nothing
  }

  int power() {
    const int base = primary();
    if (!at_kind(TokenKind::Caret)) return base;
    const int position = take().position;
    Nest nest(*this, position);
    // The exponent may carry its own sign: 2^-1; recursing makes ^ right-associative.
    const int exponent = unary();
    emit(Op::Pow, position);
    return binary(Op::Pow, base, exponent);
  }

  int primary() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::Number: {
        const double value = take().number;
        emit(Op::Push, token.position, value);
        const int index = node(NodeKind::Number);
        tree_.nodes[index].value = value;
        return index;
      }
      case TokenKind::LeftParen: {
        const Token open = take();
        Nest nest(*this, open.position);
        const int inner = ternary();
        expect_close(open);
        return inner;
      }
      case TokenKind::Identifier:
        return name();
      default:
        throw SyntaxError("expected a number, a variable, a function call or '('" +
                              at(token.position) + ", found " + describe(token),
                          token.position);
    }
  }

  void expect_close(const Token& open) {
    if (at_kind(TokenKind::RightParen)) {
      take();
      return;
    }
    throw SyntaxError("expected ')'" + at(peek().position) + " to close the '(' at position " +
                          std::to_string(open.position) + ", found " + describe(peek()),
                      peek().position);
  }

  int name() {
    const Token id = take();
    const bool call = at_kind(TokenKind::LeftParen);
    for (const VariableName& v : kVariables) {
      if (id.text != v.name) continue;
      if (call)
        throw SyntaxError("'" + id.text + "'" + at(id.position) +
                              " is a variable, not a function (functions: " + allowed_functions() +
                              ")",
                          id.position);
      emit(Op::Load, id.position, 0, static_cast<int>(v.variable));
      const int index = node(NodeKind::Variable);
      tree_.nodes[index].variable = v.variable;
      return index;
    }
    if (id.text == "pi" && !call) {
      emit(Op::Push, id.position, kPi);
      return node(NodeKind::Pi);
    }
    for (const FunctionName& f : kFunctions) {
      if (id.text != f.name) continue;
      if (!call)
        throw SyntaxError("expected '(' after the function '" + id.text + "'" +
                              at(peek().position) + ", found " + describe(peek()),
                          peek().position);
      return function_call(id, f);
    }
    if (call)
      throw SyntaxError("unknown function '" + id.text + "'" + at(id.position) +
                            " (functions: " + allowed_functions() + ")",
                        id.position);
    throw SyntaxError("unknown variable '" + id.text + "'" + at(id.position) +
                          " (variables: " + allowed_variables() + ")",
                      id.position);
  }

  int function_call(const Token& id, const FunctionName& f) {
    const Token open = take();
    Nest nest(*this, open.position);
    int count = 0;
    std::vector<int> arguments;
    if (!at_kind(TokenKind::RightParen)) {
      arguments.push_back(ternary());
      ++count;
      while (at_kind(TokenKind::Comma)) {
        take();
        arguments.push_back(ternary());
        ++count;
      }
    }
    expect_close(open);
    if (count != f.arity)
      throw SyntaxError(id.text + "()" + at(id.position) + " takes " + std::to_string(f.arity) +
                            (f.arity == 1 ? " argument" : " arguments") + ", found " +
                            std::to_string(count),
                        id.position);
    emit(f.arity == 1 ? Op::Call1 : Op::Call2, id.position, 0, static_cast<int>(f.function));
    const int index = node(NodeKind::Call, std::move(arguments));
    tree_.nodes[index].function = f.function;
    return index;
  }

  const std::vector<Token>& tokens_;
  size_t next_ = 0;
  Program program_;
  SyntaxTree tree_;
  int height_ = 0;
  int max_height_ = 0;
  int depth_ = 0;
};

}  // namespace

Program compile(const std::vector<Token>& tokens, SyntaxTree* tree) {
  return Compiler(tokens).run(tree);
}

bool SyntaxTree::reads(Variable variable) const {
  for (const Node& n : nodes)
    if (n.kind == NodeKind::Variable && n.variable == variable) return true;
  return false;
}

}  // namespace lrlab::formula
