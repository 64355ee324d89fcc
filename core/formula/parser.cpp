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

  Program run() {
    if (peek().kind == TokenKind::End)
      throw SyntaxError("empty formula: expected an expression such as 0.01 * exp(-0.1 * epoch)",
                        peek().position);
    ternary();
    if (peek().kind != TokenKind::End)
      throw SyntaxError("expected an operator or the end of the formula" + at(peek().position) +
                            ", found " + describe(peek()),
                        peek().position);
    program_.max_stack = max_height_;
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

  void ternary() {
    or_chain();
    if (!at_kind(TokenKind::Question)) return;
    const Token question = take();
    Nest nest(*this, question.position);
    const int to_else = emit(Op::JumpIfZero, question.position);
    ternary();
    if (!at_kind(TokenKind::Colon))
      throw SyntaxError("expected ':'" + at(peek().position) + " for the '?' at position " +
                            std::to_string(question.position) + ", found " + describe(peek()),
                        peek().position);
    take();
    const int to_end = emit(Op::Jump, question.position);
    land(to_else);
    --height_;  // the else branch starts where the then branch did
    ternary();
    land(to_end);
  }

  void or_chain() {
    and_chain();
    while (at_kind(TokenKind::OrOr)) {
      const int position = take().position;
      const int to_end = emit(Op::JumpIfNonZeroKeep, position);
      and_chain();
      emit(Op::ToBool, position);
      land(to_end);
    }
  }

  void and_chain() {
    equality();
    while (at_kind(TokenKind::AndAnd)) {
      const int position = take().position;
      const int to_end = emit(Op::JumpIfZeroKeep, position);
      equality();
      emit(Op::ToBool, position);
      land(to_end);
    }
  }

  void equality() {
    relation();
    while (at_kind(TokenKind::EqualEqual) || at_kind(TokenKind::NotEqual)) {
      const Token op = take();
      relation();
      emit(op.kind == TokenKind::EqualEqual ? Op::Equal : Op::NotEqual, op.position);
    }
  }

  void relation() {
    sum();
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
          return;
      }
      const int position = take().position;
      sum();
      emit(op, position);
    }
  }

  void sum() {
    product();
    while (at_kind(TokenKind::Plus) || at_kind(TokenKind::Minus)) {
      const Token op = take();
      product();
      emit(op.kind == TokenKind::Plus ? Op::Add : Op::Sub, op.position);
    }
  }

  void product() {
    unary();
    while (at_kind(TokenKind::Star) || at_kind(TokenKind::Slash)) {
      const Token op = take();
      unary();
      emit(op.kind == TokenKind::Star ? Op::Mul : Op::Div, op.position);
    }
  }

  void unary() {
    const TokenKind kind = peek().kind;
    if (kind != TokenKind::Minus && kind != TokenKind::Plus && kind != TokenKind::Bang) {
      power();
      return;
    }
    const int position = take().position;
    Nest nest(*this, position);
    unary();
    if (kind == TokenKind::Minus) emit(Op::Neg, position);
    if (kind == TokenKind::Bang) emit(Op::Not, position);
  }

  void power() {
    primary();
    if (!at_kind(TokenKind::Caret)) return;
    const int position = take().position;
    Nest nest(*this, position);
    unary();  // the exponent may carry its own sign: 2^-1; recursing makes ^ right-associative
    emit(Op::Pow, position);
  }

  void primary() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::Number:
        emit(Op::Push, token.position, take().number);
        return;
      case TokenKind::LeftParen: {
        const Token open = take();
        Nest nest(*this, open.position);
        ternary();
        expect_close(open);
        return;
      }
      case TokenKind::Identifier:
        name();
        return;
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

  void name() {
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
      return;
    }
    if (id.text == "pi" && !call) {
      emit(Op::Push, id.position, kPi);
      return;
    }
    for (const FunctionName& f : kFunctions) {
      if (id.text != f.name) continue;
      if (!call)
        throw SyntaxError("expected '(' after the function '" + id.text + "'" +
                              at(peek().position) + ", found " + describe(peek()),
                          peek().position);
      function_call(id, f);
      return;
    }
    if (call)
      throw SyntaxError("unknown function '" + id.text + "'" + at(id.position) +
                            " (functions: " + allowed_functions() + ")",
                        id.position);
    throw SyntaxError("unknown variable '" + id.text + "'" + at(id.position) +
                          " (variables: " + allowed_variables() + ")",
                      id.position);
  }

  void function_call(const Token& id, const FunctionName& f) {
    const Token open = take();
    Nest nest(*this, open.position);
    int count = 0;
    if (!at_kind(TokenKind::RightParen)) {
      ternary();
      ++count;
      while (at_kind(TokenKind::Comma)) {
        take();
        ternary();
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
  }

  const std::vector<Token>& tokens_;
  size_t next_ = 0;
  Program program_;
  int height_ = 0;
  int max_height_ = 0;
  int depth_ = 0;
};

}  // namespace

Program compile(const std::vector<Token>& tokens) {
  return Compiler(tokens).run();
}

}  // namespace lrlab::formula
