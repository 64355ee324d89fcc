// PathTracer::advance allocates nothing: everything is reserved when the tracer is built, so the
// page can animate a path step by step without touching the heap. This binary counts every
// operator new and, on glibc, every malloc (Eigen allocates with malloc).
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "core/experiments/path.h"
#include "core/experiments/surfaces.h"
#include "core/optim/optimizer.h"
#include "core/schedule/schedule.h"

namespace {
bool g_counting = false;
long g_allocations = 0;

void* counted(std::size_t size) {
  if (g_counting) ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) {
  return counted(size);
}
void* operator new[](std::size_t size) {
  return counted(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

#if defined(__GLIBC__)
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);

void* malloc(std::size_t size) noexcept {
  if (g_counting) ++g_allocations;
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
  if (g_counting) ++g_allocations;
  return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) noexcept {
  if (g_counting) ++g_allocations;
  return __libc_realloc(p, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  if (g_counting) ++g_allocations;
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  if (g_counting) ++g_allocations;
  *out = __libc_memalign(alignment, size);
  return *out ? 0 : ENOMEM;
}
}
#endif

namespace lrlab {
namespace {

TEST(LandscapePathAllocations, TheCounterWorks) {
  g_allocations = 0;
  g_counting = true;
  std::vector<double>* v = new std::vector<double>(8);
  g_counting = false;
  delete v;
  EXPECT_GE(g_allocations, 1);
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
      g_allocations = 0;
      g_counting = true;
      while (!tracer.finished()) tracer.advance(13);
      g_counting = false;
      EXPECT_EQ(g_allocations, 0);
      EXPECT_EQ(tracer.path().x.size(), static_cast<size_t>(tracer.path().steps_done) + 1);
    }
  }
  // And a path that diverges (the early stop allocates nothing either).
  auto bowl = make_surface("bowl");
  PathConfig c;
  c.learning_rate = 5;
  c.steps = 500;
  PathTracer tracer(*bowl, c);
  g_allocations = 0;
  g_counting = true;
  tracer.advance(500);
  g_counting = false;
  EXPECT_EQ(g_allocations, 0);
  EXPECT_TRUE(tracer.path().diverged);
}

}  // namespace
}  // namespace lrlab
