// The binary cross-entropy gradient shares one exp(-|z|) between the loss term and the sigmoid;
// its result must be exactly scale * (dm::sigmoid(z) - y), the definition, on both of sigmoid's
// branches, at the signed zeros and where exp underflows.
#include "core/loss.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/detmath.h"

namespace {

std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

TEST(BinaryCrossEntropy, GradientIsScaledSigmoidMinusTargetBitForBit) {
  const std::vector<double> logits = {0.0,  -0.0,  1e-300, -1e-300, 0.3,  -0.3,  2.5,   -2.5,
                                      17.0, -17.0, 36.9,   -36.9,   80.0, -80.0, 800.0, -800.0};
  const auto n = static_cast<Eigen::Index>(logits.size());
  Eigen::MatrixXd z(1, n), y(1, n), dz(1, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    z(0, j) = logits[static_cast<std::size_t>(j)];
    y(0, j) = j % 3 == 0 ? 0.0 : 1.0;
  }
  const double loss = lrlab::loss_and_delta(lrlab::LossKind::BinaryCrossEntropy, z, y, dz);
  const double scale = 1.0 / static_cast<double>(n);
  double sum = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    const double zj = z(0, j), yj = y(0, j);
    ASSERT_EQ(bits(dz(0, j)), bits(scale * (lrlab::dm::sigmoid(zj) - yj))) << "z = " << zj;
    sum += (zj > 0 ? zj : 0.0) - zj * yj + std::log1p(std::exp(-std::fabs(zj)));
  }
  EXPECT_NEAR(loss, sum * scale, 1e-13);
  EXPECT_EQ(loss, lrlab::loss_sum(lrlab::LossKind::BinaryCrossEntropy, z, y) * scale);
}

TEST(BinaryCrossEntropy, NanLogitGivesNanGradient) {
  Eigen::MatrixXd z(1, 1), y(1, 1), dz(1, 1);
  z(0, 0) = std::numeric_limits<double>::quiet_NaN();
  y(0, 0) = 1;
  EXPECT_TRUE(std::isnan(lrlab::loss_and_delta(lrlab::LossKind::BinaryCrossEntropy, z, y, dz)));
  EXPECT_TRUE(std::isnan(dz(0, 0)));
}

}  // namespace
