#include "core/formula/lexer.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/formula/syntax_error.h"

namespace lrlab::formula {

static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
static bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
static bool is_name_char(char c) {
  return is_name_start(c) || is_digit(c);
}

static std::string at(size_t index) {
  return " at position " + std::to_string(index + 1);
}

static std::string show_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string("'") + c + "'";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "byte 0x%02X", byte);
  return buffer;
}

// digits [. digits] [e [+-] digits], or . digits [...]; the caller saw a digit or a '.'.
static Token lex_number(const std::string& text, size_t& i) {
  const size_t start = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
  }
  if (i - start == 1 && text[start] == '.')
    throw SyntaxError("expected a digit after '.'" + at(i), static_cast<int>(i + 1));
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (i >= text.size() || !is_digit(text[i]))
      throw SyntaxError("malformed number: expected a digit in the exponent" + at(i),
                        static_cast<int>(i + 1));
    while (i < text.size() && is_digit(text[i])) ++i;
  }
  if (i < text.size() && is_name_start(text[i]))
    throw SyntaxError("malformed number: unexpected " + show_char(text[i]) + at(i),
                      static_cast<int>(i + 1));
  Token token;
  token.kind = TokenKind::Number;
  token.position = static_cast<int>(start + 1);
  token.text = text.substr(start, i - start);
  // strtod rounds correctly in both glibc and musl, so native and wasm read the same bits.
  token.number = std::strtod(token.text.c_str(), nullptr);
  if (!std::isfinite(token.number))
    throw SyntaxError("number " + token.text + " is too large" + at(start), token.position);
  return token;
}

struct Spelling {
  const char* text;
  TokenKind kind;
};

// Two-character operators first, so "<=" is not read as "<" then "=".
static const Spelling kOperators[] = {
    {"<=", TokenKind::LessEqual}, {">=", TokenKind::GreaterEqual}, {"==", TokenKind::EqualEqual},
    {"!=", TokenKind::NotEqual},  {"&&", TokenKind::AndAnd},       {"||", TokenKind::OrOr},
    {"+", TokenKind::Plus},       {"-", TokenKind::Minus},         {"*", TokenKind::Star},
    {"/", TokenKind::Slash},      {"^", TokenKind::Caret},         {"<", TokenKind::Less},
    {">", TokenKind::Greater},    {"!", TokenKind::Bang},          {"?", TokenKind::Question},
    {":", TokenKind::Colon},      {"(", TokenKind::LeftParen},     {")", TokenKind::RightParen},
    {",", TokenKind::Comma},
};

std::vector<Token> tokenize(const std::string& text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (is_digit(c) || c == '.') {
      tokens.push_back(lex_number(text, i));
      continue;
    }
    if (is_name_start(c)) {
      const size_t start = i;
      while (i < text.size() && is_name_char(text[i])) ++i;
      Token token;
      token.kind = TokenKind::Identifier;
      token.position = static_cast<int>(start + 1);
      token.text = text.substr(start, i - start);
      tokens.push_back(token);
      continue;
    }
    bool matched = false;
    for (const Spelling& op : kOperators) {
      const std::string spelled = op.text;
      if (text.compare(i, spelled.size(), spelled) == 0) {
        Token token;
        token.kind = op.kind;
        token.position = static_cast<int>(i + 1);
        token.text = spelled;
        tokens.push_back(token);
        i += spelled.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const int position = static_cast<int>(i + 1);
    if (c == '=') throw SyntaxError("unexpected '='" + at(i) + " (compare with '==')", position);
    if (c == '&') throw SyntaxError("expected '&&'" + at(i) + ", found a single '&'", position);
    if (c == '|') throw SyntaxError("expected '||'" + at(i) + ", found a single '|'", position);
    throw SyntaxError("unexpected character " + show_char(c) + at(i), position);
  }
  Token end;
  end.kind = TokenKind::End;
  end.position = static_cast<int>(text.size() + 1);
  tokens.push_back(end);
  return tokens;
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::End:
      return "end of input";
    case TokenKind::Number:
      return "number " + token.text;
    case TokenKind::Identifier:
      return "name '" + token.text + "'";
    default:
      return "'" + token.text + "'";
  }
}

}  // namespace lrlab::formula
