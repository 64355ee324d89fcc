#include "core/formula/program.h"

#include <cmath>

#include "core/detmath.h"

namespace lrlab::formula {

std::string describe(Fault fault, int position) {
  std::string what;
  switch (fault) {
    case Fault::None:
      return "";
    case Fault::DivisionByZero:
      what = "division by zero";
      break;
    case Fault::LogOfNonPositive:
      what = "log of a number <= 0";
      break;
    case Fault::SqrtOfNegative:
      what = "sqrt of a negative number";
      break;
    case Fault::PowUndefined:
      what =
          "power undefined (negative base with a non-integer exponent, or 0 to a negative power)";
      break;
    case Fault::NotFinite:
      what = "value too large (not a finite number)";
      break;
  }
  return what + " at position " + std::to_string(position);
}

// Handles the signs itself so that the result does not depend on how dm::pow treats a negative
// base: (-2)^3 = -8, (-8)^(1/3) is a fault rather than NaN.
static Fault power(double base, double exponent, double& out) {
  if (base == 0) {
    if (exponent < 0) return Fault::PowUndefined;
    out = exponent == 0 ? 1.0 : 0.0;
    return Fault::None;
  }
  if (base < 0) {
    if (exponent != std::floor(exponent)) return Fault::PowUndefined;
    const double magnitude = dm::pow(-base, exponent);
    out = std::fmod(exponent, 2.0) == 0 ? magnitude : -magnitude;
    return Fault::None;
  }
  out = dm::pow(base, exponent);
  return Fault::None;
}

static Fault call1(Function f, double x, double& out) {
  switch (f) {
    case Function::Exp:
      out = dm::exp(x);
      return Fault::None;
    case Function::Log:
      if (!(x > 0)) return Fault::LogOfNonPositive;
      out = dm::log(x);
      return Fault::None;
    case Function::Sqrt:
      if (x < 0) return Fault::SqrtOfNegative;
      out = std::sqrt(x);  // IEEE 754 requires sqrt to be correctly rounded: same bits everywhere
      return Fault::None;
    case Function::Abs:
      out = std::fabs(x);
      return Fault::None;
    case Function::Floor:
      out = std::floor(x);
      return Fault::None;
    case Function::Ceil:
      out = std::ceil(x);
      return Fault::None;
    case Function::Cos:
      out = dm::cos(x);
      return Fault::None;
    case Function::Sin:
      out = dm::sin(x);
      return Fault::None;
    default:
      out = 0;  // two-argument functions never reach here (the compiler checks arity)
      return Fault::None;
  }
}

static Fault call2(Function f, double a, double b, double& out) {
  switch (f) {
    case Function::Pow:
      return power(a, b, out);
    case Function::Min:
      out = a < b ? a : b;
      return Fault::None;
    case Function::Max:
      out = a > b ? a : b;
      return Fault::None;
    default:
      out = 0;
      return Fault::None;
  }
}

Result Program::run(const double (&variables)[kVariableCount]) const noexcept {
  // Slot 0 is never used: `top` starts on it, so the empty stack has a valid pointer (pointing
  // one before the array, as this once did, is undefined behaviour that UBSan reports).
  double stack[kMaxStack + 1];
  double* top = stack;  // the top element
  const Instruction* const begin = code.data();
  const Instruction* const end = begin + code.size();
  for (const Instruction* in = begin; in != end; ++in) {
    Fault fault = Fault::None;
    // One flat switch: comparisons and logic cannot fail, so they skip the checks at the bottom.
    switch (in->op) {
      case Op::Push:
        *++top = in->value;
        continue;
      case Op::Load:
        *++top = variables[in->index];
        continue;
      case Op::Neg:
        *top = -*top;
        continue;
      case Op::Not:
        *top = *top == 0 ? 1.0 : 0.0;
        continue;
      case Op::ToBool:
        *top = *top != 0 ? 1.0 : 0.0;
        continue;
      case Op::Jump:
        in = begin + in->target - 1;
        continue;
      case Op::JumpIfZero:
        if (*top-- == 0) in = begin + in->target - 1;
        continue;
      case Op::JumpIfZeroKeep:
        if (*top == 0) {
          *top = 0.0;
          in = begin + in->target - 1;
        } else {
          --top;
        }
        continue;
      case Op::JumpIfNonZeroKeep:
        if (*top != 0) {
          *top = 1.0;
          in = begin + in->target - 1;
        } else {
          --top;
        }
        continue;
      case Op::Less:
        --top;
        *top = top[0] < top[1] ? 1.0 : 0.0;
        continue;
      case Op::LessEqual:
        --top;
        *top = top[0] <= top[1] ? 1.0 : 0.0;
        continue;
      case Op::Greater:
        --top;
        *top = top[0] > top[1] ? 1.0 : 0.0;
        continue;
      case Op::GreaterEqual:
        --top;
        *top = top[0] >= top[1] ? 1.0 : 0.0;
        continue;
      case Op::Equal:
        --top;
        *top = top[0] == top[1] ? 1.0 : 0.0;
        continue;
      case Op::NotEqual:
        --top;
        *top = top[0] != top[1] ? 1.0 : 0.0;
        continue;
      case Op::Add:
        --top;
        *top = top[0] + top[1];
        break;
      case Op::Sub:
        --top;
        *top = top[0] - top[1];
        break;
      case Op::Mul:
        --top;
        *top = top[0] * top[1];
        break;
      case Op::Div:
        --top;
        if (top[1] == 0)
          fault = Fault::DivisionByZero;
        else
          *top = top[0] / top[1];
        break;
      case Op::Pow:
        --top;
        fault = power(top[0], top[1], *top);
        break;
      case Op::Call1:
        fault = call1(static_cast<Function>(in->index), *top, *top);
        break;
      case Op::Call2:
        --top;
        fault = call2(static_cast<Function>(in->index), top[0], top[1], *top);
        break;
    }
    // Every input is finite, so a non-finite value is new here: an overflow.
    if (fault == Fault::None && !std::isfinite(*top)) fault = Fault::NotFinite;
    if (fault != Fault::None) return Result{std::nan(""), fault, in->position};
  }
  return Result{stack[1], Fault::None, 0};
}

}  // namespace lrlab::formula
