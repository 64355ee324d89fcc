#pragma once
// Counts heap allocations made while a piece of code runs, to prove that a training step (or an
// optimizer update, a path step...) allocates nothing. Include this header in exactly one
// translation unit of a test binary: it replaces the global operator new and, on glibc, malloc
// (Eigen allocates with malloc, not new). Under AddressSanitizer, which owns malloc, only
// operator new is counted.
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace lrlab::testing {

struct AllocationCounts {
  long news = 0;
  long mallocs = 0;
  long total() const { return news + mallocs; }
};

namespace detail {
inline bool counting = false;
inline AllocationCounts counts;

inline void* counted_new(std::size_t size) {
  if (counting) ++counts.news;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
}  // namespace detail

// Runs `action` and returns the allocations it made.
template <class Action>
AllocationCounts count_allocations(Action&& action) {
  detail::counts = AllocationCounts();
  detail::counting = true;
  action();
  detail::counting = false;
  return detail::counts;
}

}  // namespace lrlab::testing

void* operator new(std::size_t size) {
  return lrlab::testing::detail::counted_new(size);
}
void* operator new[](std::size_t size) {
  return lrlab::testing::detail::counted_new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (lrlab::testing::detail::counting) ++lrlab::testing::detail::counts.news;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
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

#if defined(__SANITIZE_ADDRESS__)
#define LRLAB_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LRLAB_TEST_ASAN 1
#endif
#endif

#if defined(__GLIBC__) && !defined(LRLAB_TEST_ASAN)
// glibc lets a program interpose malloc; the originals stay reachable as __libc_*.
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);

void* malloc(std::size_t size) noexcept {
  if (lrlab::testing::detail::counting) ++lrlab::testing::detail::counts.mallocs;
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
  if (lrlab::testing::detail::counting) ++lrlab::testing::detail::counts.mallocs;
  return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) noexcept {
  if (lrlab::testing::detail::counting) ++lrlab::testing::detail::counts.mallocs;
  return __libc_realloc(p, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  if (lrlab::testing::detail::counting) ++lrlab::testing::detail::counts.mallocs;
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  if (lrlab::testing::detail::counting) ++lrlab::testing::detail::counts.mallocs;
  *out = __libc_memalign(alignment, size);
  return *out ? 0 : ENOMEM;
}
}
namespace lrlab::testing {
inline constexpr bool kCountsMalloc = true;
}
#else
namespace lrlab::testing {
inline constexpr bool kCountsMalloc = false;
}
#endif
