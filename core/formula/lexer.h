#pragma once
// Splits a formula into tokens. Positions are 1-based character (byte) offsets: the first
// character of the text is position 1, and the end of input is position size + 1.
#include <string>
#include <vector>

namespace lrlab::formula {

enum class TokenKind {
  Number,
  Identifier,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  EqualEqual,
  NotEqual,
  AndAnd,
  OrOr,
  Bang,
  Question,
  Colon,
  LeftParen,
  RightParen,
  Comma,
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  int position = 1;
  double number = 0;  // Number
  std::string text;   // as written (identifier name, operator spelling)
};

// Always ends with an End token. Throws SyntaxError for characters outside the language and for
// malformed or out-of-range numbers.
std::vector<Token> tokenize(const std::string& text);

// How a token reads in "found ..." messages: "')'", "number 2.5", "name 'foo'", "end of input".
std::string describe(const Token& token);

}  // namespace lrlab::formula
