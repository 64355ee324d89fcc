#pragma once
// A compiled formula: a flat postfix program run on a fixed-size local stack, so evaluating it
// allocates nothing and is safe to call concurrently. Conditionals (?:, &&, ||) compile to jumps,
// so only the taken branch runs: `epoch > 0 ? 1 / epoch : 1` never divides by zero.
#include <cstdint>
#include <string>
#include <vector>

namespace lrlab::formula {

enum class Variable : std::uint8_t { Epoch, Step, Lr, Lr0 };
constexpr int kVariableCount = 4;

enum class Function : std::uint8_t { Exp, Log, Sqrt, Pow, Min, Max, Abs, Floor, Ceil, Cos, Sin };

enum class Op : std::uint8_t {
  Push,  // value
  Load,  // variable
  Neg,
  Not,
  ToBool,  // x != 0 ? 1 : 0
  Add,
  Sub,
  Mul,
  Div,
  Pow,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  Equal,
  NotEqual,
  Call1,  // function of one argument
  Call2,  // function of two arguments
  Jump,
  JumpIfZero,         // pops the condition
  JumpIfZeroKeep,     // &&: if top == 0 leave 0 and jump, else pop
  JumpIfNonZeroKeep,  // ||: if top != 0 leave 1 and jump, else pop
};

struct Instruction {
  Op op = Op::Push;
  std::uint8_t index = 0;  // Variable or Function
  int target = 0;          // jump destination
  int position = 0;        // 1-based source position, for evaluation errors
  double value = 0;        // Push
};

// Why an evaluation stopped. Intermediate values may be zero or negative; only the final value
// must be a rate (> 0), which the schedule's caller checks.
enum class Fault : std::uint8_t {
  None,
  DivisionByZero,
  LogOfNonPositive,
  SqrtOfNegative,
  PowUndefined,  // negative base with a non-integer exponent, or 0 to a negative power
  NotFinite,     // overflow, e.g. exp(1000)
};

struct Result {
  double value = 0;  // NaN when fault != None
  Fault fault = Fault::None;
  int position = 0;  // where the fault happened (1-based), 0 when none
};

// "division by zero at position 12".
std::string describe(Fault fault, int position);

constexpr int kMaxStack = 256;

struct Program {
  std::vector<Instruction> code;
  int max_stack = 0;  // <= kMaxStack, checked by the compiler

  // variables[i] is the value of Variable(i). Never throws, never allocates.
  Result run(const double (&variables)[kVariableCount]) const noexcept;
};

}  // namespace lrlab::formula
