// ConstantLR and LinearLR against PyTorch's closed forms (torch.optim.lr_scheduler, the
// _get_closed_form_lr of each class) and warmup-stable-decay against Hägele et al. 2024's
// definition (warm-up from lr0 / 100 by default, floor(fraction * N) positions per phase, then
// the decay shape), each written again here with plain <cmath> and checked at every position of a
// run longer than the schedule, so the boundaries and the tail are all covered.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "core/error.h"
#include "core/schedule/run_length.h"
#include "core/schedule/schedule.h"
#include "core/settings.h"
#include "tests/support/error_of.h"

namespace {

using lrlab::Granularity;
using lrlab::ParamValues;

void expect_every_position(const std::string& name, const ParamValues& values, long count,
                           const std::function<double(long)>& reference) {
  auto schedule = lrlab::find_schedule(name).make(values);
  for (Granularity g : {Granularity::Epoch, Granularity::Step}) {
    const std::vector<double> rates = lrlab::preview_schedule(*schedule, g, 0.1, count, 3);
    ASSERT_EQ(rates.size(), static_cast<size_t>(count));
    for (long s = 0; s < count; ++s) {
      const double expected = reference(s);
      EXPECT_NEAR(rates[s], expected, 1e-13 * expected) << name << " at position " << s;
    }
  }
}

ParamValues numbers(std::map<std::string, double> n, std::map<std::string, std::string> t = {}) {
  ParamValues v;
  v.numbers = std::move(n);
  v.texts = std::move(t);
  return v;
}

TEST(ConstantLr, PyTorchDefaultsAndOthers) {
  // base_lr * (factor + (last_epoch >= total_iters) * (1 - factor))
  auto torch = [](double factor, long total) {
    return [=](long s) { return 0.1 * (factor + (s >= total ? 1.0 : 0.0) * (1 - factor)); };
  };
  expect_every_position("constant_lr", {}, 12, torch(1.0 / 3, 5));
  expect_every_position("constant_lr", numbers({{"factor", 0.05}, {"total_iters", 7}}), 20,
                        torch(0.05, 7));
  expect_every_position("constant_lr", numbers({{"factor", 0.5}, {"total_iters", 0}}), 4,
                        torch(0.5, 0));
  // The boundary: position T - 1 is the last at the reduced rate, T the first at lr0.
  auto s = lrlab::find_schedule("constant_lr").make({});
  EXPECT_EQ(lrlab::preview_schedule(*s, Granularity::Epoch, 0.3, 6)[4], 0.3 * (1.0 / 3));
  EXPECT_EQ(lrlab::preview_schedule(*s, Granularity::Epoch, 0.3, 6)[5], 0.3);
}

TEST(LinearLr, PyTorchDefaultsAndOthers) {
  // base_lr * (start + (end - start) * min(total_iters, last_epoch) / total_iters)
  auto torch = [](double start, double end, long total) {
    return
        [=](long s) { return 0.1 * (start + (end - start) * std::min<double>(total, s) / total); };
  };
  expect_every_position("linear_lr", {}, 10, torch(1.0 / 3, 1, 5));
  // PyTorch's own example: start_factor 0.05 over 40 iterations.
  expect_every_position("linear_lr", numbers({{"start_factor", 0.05}, {"total_iters", 40}}), 60,
                        torch(0.05, 1, 40));
  // A decay: from lr0 down to a tenth over 30 positions, then held.
  expect_every_position("linear_lr",
                        numbers({{"start_factor", 1}, {"end_factor", 0.1}, {"total_iters", 30}}),
                        45, torch(1, 0.1, 30));
}

double wsd_reference(long step, long n, double warmup_fraction, double decay_fraction,
                     const std::string& shape, double final_fraction, double start) {
  const double s = static_cast<double>(step);
  const double w = std::floor(warmup_fraction * n);
  const double d = std::floor(decay_fraction * n);
  const double hold_until = n - d;
  double factor;
  if (s < w)
    factor = s / w + (1 - s / w) * start;  // the reference code's warm-up, as written there
  else if (s < hold_until)
    factor = 1;
  else if (s < n) {
    const double p = (s - hold_until) / d;
    const double fall = shape == "linear"   ? 1 - p
                        : shape == "cosine" ? (1 + std::cos(std::acos(-1.0) * p)) / 2
                                            : 1 - std::sqrt(p);
    factor = final_fraction + (1 - final_fraction) * fall;
  } else
    factor = final_fraction;
  return 0.1 * factor;
}

TEST(WarmupStableDecay, EveryShapeAtEveryPosition) {
  for (const char* shape : {"1-sqrt", "linear", "cosine"}) {
    expect_every_position(
        "wsd", numbers({{"total_steps", 100}}, {{"decay_shape", shape}}), 130,
        [&](long s) { return wsd_reference(s, 100, 0.05, 0.2, shape, 0.01, 0.01); });
    expect_every_position(
        "wsd",
        numbers({{"total_steps", 57},
                 {"warmup_fraction", 0.13},
                 {"decay_fraction", 0.37},
                 {"final_fraction", 0.1},
                 {"start_factor", 0.25}},
                {{"decay_shape", shape}}),
        70, [&](long s) { return wsd_reference(s, 57, 0.13, 0.37, shape, 0.1, 0.25); });
  }
}

TEST(WarmupStableDecay, PhaseBoundaries) {
  // N = 100: warm-up 0..4, lr0 at 5..79, decay 80..99, final_fraction from 100 on.
  auto s = lrlab::find_schedule("wsd").make(numbers({{"total_steps", 100}}));
  const std::vector<double> r = lrlab::preview_schedule(*s, Granularity::Step, 0.1, 102);
  EXPECT_EQ(r[0], 0.1 * 0.01);
  EXPECT_LT(r[4], 0.1);
  EXPECT_EQ(r[5], 0.1);
  EXPECT_EQ(r[79], 0.1);
  EXPECT_EQ(r[80], 0.1);  // p = 0: the decay starts at lr0
  EXPECT_LT(r[81], 0.1);
  EXPECT_NEAR(r[99], 0.1 * (0.01 + 0.99 * (1 - std::sqrt(19.0 / 20))), 1e-15);
  EXPECT_NEAR(r[100], 0.1 * 0.01, 1e-18);
  // No warm-up, all decay.
  auto all_decay = lrlab::find_schedule("wsd").make(
      numbers({{"total_steps", 10}, {"warmup_fraction", 0}, {"decay_fraction", 1}},
              {{"decay_shape", "linear"}}));
  const std::vector<double> d = lrlab::preview_schedule(*all_decay, Granularity::Step, 1, 11);
  for (long i = 0; i < 10; ++i) EXPECT_NEAR(d[i], 0.01 + 0.99 * (1 - i / 10.0), 1e-15) << i;
  EXPECT_EQ(d[10], 0.01);
}

TEST(WarmupStableDecay, ThePhasesMustFitTheRun) {
  const std::string message = lrlab_test::error_of([] {
    lrlab::find_schedule("wsd").make(numbers({{"warmup_fraction", 0.5}, {"decay_fraction", 0.6}}));
  });
  EXPECT_EQ(message.find("schedule.decay_fraction: 0.6 is not allowed (warmup_fraction + "
                         "decay_fraction must be <= 1"),
            0u)
      << message;
}

TEST(NewSchedules, SettingsNameTheFieldValueAndRange) {
  auto refused = [](const std::string& schedule) {
    return lrlab_test::error_of([&] { lrlab::parse_settings("{\"schedule\": " + schedule + "}"); });
  };
  EXPECT_EQ(refused(R"({"name": "constant_lr", "factor": 0})")
                .find("schedule.factor: 0 is not allowed (must be a finite number > 0 and <= 1)"),
            0u)
      << refused(R"({"name": "constant_lr", "factor": 0})");
  EXPECT_EQ(refused(R"({"name": "linear_lr", "end_factor": 1.5})").find("schedule.end_factor: 1.5"),
            0u);
  EXPECT_EQ(refused(R"({"name": "linear_lr", "total_iters": 0})").find("schedule.total_iters: 0"),
            0u);
  EXPECT_EQ(refused(R"({"name": "wsd", "decay_shape": "sqrt"})").find("schedule.decay_shape"), 0u);
  EXPECT_EQ(refused(R"({"name": "wsd", "final_fraction": 0})").find("schedule.final_fraction: 0"),
            0u);
  EXPECT_EQ(refused(R"({"name": "wsd", "warmup_fraction": 0.9, "decay_fraction": 0.2})")
                .find("schedule.decay_fraction: 0.2"),
            0u);
}

TEST(NewSchedules, RunLengthDefaults) {
  EXPECT_EQ(lrlab::run_length_defaults("wsd", 300).number("total_steps"), 300);
  EXPECT_EQ(lrlab::run_length_defaults("constant_lr", 300).number("total_iters"), 30);
  EXPECT_EQ(lrlab::run_length_defaults("linear_lr", 300).number("total_iters"), 150);
}

}  // namespace
