// The hand-written SIMD kernels must give exactly the bits of the plain scalar loops they replace:
// that is what keeps native and wasm histories identical whatever the vector width.
#include "core/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "core/detmath.h"

namespace {

namespace kernels = lrlab::kernels;
namespace dm = lrlab::dm;

std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

std::vector<double> random_values(std::size_t n, std::mt19937_64& rng) {
  // Mixed magnitudes and signs, so the sums round differently in different orders.
  std::uniform_real_distribution<double> mantissa(-1, 1);
  std::uniform_int_distribution<int> exponent(-20, 20);
  std::vector<double> v(n);
  for (double& x : v) x = std::ldexp(mantissa(rng), exponent(rng));
  return v;
}

TEST(Product, EqualsReferenceLoopBitForBitOnOddSizesAndStrides) {
  std::mt19937_64 rng(7);
  const long sizes[] = {1, 2, 3, 5, 7, 8, 9, 16, 17, 33};
  for (long rows : sizes)
    for (long inner : {1L, 2L, 3L, 16L, 31L})
      for (long cols : {1L, 2L, 3L, 32L, 33L}) {
        const long lhs_stride = rows + 1, rhs_stride = inner + 3, out_stride = rows + 2;
        const std::vector<double> lhs = random_values(lhs_stride * inner, rng);
        const std::vector<double> rhs = random_values(rhs_stride * cols, rng);
        // Both layouts the model uses: rhs(t, c) down a column, and along a row (a transpose).
        const std::vector<double> rhs_t = random_values((inner + 1) * (cols + 1), rng);
        for (bool transposed : {false, true}) {
          const double* r = transposed ? rhs_t.data() : rhs.data();
          const long ris = transposed ? cols + 1 : 1;
          const long col_stride = transposed ? 1 : rhs_stride;
          std::vector<double> got(out_stride * cols, -7), want(out_stride * cols, -7);
          kernels::product(lhs.data(), rows, lhs_stride, inner, r, ris, col_stride, cols,
                           got.data(), out_stride);
          kernels::product_reference(lhs.data(), rows, lhs_stride, inner, r, ris, col_stride, cols,
                                     want.data(), out_stride);
          for (std::size_t k = 0; k < got.size(); ++k)
            ASSERT_EQ(bits(got[k]), bits(want[k]))
                << "rows " << rows << " inner " << inner << " cols " << cols << " transposed "
                << transposed << " at " << k;
        }
      }
}

TEST(RowSums, SumInColumnOrder) {
  std::mt19937_64 rng(3);
  for (long rows : {1L, 2L, 5L, 16L, 17L})
    for (long cols : {1L, 2L, 31L}) {
      const long stride = rows + 1;
      const std::vector<double> m = random_values(stride * cols, rng);
      std::vector<double> got(rows);
      kernels::row_sums(m.data(), rows, stride, cols, got.data());
      for (long i = 0; i < rows; ++i) {
        double want = m[i];
        for (long c = 1; c < cols; ++c) want = want + m[i + c * stride];
        ASSERT_EQ(bits(got[i]), bits(want)) << rows << "x" << cols << " row " << i;
      }
    }
}

TEST(AddToColumns, AddsTheBiasToEveryColumnOnOddSizes) {
  std::mt19937_64 rng(5);
  for (long rows : {1L, 2L, 5L, 16L, 17L})
    for (long cols : {1L, 3L}) {
      const long stride = rows + 1;
      const std::vector<double> bias = random_values(rows, rng);
      std::vector<double> m = random_values(stride * cols, rng);
      const std::vector<double> before = m;
      kernels::add_to_columns(m.data(), rows, stride, cols, bias.data());
      for (long c = 0; c < cols; ++c)
        for (long i = 0; i < stride; ++i) {
          const long k = i + c * stride;
          const double want = i < rows ? before[k] + bias[i] : before[k];  // padding untouched
          ASSERT_EQ(bits(m[k]), bits(want)) << rows << "x" << cols << " at " << k;
        }
    }
}

TEST(ScaleByTanhDerivative, MultipliesByOneMinusTheSquare) {
  std::mt19937_64 rng(6);
  std::uniform_real_distribution<double> unit(-1, 1);
  for (long count : {1L, 2L, 7L, 64L}) {
    std::vector<double> a(count), delta = random_values(count + 1, rng);
    for (double& x : a) x = unit(rng);
    const std::vector<double> before = delta;
    kernels::scale_by_tanh_derivative(a.data(), delta.data(), count);
    for (long i = 0; i < count; ++i)
      ASSERT_EQ(bits(delta[i]), bits(before[i] * (1 - a[i] * a[i]))) << count << " at " << i;
    EXPECT_EQ(bits(delta[count]), bits(before[count]));  // one past the end untouched
  }
}

TEST(Transpose, Swaps) {
  const double m[6] = {1, 2, 3, 4, 5, 6};  // 2 x 3
  double t[6];
  kernels::transpose(m, 2, 3, t);
  const double want[6] = {1, 3, 5, 2, 4, 6};
  for (int k = 0; k < 6; ++k) EXPECT_EQ(t[k], want[k]);
}

// Both formulas of dm::tanh (u / (u + 2) below 0.55, 1 - 2 / (u + 2) above), the reduction's
// k = 0 and k >= 1, the clamp and the special values, in every lane position and with odd counts
// (the scalar tail).
TEST(TanhArray, EqualsScalarTanhBitForBit) {
  std::vector<double> inputs = {0.0,
                                -0.0,
                                0x1p-30,
                                -0x1p-29,
                                0x1p-28,
                                1e-300,
                                4.9e-324,
                                0.1,
                                0.17328679513998632,
                                0.1732867951399863,
                                0.17328679513998635,
                                0.3,
                                0.55,
                                std::nextafter(0.55, 0.0),
                                0.7,
                                1,
                                5,
                                21.999999,
                                22,
                                700,
                                1e300,
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::quiet_NaN(),
                                -std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::denorm_min()};
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> wide(-25, 25), narrow(-0.6, 0.6);
  std::uniform_int_distribution<int> exponent(-60, 6);
  std::uniform_real_distribution<double> unit(-1, 1);
  for (int i = 0; i < 200000; ++i) inputs.push_back(wide(rng));
  for (int i = 0; i < 200000; ++i) inputs.push_back(narrow(rng));
  for (int i = 0; i < 200000; ++i) inputs.push_back(std::ldexp(unit(rng), exponent(rng)));
  const std::size_t specials = 27;
  for (std::size_t i = 0; i < specials; ++i) inputs.push_back(-inputs[i]);

  for (std::size_t offset : {0, 1, 3, 7}) {
    std::vector<double> values(inputs.begin() + offset, inputs.end());
    dm::tanh_array(values.data(), static_cast<long>(values.size()));
    for (std::size_t k = 0; k < values.size(); ++k) {
      const double x = inputs[k + offset];
      const double want = dm::tanh(x);
      if (std::isnan(want)) {
        ASSERT_TRUE(std::isnan(values[k])) << x;
      } else {
        ASSERT_EQ(bits(values[k]), bits(want)) << "tanh(" << x << ") at " << k;
      }
    }
  }
}

}  // namespace
