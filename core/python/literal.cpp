#include "core/python/literal.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lrlab::python {

std::string js_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";  // -0 too, as JavaScript prints it
  // The fewest significant digits that read back as `value`: printf rounds correctly, so the
  // first precision that round-trips gives JavaScript's digits.
  char buffer[40];
  for (int precision = 0; precision <= 16; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*e", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  // buffer: [-]d[.ddd]e(+|-)xx
  const std::string text(buffer);
  const bool negative = text[0] == '-';
  const size_t e = text.find('e');
  std::string digits;
  for (size_t i = negative ? 1 : 0; i < e; ++i)
    if (text[i] != '.') digits += text[i];
  const int k = static_cast<int>(digits.size());
  const int n = std::atoi(text.c_str() + e + 1) + 1;  // value = 0.digits * 10^n
  std::string out = negative ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
  }
  return out;
}

std::string float_literal(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return js_number(value) + ".0";
  return js_number(value);
}

std::string int_literal(double value) {
  return js_number(std::floor(value + 0.5));  // JavaScript's Math.round
}

std::string bool_literal(bool value) {
  return value ? "True" : "False";
}

std::string joined(const std::vector<double>& values, bool integers) {
  std::string out;
  for (double value : values)
    out += (out.empty() ? "" : ", ") + (integers ? int_literal(value) : float_literal(value));
  return out;
}

std::string float_tuple(const std::vector<double>& values) {
  return "(" + joined(values, false) + (values.size() == 1 ? ",)" : ")");
}

}  // namespace lrlab::python
