#pragma once
// Recursive-descent compiler from tokens to a postfix Program (the compact form the hot path
// needs) and, in the same pass, the formula's syntax tree (syntax_tree.h) for those who look at
// its shape. Grammar, loosest binding first:
//   ternary  := or [ '?' ternary ':' ternary ]          right-associative
//   or       := and { '||' and }
//   and      := equality { '&&' equality }
//   equality := relation { ('==' | '!=') relation }
//   relation := sum { ('<' | '<=' | '>' | '>=') sum }
//   sum      := product { ('+' | '-') product }
//   product  := unary { ('*' | '/') unary }
//   unary    := ('-' | '+' | '!') unary | power
//   power    := primary [ '^' unary ]                   right-associative, tighter than prefix
//   primary  := number | variable | function '(' [ ternary { ',' ternary } ] ')' | '(' ternary ')'
// so -2^2 = -4, 2^3^2 = 512, 2^-1 = 0.5, and a < b ? c : d ? e : f = a < b ? c : (d ? e : f).
#include <vector>

#include "core/formula/lexer.h"
#include "core/formula/program.h"
#include "core/formula/syntax_tree.h"

namespace lrlab::formula {

// Nesting levels allowed: each '(' group, function call, prefix operator, '^' exponent and '?:'
// branch opens one. Bounds the parser's recursion and the evaluation stack.
constexpr int kMaxDepth = 64;

// Throws SyntaxError ("expected ')' at position 7 to close the '(' at position 1, found end of
// input"; "unknown function 'expp' at position 1 (allowed: exp, log, ...)"; ...).
// The tree is written to `tree` when given.
Program compile(const std::vector<Token>& tokens, SyntaxTree* tree = nullptr);

}  // namespace lrlab::formula
