#include "core/data.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace {

TEST(Problem, SpiralSplitsIntoTrainAndValidation) {
  lrlab::ProblemConfig config;
  config.samples = 100;
  config.val_fraction = 0.2;
  const auto p = lrlab::make_problem(config, 1);
  EXPECT_EQ(p.train.size(), 80);
  EXPECT_EQ(p.val.size(), 20);
  EXPECT_EQ(p.train.x.rows(), 2);
  EXPECT_EQ(p.train.y.rows(), 1);
  int ones = 0;
  for (int i = 0; i < 80; ++i) {
    EXPECT_TRUE(p.train.y(0, i) == 0 || p.train.y(0, i) == 1);
    ones += p.train.y(0, i) == 1;
    // noise 0.1 around a radius <= 1: points stay within a few noise widths of the unit disc
    EXPECT_LT(p.train.x.col(i).norm(), 1.6);
  }
  EXPECT_GT(ones, 25);
  EXPECT_LT(ones, 55);
}

TEST(Problem, SameSeedSameDataOtherSeedOtherData) {
  lrlab::ProblemConfig config;
  const auto a = lrlab::make_problem(config, 9), b = lrlab::make_problem(config, 9),
             c = lrlab::make_problem(config, 10);
  EXPECT_EQ(a.train.x, b.train.x);
  EXPECT_NE(a.train.x, c.train.x);
}

TEST(Problem, RejectsUnknownNameAndBadSizes) {
  lrlab::ProblemConfig config;
  config.name = "donut";
  EXPECT_THROW(lrlab::make_problem(config, 1), lrlab::Error);
  try {
    lrlab::make_problem(config, 1);
  } catch (const lrlab::Error& e) {
    EXPECT_NE(std::string(e.what()).find("problem.name"), std::string::npos);
  }
  config = {};
  config.samples = 0;
  EXPECT_THROW(lrlab::make_problem(config, 1), lrlab::Error);
}

}  // namespace
