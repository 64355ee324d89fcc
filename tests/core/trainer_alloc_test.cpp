// Trainer::step() allocates nothing over a whole run of settings.epochs epochs: the mini-batch
// buffers, the model's and the optimizer's state exist from construction, and the History
// reserves its per-epoch and per-step series for the planned epochs. This binary counts every
// operator new and, on glibc, every malloc (Eigen allocates with malloc, not new), as
// optimizer_alloc_test.cpp does.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "core/settings.h"
#include "core/trainer.h"

namespace {

bool g_counting = false;
long g_news = 0;
long g_mallocs = 0;

void* counted_new(std::size_t size) {
  if (g_counting) ++g_news;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) {
  return counted_new(size);
}
void* operator new[](std::size_t size) {
  return counted_new(size);
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
// glibc lets a program interpose malloc; the originals stay reachable as __libc_*.
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);

void* malloc(std::size_t size) noexcept {
  if (g_counting) ++g_mallocs;
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
  if (g_counting) ++g_mallocs;
  return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) noexcept {
  if (g_counting) ++g_mallocs;
  return __libc_realloc(p, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  if (g_counting) ++g_mallocs;
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  if (g_counting) ++g_mallocs;
  *out = __libc_memalign(alignment, size);
  return *out ? 0 : ENOMEM;
}
}
constexpr bool kCountsMalloc = true;
#else
constexpr bool kCountsMalloc = false;
#endif

namespace {

struct Counts {
  long news, mallocs;
};

template <class F>
Counts count_allocations(F&& action) {
  g_news = 0;
  g_mallocs = 0;
  g_counting = true;
  action();
  g_counting = false;
  return {g_news, g_mallocs};
}

TEST(TrainerAllocations, TheCounterSeesBothKinds) {
  const Counts counts = count_allocations([] {
    std::vector<double> v(10);
    Eigen::VectorXd e = Eigen::VectorXd::Zero(10);
    v[3] = e[3] + 1;
    EXPECT_EQ(v[3], 1);
  });
  EXPECT_GE(counts.news, 1);
  if (kCountsMalloc) {
    EXPECT_GE(counts.mallocs, 1);
  }
}

// Spiral with a 2-layer tanh net, a partial last batch (160 = 6 x 24 + 16) and a validation set,
// so every branch of a step runs: shuffle at an epoch's start, gather, forward/backward, update,
// step record, and at the epoch's end validation loss and accuracy and the epoch record.
std::string settings_json(const std::string& optimizer, const std::string& schedule,
                          const std::string& plateau) {
  return R"({"seed": 3, "problem": {"name": "spiral", "samples": 200},
             "model": {"hidden": [16, 16], "activation": "tanh"},
             "optimizer": )" +
         optimizer + R"(, "schedule": )" + schedule + R"(, "plateau": )" + plateau +
         R"(, "batch_size": 24, "epochs": 20})";
}

void expect_no_allocation_in_steps(const std::string& json) {
  SCOPED_TRACE(json);
  lrlab::Trainer trainer(lrlab::parse_settings(json));
  const long epochs = trainer.settings().epochs;
  long steps = 0;
  const Counts counts = count_allocations([&] {
    while (trainer.epoch_index() < epochs && trainer.step()) ++steps;
  });
  EXPECT_EQ(counts.news, 0);
  EXPECT_EQ(counts.mallocs, 0);
  EXPECT_EQ(trainer.history().epochs(), epochs);
  EXPECT_EQ(steps, epochs * 7);
  EXPECT_FALSE(trainer.history().diverged);
  EXPECT_TRUE(trainer.history().events.empty());

  // The same holds after reset(): the history is reserved again for the planned epochs.
  trainer.reset();
  const Counts again = count_allocations([&] {
    while (trainer.epoch_index() < epochs && trainer.step()) {
    }
  });
  EXPECT_EQ(again.news, 0);
  EXPECT_EQ(again.mallocs, 0);
}

constexpr const char* kNoPlateau = R"({"enabled": false})";
// Enabled but never triggered (a reduction event carries a message, which allocates): the
// callback itself runs every epoch without allocating.
constexpr const char* kQuietPlateau = R"({"enabled": true, "patience": 1000})";

TEST(TrainerAllocations, SgdStepsAllocateNothing) {
  expect_no_allocation_in_steps(settings_json(R"({"name": "sgd", "learning_rate": 0.1})",
                                              R"({"name": "constant"})", kNoPlateau));
  expect_no_allocation_in_steps(
      settings_json(R"({"name": "sgd", "learning_rate": 0.05, "momentum": 0.9, "nesterov": true})",
                    R"({"name": "constant"})", kQuietPlateau));
}

TEST(TrainerAllocations, AdamStepsAllocateNothing) {
  expect_no_allocation_in_steps(settings_json(R"({"name": "adam", "learning_rate": 0.01})",
                                              R"({"name": "constant"})", kNoPlateau));
  expect_no_allocation_in_steps(settings_json(
      R"({"name": "adam", "learning_rate": 0.01, "amsgrad": true})",
      R"({"name": "exponential", "granularity": "epoch", "decay_steps": 5})", kQuietPlateau));
}

TEST(TrainerAllocations, PerStepSchedulesAllocateNothing) {
  for (const char* schedule :
       {R"({"name": "cosine", "granularity": "step", "decay_steps": 100, "warmup_steps": 10})",
        R"({"name": "cyclic", "granularity": "step", "step_size": 20, "mode": "triangular2"})",
        R"({"name": "one_cycle", "granularity": "step", "total_steps": 140})",
        R"({"name": "piecewise", "granularity": "step", "boundaries": [30, 60],
            "values": [0.1, 0.05, 0.01]})"}) {
    expect_no_allocation_in_steps(
        settings_json(R"({"name": "sgd", "learning_rate": 0.1})", schedule, kNoPlateau));
    expect_no_allocation_in_steps(
        settings_json(R"({"name": "adam", "learning_rate": 0.01})", schedule, kQuietPlateau));
  }
}

TEST(TrainerAllocations, TheCounterSeesTheHistoryGrowPastThePlannedEpochs) {
  // The control experiment: past settings.epochs the reserved series must grow, and the counter
  // notices. (The page may continue a run past its planned length; amortised growth is fine there.)
  lrlab::Trainer trainer(lrlab::parse_settings(settings_json(
      R"({"name": "sgd", "learning_rate": 0.1})", R"({"name": "constant"})", kNoPlateau)));
  trainer.run(trainer.settings().epochs);
  const Counts counts = count_allocations([&] { trainer.run(2); });
  EXPECT_GT(counts.news + counts.mallocs, 0);
  EXPECT_EQ(trainer.history().epochs(), trainer.settings().epochs + 2);
}

TEST(TrainerAllocations, FormulaSchedulesAllocateNothing) {
  // The custom formula is evaluated before every epoch (or step): its evaluator must not
  // allocate either.
  for (
      const char* schedule :
      {R"json({"name": "formula", "expression": "epoch < 5 ? 0.01 : 0.01 * exp(0.1 * (10 - epoch))"})json",
       R"json({"name": "formula", "granularity": "step",
                "expression": "lr0 * max(0.1, cos(step / 200))"})json"})
    expect_no_allocation_in_steps(
        settings_json(R"({"name": "sgd", "learning_rate": 0.1})", schedule, kNoPlateau));
}

}  // namespace
