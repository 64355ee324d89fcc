#include "core/optim/step_size_summary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double x : values) v[i++] = x;
  return v;
}

TEST(StepSizeSummary, OddCountTakesTheMiddleValue) {
  lrlab::StepSizeSummarizer summarizer(5);
  const auto s = summarizer.summarize(vec({0.3, 1e-4, 7, 0.02, 0.5}));
  EXPECT_EQ(s.min, 1e-4);
  EXPECT_EQ(s.median, 0.3);
  EXPECT_EQ(s.max, 7);
}

TEST(StepSizeSummary, EvenCountAveragesTheTwoMiddleValues) {
  lrlab::StepSizeSummarizer summarizer(6);
  const auto s = summarizer.summarize(vec({4, 1, 3, 100, 2, 0.5}));
  EXPECT_EQ(s.min, 0.5);
  EXPECT_EQ(s.median, 2.5);
  EXPECT_EQ(s.max, 100);
}

TEST(StepSizeSummary, LeavesItsInputAloneAndRepeats) {
  lrlab::StepSizeSummarizer summarizer(4);
  const Eigen::VectorXd v = vec({9, 8, 7, 6});
  const Eigen::VectorXd copy = v;
  const auto a = summarizer.summarize(v);
  const auto b = summarizer.summarize(v);
  EXPECT_EQ(v, copy);
  EXPECT_EQ(a.median, 7.5);
  EXPECT_EQ(b.median, a.median);
}

TEST(StepSizeSummary, SmallAndEmptyInputs) {
  lrlab::StepSizeSummarizer summarizer(3);
  const auto one = summarizer.summarize(vec({0.25}));
  EXPECT_EQ(one.min, 0.25);
  EXPECT_EQ(one.median, 0.25);
  EXPECT_EQ(one.max, 0.25);
  const auto two = summarizer.summarize(vec({1, 3}));
  EXPECT_EQ(two.median, 2);
  const auto none = summarizer.summarize(Eigen::VectorXd());
  EXPECT_EQ(none.min, 0);
  EXPECT_EQ(none.median, 0);
  EXPECT_EQ(none.max, 0);
}

TEST(StepSizeSummary, GrowsWhenGivenMoreThanItsCapacity) {
  lrlab::StepSizeSummarizer summarizer;
  const auto s = summarizer.summarize(vec({5, 1, 3}));
  EXPECT_EQ(s.median, 3);
}

TEST(StepSizeSummary, HugeValuesDoNotOverflowTheMedian) {
  const double big = std::numeric_limits<double>::max();
  lrlab::StepSizeSummarizer summarizer(4);
  const auto s = summarizer.summarize(vec({big, big, 1, big}));
  EXPECT_EQ(s.median, big);
}

TEST(StepSizeSummary, NanShowsAsTheMaximum) {
  lrlab::StepSizeSummarizer summarizer(5);
  const auto s = summarizer.summarize(vec({1, std::nan(""), 3, 2, 4}));
  EXPECT_EQ(s.min, 1);
  EXPECT_EQ(s.median, 3);
  EXPECT_TRUE(std::isnan(s.max));
}

// Equal step sizes (plain SGD) take a shortcut; it must agree with the definition: min = median =
// max = the value, where an even count's median is 0.5 v + 0.5 v (which is not v when v is the
// smallest subnormal: each half rounds to 0).
TEST(StepSizeSummary, EqualValuesGiveThatValueEverywhere) {
  lrlab::StepSizeSummarizer summarizer(6);
  const auto s = summarizer.summarize(vec({0.1, 0.1, 0.1, 0.1, 0.1}));
  EXPECT_EQ(s.min, 0.1);
  EXPECT_EQ(s.median, 0.1);
  EXPECT_EQ(s.max, 0.1);
  const double tiny = std::numeric_limits<double>::denorm_min();
  const auto t = summarizer.summarize(vec({tiny, tiny, tiny, tiny}));
  EXPECT_EQ(t.min, tiny);
  EXPECT_EQ(t.median, 0.0);
  EXPECT_EQ(t.max, tiny);
  // One differing value, or a NaN, at the end still goes through the general path.
  const auto u = summarizer.summarize(vec({0.1, 0.1, 0.1, 0.1, 0.1, 5}));
  EXPECT_EQ(u.max, 5);
  const auto v = summarizer.summarize(vec({0.1, 0.1, 0.1, std::nan("")}));
  EXPECT_EQ(v.min, 0.1);
  EXPECT_TRUE(std::isnan(v.max));
}

}  // namespace
