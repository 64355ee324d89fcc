#pragma once
// The message of the lrlab::Error that `f` throws, or "" when it throws none: tests compare the
// core's messages (field, value, allowed range) with what they expect.
#include <functional>
#include <string>

#include "core/error.h"

namespace lrlab_test {

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const lrlab::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace lrlab_test
