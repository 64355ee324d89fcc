#include "core/data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

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

// ---- every problem ----

lrlab::Problem make(const std::string& name, int samples, double noise, std::uint64_t seed = 3,
                    double val_fraction = 0.25) {
  lrlab::ProblemConfig config;
  config.name = name;
  config.samples = samples;
  config.noise = noise;
  config.val_fraction = val_fraction;
  return lrlab::make_problem(config, seed);
}

// Train and validation together, in no particular order.
lrlab::Dataset joined(const lrlab::Problem& p) {
  lrlab::Dataset d = p.train;
  d.x.conservativeResize(Eigen::NoChange, p.train.size() + p.val.size());
  d.y.conservativeResize(Eigen::NoChange, p.train.size() + p.val.size());
  d.x.rightCols(p.val.size()) = p.val.x;
  d.y.rightCols(p.val.size()) = p.val.y;
  return d;
}

TEST(Problem, EveryNameIsListedAndHasTheAdvertisedShape) {
  const std::vector<std::string> expected = {"spiral", "moons", "circles", "xor",
                                             "blobs",  "sine",  "linear"};
  EXPECT_EQ(lrlab::problem_names(), expected);
  for (const std::string& name : lrlab::problem_names()) {
    SCOPED_TRACE(name);
    const lrlab::ProblemShape shape = lrlab::problem_shape(name);
    const auto p = make(name, 200, 0.1);
    EXPECT_EQ(p.train.size(), 150);
    EXPECT_EQ(p.val.size(), 50);
    for (const lrlab::Dataset* d : {&p.train, &p.val}) {
      EXPECT_EQ(d->task, shape.task);
      EXPECT_EQ(d->classes, shape.classes);
      EXPECT_EQ(d->inputs(), shape.inputs);
      EXPECT_EQ(d->outputs(), shape.outputs);
      EXPECT_EQ(d->y.cols(), d->x.cols());
      EXPECT_TRUE(d->x.allFinite());
      EXPECT_TRUE(d->y.allFinite());
    }
  }
  EXPECT_EQ(lrlab::problem_shape("blobs").task, lrlab::Task::MultiClass);
  EXPECT_EQ(lrlab::problem_shape("blobs").outputs, 3);
  EXPECT_EQ(lrlab::problem_shape("sine").task, lrlab::Task::Regression);
  EXPECT_EQ(lrlab::problem_shape("linear").inputs, 1);
  EXPECT_EQ(lrlab::problem_shape("xor").task, lrlab::Task::Binary);
}

TEST(Problem, ClassificationLabelsAreValidAndBalanced) {
  for (const std::string name : {"spiral", "moons", "circles", "xor"}) {
    SCOPED_TRACE(name);
    const auto all = joined(make(name, 300, 0.2));
    int ones = 0;
    for (Eigen::Index i = 0; i < all.size(); ++i) {
      ASSERT_TRUE(all.y(0, i) == 0 || all.y(0, i) == 1);
      ones += all.y(0, i) == 1;
    }
    EXPECT_EQ(ones, 150);  // classes alternate before the shuffle
  }
  const auto blobs = joined(make("blobs", 300, 0.2));
  int counts[3] = {};
  for (Eigen::Index i = 0; i < blobs.size(); ++i) {
    int hot = -1;
    for (int c = 0; c < 3; ++c) {
      ASSERT_TRUE(blobs.y(c, i) == 0 || blobs.y(c, i) == 1);
      if (blobs.y(c, i) == 1) {
        ASSERT_EQ(hot, -1) << "two hot entries in column " << i;
        hot = c;
      }
    }
    ASSERT_NE(hot, -1);
    ++counts[hot];
  }
  for (int c : counts) EXPECT_EQ(c, 100);
}

TEST(Problem, EveryProblemIsDeterministicPerSeed) {
  for (const std::string& name : lrlab::problem_names()) {
    SCOPED_TRACE(name);
    const auto a = make(name, 64, 0.1, 5), b = make(name, 64, 0.1, 5), c = make(name, 64, 0.1, 6);
    EXPECT_EQ(a.train.x, b.train.x);
    EXPECT_EQ(a.train.y, b.train.y);
    EXPECT_EQ(a.val.x, b.val.x);
    EXPECT_NE(a.train.x, c.train.x);
  }
}

TEST(Problem, TrainAndValidationPartitionTheSamples) {
  // Every generated sample lands in exactly one of the two sets: the regression inputs are
  // distinct random draws, so a column appearing twice would show a duplicated or lost sample.
  const auto p = make("sine", 101, 0.0, 4, 0.3);
  EXPECT_EQ(p.val.size(), 30);  // floor(101 * 0.3)
  EXPECT_EQ(p.train.size(), 71);
  std::vector<double> xs;
  for (Eigen::Index i = 0; i < p.train.size(); ++i) xs.push_back(p.train.x(0, i));
  for (Eigen::Index i = 0; i < p.val.size(); ++i) xs.push_back(p.val.x(0, i));
  std::sort(xs.begin(), xs.end());
  EXPECT_EQ(std::adjacent_find(xs.begin(), xs.end()), xs.end());
  EXPECT_EQ(make("sine", 50, 0.1, 4, 0.0).val.size(), 0);
}

TEST(Problem, MoonsLieOnTheirHalfCircles) {
  const auto d = joined(make("moons", 400, 0.0));
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    const double x = d.x(0, i), y = d.x(1, i);
    if (d.y(0, i) == 0) {  // upper half of the unit circle at the origin
      EXPECT_NEAR(std::hypot(x, y), 1.0, 1e-12);
      EXPECT_GE(y, -1e-12);
    } else {  // lower half of the unit circle at (1, 0.5)
      EXPECT_NEAR(std::hypot(x - 1, y - 0.5), 1.0, 1e-12);
      EXPECT_LE(y, 0.5 + 1e-12);
    }
  }
}

TEST(Problem, CirclesPutClassOneInsideTheInnerRadius) {
  const auto d = joined(make("circles", 400, 0.0));
  double inner_max = 0, outer_min = 10, outer_max = 0;
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    const double r = d.x.col(i).norm();
    if (d.y(0, i) == 1) {
      inner_max = std::max(inner_max, r);
    } else {
      outer_min = std::min(outer_min, r);
      outer_max = std::max(outer_max, r);
    }
  }
  EXPECT_LE(inner_max, 0.5 + 1e-12);
  EXPECT_GE(outer_min, 0.7 - 1e-12);
  EXPECT_LE(outer_max, 1.0 + 1e-12);
  // Uniform by area: about a quarter of the inner disc lies within half its radius.
  int near_centre = 0;
  for (Eigen::Index i = 0; i < d.size(); ++i)
    near_centre += d.y(0, i) == 1 && d.x.col(i).norm() < 0.25;
  EXPECT_NEAR(near_centre, 50, 20);
}

TEST(Problem, XorLabelsFollowTheSignsOfTheCoordinates) {
  const auto d = joined(make("xor", 400, 0.0));
  int quadrant[4] = {};
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    const double x = d.x(0, i), y = d.x(1, i);
    EXPECT_EQ(d.y(0, i), x * y < 0 ? 1.0 : 0.0);
    EXPECT_GE(std::fabs(x), 0.05);
    EXPECT_LE(std::fabs(x), 1.0);
    EXPECT_GE(std::fabs(y), 0.05);
    ++quadrant[(x > 0) * 2 + (y > 0)];
  }
  for (int q : quadrant) EXPECT_NEAR(q, 100, 35);
}

TEST(Problem, BlobsClusterAroundTheirCentres) {
  const double pi = 3.14159265358979323846;
  const auto d = joined(make("blobs", 3000, 0.0));
  Eigen::Vector2d sum[3] = {Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero(),
                            Eigen::Vector2d::Zero()};
  double sq = 0;
  int count[3] = {};
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    int c = 0;
    d.y.col(i).maxCoeff(&c);
    sum[c] += d.x.col(i);
    ++count[c];
  }
  for (int c = 0; c < 3; ++c) {
    const Eigen::Vector2d centre(std::cos(pi / 2 + c * 2 * pi / 3),
                                 std::sin(pi / 2 + c * 2 * pi / 3));
    const Eigen::Vector2d mean = sum[c] / count[c];
    // The mean of 1000 draws of spread 0.3 is within 4 standard errors (4 * 0.3 / sqrt(1000)).
    EXPECT_LT((mean - centre).norm(), 0.04) << "class " << c;
  }
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    int c = 0;
    d.y.col(i).maxCoeff(&c);
    const Eigen::Vector2d centre(std::cos(pi / 2 + c * 2 * pi / 3),
                                 std::sin(pi / 2 + c * 2 * pi / 3));
    sq += (d.x.col(i) - centre).squaredNorm();
  }
  EXPECT_NEAR(std::sqrt(sq / (2 * d.size())), 0.3, 0.015);  // per-coordinate spread
}

TEST(Problem, SineFollowsTheSineAndNoiseHasTheRequestedSpread) {
  const auto clean = joined(make("sine", 500, 0.0));
  for (Eigen::Index i = 0; i < clean.size(); ++i) {
    EXPECT_LE(std::fabs(clean.x(0, i)), 3.14159265358979323846);
    EXPECT_NEAR(clean.y(0, i), std::sin(clean.x(0, i)), 1e-15);
  }
  const auto noisy = joined(make("sine", 20000, 0.2));
  double sq = 0;
  for (Eigen::Index i = 0; i < noisy.size(); ++i) {
    const double residual = noisy.y(0, i) - std::sin(noisy.x(0, i));
    sq += residual * residual;
  }
  EXPECT_NEAR(std::sqrt(sq / noisy.size()), 0.2, 0.005);
}

// Ordinary least squares for y = w x + b, solved by hand from the normal equations.
void fit_line(const lrlab::Dataset& d, double& w, double& b) {
  const double n = static_cast<double>(d.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    const double x = d.x(0, i), y = d.y(0, i);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  w = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  b = (sy - w * sx) / n;
}

TEST(Problem, LinearDataFitsTheDocumentedWeightAndBias) {
  double w = 0, b = 0;
  fit_line(joined(make("linear", 200, 0.0)), w, b);
  EXPECT_NEAR(w, 2.0, 1e-12);  // kLinearWeight, as documented in data.h
  EXPECT_NEAR(b, 0.5, 1e-12);  // kLinearBias
  EXPECT_EQ(lrlab::kLinearWeight, 2.0);
  EXPECT_EQ(lrlab::kLinearBias, 0.5);
  // With noise the fit is still close, within a few standard errors.
  fit_line(joined(make("linear", 5000, 0.3)), w, b);
  EXPECT_NEAR(w, 2.0, 0.03);
  EXPECT_NEAR(b, 0.5, 0.02);
  const auto d = joined(make("linear", 500, 0.0));
  EXPECT_LE(d.x.cwiseAbs().maxCoeff(), 1.0);
}

TEST(Problem, NoiseJittersClassificationInputsAroundTheCleanPoints) {
  // Same seed, same draws for the clean positions: the noise is a separate Gaussian term, so the
  // mean distance of circle points from the clean radius grows with it.
  const auto clean = joined(make("circles", 2000, 0.0, 8));
  const auto noisy = joined(make("circles", 2000, 0.3, 8));
  double clean_inner = 0, noisy_inner = 0;
  for (Eigen::Index i = 0; i < clean.size(); ++i) {
    if (clean.y(0, i) == 1) clean_inner = std::max(clean_inner, clean.x.col(i).norm());
    if (noisy.y(0, i) == 1) noisy_inner = std::max(noisy_inner, noisy.x.col(i).norm());
  }
  EXPECT_LE(clean_inner, 0.5 + 1e-12);
  EXPECT_GT(noisy_inner, 0.8);
}

TEST(Problem, ValidationNamesTheField) {
  auto message = [](lrlab::ProblemConfig config) -> std::string {
    try {
      lrlab::make_problem(config, 1);
    } catch (const lrlab::Error& e) {
      return e.what();
    }
    return "";
  };
  lrlab::ProblemConfig c;
  c.samples = 7;
  EXPECT_NE(message(c).find("problem.samples: 7 is not allowed"), std::string::npos) << message(c);
  c = {};
  c.samples = 100001;
  EXPECT_NE(message(c).find("problem.samples"), std::string::npos);
  c = {};
  c.noise = -0.1;
  EXPECT_NE(message(c).find("problem.noise: -0.1 is not allowed"), std::string::npos);
  c.noise = std::nan("");
  EXPECT_NE(message(c).find("problem.noise"), std::string::npos);
  c = {};
  c.val_fraction = 0.6;
  EXPECT_NE(message(c).find("problem.val_fraction: 0.6"), std::string::npos);
  c = {};
  c.name = "Moons";
  const std::string m = message(c);
  EXPECT_NE(m.find("problem.name: \"Moons\" is not allowed"), std::string::npos) << m;
  EXPECT_NE(m.find("spiral moons circles xor blobs sine linear"), std::string::npos) << m;
  EXPECT_THROW(lrlab::problem_shape("donut"), lrlab::Error);
}

}  // namespace
