// PathTracer::advance allocates nothing: everything is reserved when the tracer is built, so the
// page can animate a path step by step without touching the heap. Counted by
// tests/support/allocation_counter.h (operator new and, on glibc, malloc).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/experiments/path.h"
#include "core/experiments/surfaces.h"
#include "core/optim/optimizer.h"
#include "core/schedule/schedule.h"
#include "tests/support/allocation_counter.h"

namespace lrlab {
namespace {

TEST(LandscapePathAllocations, TheCounterWorks) {
  std::vector<double>* v = nullptr;
  const auto counts = testing::count_allocations([&] { v = new std::vector<double>(8); });
  delete v;
  EXPECT_GE(counts.total(), 1);
}

TEST(LandscapePathAllocations, AdvanceAllocatesNothing) {
  ParamValues cosine_values;
  const auto schedule = find_schedule("cosine").make(cosine_values);
  for (const std::string& surface_name : analytic_surface_names()) {
    auto surface = make_surface(surface_name);
    for (const OptimizerInfo& info : optimizer_registry()) {
      SCOPED_TRACE(surface_name + " / " + info.name);
      PathConfig c;
      c.optimizer = info.name;
      c.learning_rate = 0.01;
      c.schedule = schedule.get();
      c.steps = 200;
      PathTracer tracer(*surface, c);
      const auto counts = testing::count_allocations([&] {
        while (!tracer.finished()) tracer.advance(13);
      });
      EXPECT_EQ(counts.total(), 0);
      EXPECT_EQ(tracer.path().x.size(), static_cast<size_t>(tracer.path().steps_done) + 1);
    }
  }
  // And a path that diverges (the early stop allocates nothing either).
  auto bowl = make_surface("bowl");
  PathConfig c;
  c.learning_rate = 5;
  c.steps = 500;
  PathTracer tracer(*bowl, c);
  const auto counts = testing::count_allocations([&] { tracer.advance(500); });
  EXPECT_EQ(counts.total(), 0);
  EXPECT_TRUE(tracer.path().diverged);
}

}  // namespace
}  // namespace lrlab
