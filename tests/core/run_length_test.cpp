// Schedule defaults that follow the run (core/schedule/run_length.h): each parameter measured in
// positions is a fraction of the run's length, scales with it, and shows the schedule's whole
// shape within the run. Expected values are the fractions applied by hand.
#include "core/schedule/run_length.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/schedule/schedule.h"

namespace {

using lrlab::run_length_defaults;

TEST(RunLength, PositionsAreEpochsOrEpochsTimesSteps) {
  EXPECT_EQ(lrlab::run_positions(300, 1, lrlab::Granularity::Epoch), 300);
  EXPECT_EQ(lrlab::run_positions(300, 13, lrlab::Granularity::Epoch), 300);
  EXPECT_EQ(lrlab::run_positions(300, 13, lrlab::Granularity::Step), 3900);
  EXPECT_EQ(lrlab::run_positions(0, 0, lrlab::Granularity::Step), 1);
}

TEST(RunLength, A300EpochRunGetsFractionsOfItsLength) {
  // The default page's run: 300 epochs, full batch (one step per epoch).
  EXPECT_EQ(run_length_defaults("cosine", 300).number("decay_steps"), 300);
  EXPECT_EQ(run_length_defaults("polynomial", 300).number("decay_steps"), 300);
  EXPECT_EQ(run_length_defaults("one_cycle", 300).number("total_steps"), 300);
  EXPECT_EQ(run_length_defaults("cosine_restarts", 300).number("first_decay_steps"), 43);  // 300/7
  EXPECT_EQ(run_length_defaults("cyclic", 300).number("step_size"), 38);                   // 37.5
  EXPECT_EQ(run_length_defaults("step", 300).number("step_size"), 100);
  EXPECT_EQ(run_length_defaults("multistep", 300).list("milestones"),
            (std::vector<double>{150, 225}));
  EXPECT_EQ(run_length_defaults("piecewise", 300).list("boundaries"),
            (std::vector<double>{100, 200}));
  EXPECT_EQ(run_length_defaults("exponential", 300).number("decay_steps"), 15);
  EXPECT_EQ(run_length_defaults("inverse_time", 300).number("decay_steps"), 30);
  EXPECT_EQ(run_length_defaults("linear_warmup", 300).number("total_iters"), 30);
  // Nothing measured in positions: nothing to follow.
  for (const char* name : {"constant", "tutorial", "formula"}) {
    const lrlab::ParamValues v = run_length_defaults(name, 300);
    EXPECT_TRUE(v.numbers.empty() && v.lists.empty()) << name;
  }
  // Cosine's warm-up stays off.
  EXPECT_EQ(run_length_defaults("cosine", 300).numbers.count("warmup_steps"), 0u);
}

TEST(RunLength, DefaultsScaleWithTheRun) {
  // 50 epochs of 13 steps (a per-step schedule, batch 32 on 410 points): 650 positions.
  const long n = lrlab::run_positions(50, 13, lrlab::Granularity::Step);
  EXPECT_EQ(run_length_defaults("cosine", n).number("decay_steps"), 650);
  EXPECT_EQ(run_length_defaults("step", n).number("step_size"), 217);  // 216.67
  EXPECT_EQ(run_length_defaults("multistep", n).list("milestones"),
            (std::vector<double>{325, 488}));  // 487.5
  // Doubling the run doubles them (up to rounding).
  for (long positions : {60L, 600L, 6000L}) {
    const double a = run_length_defaults("one_cycle", positions).number("total_steps");
    const double b = run_length_defaults("one_cycle", 2 * positions).number("total_steps");
    EXPECT_EQ(b, 2 * a) << positions;
    const double s = run_length_defaults("step", positions).number("step_size");
    EXPECT_NEAR(run_length_defaults("step", 2 * positions).number("step_size"), 2 * s, 1)
        << positions;
  }
}

TEST(RunLength, StepDecayEndsTwoDropsDownNotAtOneEMinus30) {
  // The 300-epoch run with step decay (gamma 0.1): Keras-style step_size 10 made 29 drops
  // (lr0 * 1e-29 at the end). Every third of the run: drops at 100 and 200, lr0 * 0.01 at 299.
  const double step = run_length_defaults("step", 300).number("step_size");
  EXPECT_EQ(std::floor(299 / step), 2);
}

TEST(RunLength, TinyRunsStayValid) {
  // One position: every integer at least its minimum (one_cycle 4, so that its default
  // pct_start 0.3 leaves both phases a length), lists increasing.
  EXPECT_EQ(run_length_defaults("one_cycle", 1).number("total_steps"), 4);
  EXPECT_EQ(run_length_defaults("cosine", 1).number("decay_steps"), 1);
  EXPECT_EQ(run_length_defaults("exponential", 1).number("decay_steps"), 1);
  EXPECT_EQ(run_length_defaults("multistep", 1).list("milestones"), (std::vector<double>{1, 2}));
  EXPECT_EQ(run_length_defaults("piecewise", 2).list("boundaries"), (std::vector<double>{1, 2}));
  // Each value passes its schedule's own validation.
  // (make() fills the other defaults and checks every value, as from the settings.)
  for (const lrlab::ScheduleInfo& info : lrlab::schedule_registry()) {
    for (long positions : {1L, 7L, 300L, 100000L}) {
      const lrlab::ParamValues given = run_length_defaults(info.name, positions);
      EXPECT_NO_THROW(info.make(given)) << info.name << " " << positions;
    }
  }
}

TEST(RunLength, AnUnknownScheduleNamesTheField) {
  try {
    run_length_defaults("sawtooth", 10);
    ADD_FAILURE();
  } catch (const lrlab::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("schedule.name", 0), 0u) << e.what();
  }
}

}  // namespace
