#include "core/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace {

TEST(Rng, SameSeedSameStreamDifferentSeedDifferentStream) {
  lrlab::Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    EXPECT_NE(x, c.next_u64());
  }
}

TEST(Rng, UniformMomentsAndRange) {
  lrlab::Rng rng(1);
  const int n = 200000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
  EXPECT_NEAR(sum_sq / n - 0.25, 1.0 / 12, 0.002);
}

TEST(Rng, NormalMoments) {
  lrlab::Rng rng(7);
  const int n = 200000;
  double sum = 0, sum_sq = 0, sum_4 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    sum += z;
    sum_sq += z * z;
    sum_4 += z * z * z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum_sq / n, 1.0, 0.015);
  EXPECT_NEAR(sum_4 / n, 3.0, 0.1);  // kurtosis of a normal
}

TEST(Rng, BelowIsUniformOverResidues) {
  lrlab::Rng rng(3);
  int counts[7] = {};
  for (int i = 0; i < 70000; ++i) {
    const auto k = rng.below(7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
  EXPECT_EQ(rng.below(1), 0u);
}

TEST(Rng, ShuffleIsAPermutationAndDependsOnSeed) {
  std::vector<int> a(50), b(50);
  for (int i = 0; i < 50; ++i) a[i] = b[i] = i;
  lrlab::Rng r1(5), r2(6);
  r1.shuffle(a);
  r2.shuffle(b);
  EXPECT_NE(a, b);
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(sorted[i], i);
}

}  // namespace
