#include "core/error.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lrlab {

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

void fail_field(const std::string& field, const std::string& value, const std::string& allowed) {
  throw Error(field + ": " + value + " is not allowed (" + allowed + ")");
}

void fail_field(const std::string& field, double value, const std::string& allowed) {
  fail_field(field, format_number(value), allowed);
}

}  // namespace lrlab
