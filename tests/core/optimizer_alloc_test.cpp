// update() of every optimizer, and the step-size summary, allocate nothing. Allocations are
// counted by tests/support/allocation_counter.h (operator new and, on glibc, malloc).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/optim/make_optimizer.h"
#include "core/optim/optimizer.h"
#include "core/optim/step_size_summary.h"
#include "tests/support/allocation_counter.h"

namespace {

using Counts = lrlab::testing::AllocationCounts;
using lrlab::testing::count_allocations;
using lrlab::testing::kCountsMalloc;

TEST(OptimizerAllocations, TheCounterSeesBothKinds) {
  const Counts vector = count_allocations([] {
    std::vector<double> v(10);
    v[3] = 1;
    EXPECT_EQ(v[3], 1);
  });
  EXPECT_GE(vector.news, 1);
  const Counts eigen = count_allocations([] {
    Eigen::VectorXd v = Eigen::VectorXd::Zero(10);
    EXPECT_EQ(v.sum(), 0);
  });
  if (kCountsMalloc) {
    EXPECT_GE(eigen.mallocs, 1);
  }
}

TEST(OptimizerAllocations, UpdateAllocatesNothingForAnyOptimizer) {
  std::vector<std::pair<std::string, lrlab::ParamValues>> configs;
  for (const lrlab::OptimizerInfo& info : lrlab::optimizer_registry()) {
    configs.push_back({info.name, {}});
    // Every switch on, and momentum where there is one, so every branch of the rule runs.
    lrlab::ParamValues all_on;
    for (const lrlab::ParamSpec& spec : info.params) {
      if (spec.kind == lrlab::ParamKind::Boolean) all_on.numbers[spec.name] = 1;
      if (spec.name == "momentum") all_on.numbers[spec.name] = 0.9;
    }
    configs.push_back({info.name, all_on});
  }
  const Eigen::Index n = 1000;
  for (const auto& [name, values] : configs) {
    SCOPED_TRACE(name);
    auto optimizer = lrlab::make_optimizer(name, values);
    optimizer->reset(n);
    lrlab::StepSizeSummarizer summarizer(n);
    Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(n, -1, 1);
    Eigen::VectorXd g = Eigen::VectorXd::LinSpaced(n, 2, -3);
    g[7] = 0;
    lrlab::StepSizeSummary summary;
    const Counts counts = count_allocations([&] {
      for (int step = 0; step < 50; ++step) {
        optimizer->update(w, g, step < 25 ? 0.01 : 0.001);
        summary = summarizer.summarize(optimizer->effective_step_size());
      }
    });
    EXPECT_EQ(counts.news, 0);
    EXPECT_EQ(counts.mallocs, 0);
    EXPECT_EQ(optimizer->updates(), 50);
    EXPECT_LE(summary.min, summary.median);
  }
}

TEST(OptimizerAllocations, UpdateOnABlockOfALargerBufferAllocatesNothing) {
  // The trainer may hand a view into its parameter buffer; Ref must bind to it without a copy.
  auto adam = lrlab::make_optimizer("adam");
  adam->reset(10);
  Eigen::VectorXd buffer = Eigen::VectorXd::Ones(30);
  const Eigen::VectorXd g = Eigen::VectorXd::Ones(30);
  const Counts counts =
      count_allocations([&] { adam->update(buffer.segment(10, 10), g.segment(10, 10), 0.1); });
  EXPECT_EQ(counts.news, 0);
  EXPECT_EQ(counts.mallocs, 0);
  EXPECT_LT(buffer[10], 1);
  EXPECT_EQ(buffer[0], 1);
}

}  // namespace
