// Schedules made of schedules, against PyTorch's rules written again here: SequentialLR hands over
// at each milestone to the next scheduler, restarted at its own position 0; ChainedScheduler
// multiplies the factors of schedulers that all see the same position. The parts' closed forms
// are PyTorch's LinearLR, ConstantLR and Keras' CosineDecay and ExponentialDecay, with <cmath>.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "core/error.h"
#include "core/schedule/schedule.h"
#include "core/settings.h"
#include "tests/support/error_of.h"

namespace {

using lrlab::Granularity;
using lrlab::ParamValues;

const double kPi = std::acos(-1.0);

std::unique_ptr<lrlab::Schedule> make(const std::string& name, const std::string& parts,
                                      std::vector<double> milestones = {}) {
  ParamValues v;
  v.texts["parts"] = parts;
  if (name == "sequential") v.lists["milestones"] = std::move(milestones);
  return lrlab::find_schedule(name).make(v);
}

void expect_every_position(const lrlab::Schedule& schedule, long count,
                           const std::function<double(long)>& reference) {
  for (Granularity g : {Granularity::Epoch, Granularity::Step}) {
    const std::vector<double> rates = lrlab::preview_schedule(schedule, g, 0.1, count, 4);
    for (long s = 0; s < count; ++s)
      EXPECT_NEAR(rates[s], reference(s), 1e-13 * reference(s))
          << "position " << s << (g == Granularity::Step ? " per step" : " per epoch");
  }
}

double linear_lr(long s, double start, double end, long total) {
  return 0.1 * (start + (end - start) * std::min<double>(s, total) / total);
}
double cosine(long s, double n, double alpha) {
  return 0.1 * ((1 - alpha) * 0.5 * (1 + std::cos(kPi * std::min<double>(s, n) / n)) + alpha);
}

TEST(Sequential, EachPartFromItsOwnPositionZeroAtItsMilestone) {
  auto schedule = make("sequential",
                       R"([{"name": "linear_lr", "start_factor": 0.1, "total_iters": 5},
                           {"name": "cosine", "decay_steps": 20, "alpha": 0.01}])",
                       {5});
  expect_every_position(*schedule, 40, [](long s) {
    return s < 5 ? linear_lr(s, 0.1, 1, 5) : cosine(s - 5, 20, 0.01);
  });
  // At the milestone the cosine starts over at its own 0: lr0, not the cosine of position 5.
  const std::vector<double> r = lrlab::preview_schedule(*schedule, Granularity::Epoch, 0.1, 7);
  EXPECT_NEAR(r[4], 0.1 * (0.1 + 0.9 * 4 / 5), 1e-16);
  EXPECT_EQ(r[5], 0.1);
}

TEST(Sequential, ThreePartsAndTwoMilestones) {
  auto schedule = make("sequential",
                       R"([{"name": "constant_lr", "factor": 0.5, "total_iters": 100},
                           {"name": "linear_lr", "start_factor": 1, "end_factor": 0.2,
                            "total_iters": 10},
                           {"name": "exponential", "decay_steps": 2, "decay_rate": 0.5}])",
                       {3, 8});
  expect_every_position(*schedule, 20, [](long s) {
    if (s < 3) return 0.1 * 0.5;  // ConstantLR's reduced rate (its total_iters never reached)
    if (s < 8) return linear_lr(s - 3, 1, 0.2, 10);
    return 0.1 * std::pow(0.5, (s - 8) / 2.0);
  });
}

TEST(Chained, FactorsMultiplyAtTheSamePosition) {
  // ConstantLR(0.1, 2) and ExponentialLR(0.9) chained: lr0 * (0.1 for s < 2, else 1) * 0.9^s.
  auto schedule = make("chained", R"([{"name": "constant_lr", "factor": 0.1, "total_iters": 2},
                                      {"name": "exponential", "decay_steps": 1,
                                       "decay_rate": 0.9}])");
  expect_every_position(*schedule, 12, [](long s) {
    return 0.1 * (s < 2 ? 0.1 : 1.0) * std::pow(0.9, static_cast<double>(s));
  });
  // A warm-up times a cosine: both at the same position.
  auto warm_cosine = make("chained", R"([{"name": "linear_lr", "total_iters": 4},
                                         {"name": "cosine", "decay_steps": 30}])");
  expect_every_position(*warm_cosine, 40, [](long s) {
    return linear_lr(s, 1.0 / 3, 1, 4) * cosine(s, 30, 0.01) / 0.1;
  });
}

TEST(Sequences, DefaultsBuild) {
  for (const char* name : {"sequential", "chained"}) {
    const lrlab::ScheduleInfo& info = lrlab::find_schedule(name);
    auto schedule = info.make(lrlab::default_values(info.params));
    EXPECT_EQ(lrlab::preview_schedule(*schedule, Granularity::Epoch, 0.1, 300).size(), 300u);
  }
}

std::string refused(const std::string& schedule) {
  return lrlab_test::error_of([&] { lrlab::parse_settings("{\"schedule\": " + schedule + "}"); });
}

void expect_starts(const std::string& message, const std::string& start) {
  EXPECT_EQ(message.find(start), 0u) << message;
}

TEST(Sequences, ErrorsNameThePartAndItsField) {
  expect_starts(refused(R"({"name": "sequential", "parts": [{"name": "step"}, {"name": "cosin"}],
                            "milestones": [3]})"),
                "schedule.parts[1].name: \"cosin\" is not allowed");
  expect_starts(refused(R"({"name": "sequential", "parts": [{"name": "constant_lr", "factor": 0},
                            {"name": "step"}], "milestones": [3]})"),
                "schedule.parts[0].factor: 0 is not allowed");
  expect_starts(refused(R"({"name": "chained", "parts": [{"name": "wsd", "warmup_fraction": 0.9,
                            "decay_fraction": 0.5}]})"),
                "schedule.parts[0].decay_fraction: 0.5 is not allowed");
  expect_starts(refused(R"({"name": "chained", "parts": [{"name": "step", "gama": 0.5}]})"),
                "schedule.parts[0]");
  expect_starts(refused(R"({"name": "sequential", "parts": [{"name": "step"}, {"name": "step"}],
                            "milestones": [3, 6]})"),
                "schedule.milestones: 2 is not allowed (must number one fewer than the parts (2))");
  expect_starts(refused(R"({"name": "sequential", "parts": [{"name": "step"}, {"name": "step"},
                            {"name": "step"}], "milestones": [6, 3]})"),
                "schedule.milestones");
  expect_starts(refused(R"({"name": "sequential", "parts": [{"name": "step"}, {"name": "step"}],
                            "milestones": [2.5]})"),
                "schedule.milestones[0]: 2.5 is not allowed (must be a whole position)");
  expect_starts(
      refused(R"({"name": "chained", "parts": [{"name": "constant"}]})"),
      "schedule.parts[0].name: \"constant\" is not allowed (a part must be a closed form");
  expect_starts(refused(R"({"name": "chained", "parts": [{"name": "chained",
                            "parts": [{"name": "step"}]}]})"),
                "schedule.parts[0].name: \"chained\" is not allowed (a part cannot itself");
  expect_starts(refused(R"({"name": "chained", "parts": []})"), "schedule.parts");
}

TEST(Sequences, SettingsKeepThePartsAsObjects) {
  const lrlab::Settings s = lrlab::parse_settings(
      R"({"schedule": {"name": "sequential", "milestones": [4],
          "parts": [{"name": "linear_lr"}, {"name": "step", "step_size": 3}]}})");
  const std::string json = lrlab::settings_to_json(s);
  EXPECT_NE(json.find(R"("parts":[{"name":"linear_lr"},{"name":"step","step_size":3}])"),
            std::string::npos)
      << json;
  EXPECT_EQ(lrlab::settings_to_json(lrlab::parse_settings(json)), json);
}

}  // namespace
