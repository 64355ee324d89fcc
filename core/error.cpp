#include "core/error.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lrlab {

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  // Whole numbers below a million read best in full ("1000", not "1e+03").
  if (value == std::floor(value) && std::fabs(value) < 1e6) {
    char whole[32];
    std::snprintf(whole, sizeof whole, "%.0f", value);
    return whole;
  }
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  // "1e+09" -> "1e9", "2.5e-07" -> "2.5e-7": the way people type them.
  std::string text = buffer;
  const std::size_t e = text.find('e');
  if (e != std::string::npos) {
    std::string exponent = text.substr(e + 1);
    const bool negative = exponent[0] == '-';
    std::size_t digits = exponent.find_first_not_of("+-0");
    text = text.substr(0, e + 1) + (negative ? "-" : "") +
           (digits == std::string::npos ? "0" : exponent.substr(digits));
  }
  return text;
}

void fail_field(const std::string& field, const std::string& value, const std::string& allowed) {
  // A pasted 10,000-character name must not become a 10,000-character message beside a control.
  constexpr std::size_t kMaxShown = 80;
  const std::string shown =
      value.size() > kMaxShown ? value.substr(0, kMaxShown - 3) + "..." : value;
  throw Error(field + ": " + shown + " is not allowed (" + allowed + ")");
}

void fail_field(const std::string& field, double value, const std::string& allowed) {
  fail_field(field, format_number(value), allowed);
}

}  // namespace lrlab
