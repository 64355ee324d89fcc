// Where lrlab departs from Keras 3 on purpose (docs/semantics.md lists each with its reason), the
// departures not already pinned elsewhere: each test fails if the code drifts back to Keras'
// behaviour without the document being changed too.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/error.h"
#include "core/optim/make_optimizer.h"
#include "core/schedule/schedule.h"
#include "core/settings.h"
#include "tests/support/error_of.h"

namespace {

using lrlab_test::error_of;

lrlab::ParamValues numbers(std::map<std::string, double> values) {
  lrlab::ParamValues v;
  v.numbers = std::move(values);
  return v;
}

TEST(KerasDepartures, CosineAlphaMustBePositive) {
  // Keras' default alpha 0 ends the decay at a rate of exactly 0, which training refuses.
  EXPECT_EQ(error_of([] {
              lrlab::find_schedule("cosine").make(numbers({{"alpha", 0}}));
            }).rfind("schedule.alpha: 0 is not allowed", 0),
            0u);
  EXPECT_EQ(lrlab::find_schedule("cosine").params[1].default_value, 0.01);
}

TEST(KerasDepartures, PolynomialEndsAboveZeroAndHasNoCycle) {
  EXPECT_EQ(error_of([] {
              lrlab::find_schedule("polynomial").make(numbers({{"end_learning_rate", 0}}));
            }).rfind("schedule.end_learning_rate: 0 is not allowed", 0),
            0u);
  EXPECT_EQ(error_of([] {
              lrlab::parse_settings(R"({"schedule": {"name": "polynomial", "cycle": true}})");
            }).rfind("schedule.cycle", 0),
            0u);
}

TEST(KerasDepartures, ExponentialDecayRateIsAtMostOne) {
  // Keras accepts a decay_rate above 1 (a growing rate); here "decay" decays.
  EXPECT_EQ(error_of([] {
              lrlab::find_schedule("exponential").make(numbers({{"decay_rate", 1.5}}));
            }).rfind("schedule.decay_rate: 1.5 is not allowed", 0),
            0u);
  EXPECT_NO_THROW(lrlab::find_schedule("exponential").make(numbers({{"decay_rate", 1}})));
}

TEST(KerasDepartures, WeightDecayOnlyOnAdamW) {
  // Keras 3 gives every optimizer a weight_decay argument; here only AdamW has one.
  EXPECT_EQ(error_of([] {
              lrlab::make_optimizer("adam", numbers({{"weight_decay", 0.004}}));
            }).rfind("optimizer.weight_decay: 0.004 is not allowed (adam has no parameter", 0),
            0u);
  EXPECT_EQ(error_of([] {
              lrlab::make_optimizer("sgd", numbers({{"weight_decay", 0.004}}));
            }).rfind("optimizer.weight_decay", 0),
            0u);
  EXPECT_NO_THROW(lrlab::make_optimizer("adamw", numbers({{"weight_decay", 0.004}})));
  EXPECT_NO_THROW(lrlab::make_optimizer("lion", numbers({{"weight_decay", 0.004}})));
  EXPECT_EQ(error_of([] {
              lrlab::make_optimizer("ftrl", numbers({{"weight_decay", 0.004}}));
            }).rfind("optimizer.weight_decay", 0),
            0u);
}

TEST(KerasDepartures, AdafactorDecayIsAtMostZero) {
  EXPECT_EQ(error_of([] {
              lrlab::make_optimizer("adafactor", numbers({{"beta_2_decay", 0.5}}));
            }).rfind("optimizer.beta_2_decay: 0.5 is not allowed", 0),
            0u);
  EXPECT_EQ(error_of([] {
              lrlab::make_optimizer("adafactor", numbers({{"relative_step", 1}}));
            }).rfind("optimizer.relative_step", 0),
            0u);
  EXPECT_NO_THROW(lrlab::make_optimizer("adafactor", numbers({{"beta_2_decay", 0}})));
}

TEST(KerasDepartures, FtrlAccumulatorStartsAboveZero) {
  // Keras accepts 0; here a parameter with no gradient yet would get 0 / 0.
  EXPECT_EQ(error_of([] {
              lrlab::make_optimizer("ftrl", numbers({{"initial_accumulator_value", 0}}));
            }).rfind("optimizer.initial_accumulator_value: 0 is not allowed", 0),
            0u);
  EXPECT_NO_THROW(lrlab::make_optimizer("ftrl", numbers({{"initial_accumulator_value", 1e-9}})));
}

}  // namespace
