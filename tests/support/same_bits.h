#pragma once
// Bit-for-bit comparison of doubles and of recorded series: two runs are "the same" only when
// every value has the same bits (a NaN equals a NaN of the same bits, -0 differs from +0).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace lrlab_test {

inline bool same_bits(double a, double b) {
  std::uint64_t x, y;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return x == y;
}

// The first index where two series differ, named, or success when every value has the same bits.
inline ::testing::AssertionResult same_series(const char* name, const std::vector<double>& a,
                                              const std::vector<double>& b) {
  if (a.size() != b.size())
    return ::testing::AssertionFailure() << name << ": sizes " << a.size() << " and " << b.size();
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_bits(a[i], b[i]))
      return ::testing::AssertionFailure() << name << "[" << i << "]: " << a[i] << " vs " << b[i];
  return ::testing::AssertionSuccess();
}

}  // namespace lrlab_test
