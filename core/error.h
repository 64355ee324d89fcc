#pragma once
// Errors are values at the boundary: every validation failure is an lrlab::Error whose message
// names the field, the offending value and the allowed range, e.g.
//   "optimizer.learning_rate: -1 is not allowed (must be a finite number > 0)".
// Only configuration and parsing code throws; the training hot path is noexcept.
#include <stdexcept>
#include <string>

namespace lrlab {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Formats a number the way messages show it (shortest form that round-trips, "nan", "inf").
std::string format_number(double value);

// Throws Error("<field>: <value> is not allowed (<allowed>)").
[[noreturn]] void fail_field(const std::string& field, const std::string& value,
                             const std::string& allowed);
[[noreturn]] void fail_field(const std::string& field, double value, const std::string& allowed);

}  // namespace lrlab
