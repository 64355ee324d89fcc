#pragma once
// A formula that cannot be compiled. The message already carries "at position P" (1-based);
// position() lets the page put the caret there.
#include <string>

#include "core/error.h"

namespace lrlab::formula {

class SyntaxError : public Error {
 public:
  SyntaxError(const std::string& message, int position) : Error(message), position_(position) {}
  int position() const { return position_; }

 private:
  int position_;
};

}  // namespace lrlab::formula
