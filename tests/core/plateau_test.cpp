// ReduceLROnPlateau against the worked example of docs/spec-schedules.md#reducelronplateau and
// Keras 3's order of operations.
#include "core/plateau.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "tests/support/error_of.h"

namespace {

using lrlab::ParamValues;
using lrlab::ReduceLROnPlateau;

ParamValues values(std::map<std::string, double> numbers,
                   std::map<std::string, std::string> texts = {}) {
  ParamValues v;
  v.numbers = std::move(numbers);
  v.texts = std::move(texts);
  return v;
}

using lrlab_test::error_of;

// The rate after each epoch, the rate used in an epoch being the previous epoch's result.
std::vector<double> run(ReduceLROnPlateau& plateau, double lr, const std::vector<double>& series,
                        std::vector<int>* events = nullptr) {
  std::vector<double> rates;
  for (size_t e = 0; e < series.size(); ++e) {
    const ReduceLROnPlateau::Outcome outcome = plateau.on_epoch_end(series[e], lr);
    EXPECT_EQ(outcome.old_lr, lr);
    if (outcome.reduced && events) events->push_back(static_cast<int>(e));
    if (!outcome.reduced) EXPECT_EQ(outcome.new_lr, lr);
    lr = outcome.new_lr;
    rates.push_back(lr);
  }
  return rates;
}

TEST(Plateau, SpecWorkedExample) {
  ReduceLROnPlateau plateau(values({{"factor", 0.2}, {"patience", 3}, {"min_lr", 0.001}}));
  std::vector<int> events;
  const std::vector<double> rates =
      run(plateau, 0.01, {1.0, 0.8, 0.7, 0.7, 0.69995, 0.71, 0.6, 0.6, 0.6, 0.6, 0.6}, &events);
  const std::vector<double> expected = {0.01,  0.01,  0.01,  0.01,  0.01, 0.002,
                                        0.002, 0.002, 0.002, 0.001, 0.001};
  ASSERT_EQ(rates.size(), expected.size());
  for (size_t e = 0; e < expected.size(); ++e)
    EXPECT_NEAR(rates[e], expected[e], 1e-15) << "epoch " << e;
  EXPECT_EQ(events, (std::vector<int>{5, 9}));
  EXPECT_EQ(plateau.best(), 0.6);
  EXPECT_EQ(plateau.wait(), 1);  // epoch 10: at min_lr, only wait moves
}

TEST(Plateau, DefaultsAreKeras) {
  ReduceLROnPlateau plateau(ParamValues{});
  EXPECT_EQ(plateau.monitor(), "val_loss");
  EXPECT_FALSE(plateau.maximizing());
  EXPECT_EQ(plateau.best(), std::numeric_limits<double>::infinity());
  // patience 10, factor 0.1: the first cut comes 10 flat epochs after the first.
  std::vector<int> events;
  const auto rates = run(plateau, 1.0, std::vector<double>(12, 1.0), &events);
  EXPECT_EQ(events, (std::vector<int>{10}));
  EXPECT_NEAR(rates[10], 0.1, 1e-16);
  // min_delta 1e-4: an improvement of 5e-5 is not one.
  ReduceLROnPlateau small(ParamValues{});
  small.on_epoch_end(1.0, 1.0);
  small.on_epoch_end(1.0 - 5e-5, 1.0);
  EXPECT_EQ(small.wait(), 1);
  EXPECT_EQ(small.best(), 1.0);
}

std::vector<int> cut_epochs(double cooldown) {
  ReduceLROnPlateau plateau(values({{"factor", 0.5}, {"patience", 1}, {"cooldown", cooldown}}));
  std::vector<int> events;
  run(plateau, 1.0, std::vector<double>(8, 1.0), &events);
  return events;
}

TEST(Plateau, CooldownOneActsLikeZero) {
  EXPECT_EQ(cut_epochs(0), (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(cut_epochs(1), (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(cut_epochs(2), (std::vector<int>{1, 3, 5, 7}));
  EXPECT_EQ(cut_epochs(3), (std::vector<int>{1, 4, 7}));
}

TEST(Plateau, CooldownCounterAndWaitStepByStep) {
  ReduceLROnPlateau plateau(values({{"factor", 0.5}, {"patience", 1}, {"cooldown", 2}}));
  plateau.on_epoch_end(1.0, 1.0);
  EXPECT_TRUE(plateau.on_epoch_end(1.0, 1.0).reduced);
  EXPECT_EQ(plateau.cooldown_counter(), 2);
  EXPECT_EQ(plateau.wait(), 0);
  EXPECT_FALSE(plateau.on_epoch_end(1.0, 0.5).reduced);  // in cooldown: wait does not move
  EXPECT_EQ(plateau.cooldown_counter(), 1);
  EXPECT_EQ(plateau.wait(), 0);
  // An improvement during cooldown still updates best.
  EXPECT_FALSE(plateau.on_epoch_end(0.5, 0.5).reduced);
  EXPECT_EQ(plateau.cooldown_counter(), 0);
  EXPECT_EQ(plateau.best(), 0.5);
}

TEST(Plateau, StateForThePagesReadout) {
  // What the page shows beside a run: the last monitored value, best so far, wait against
  // patience, cooldown left against cooldown.
  ReduceLROnPlateau plateau(values({{"patience", 3}, {"cooldown", 2}}));
  EXPECT_TRUE(std::isnan(plateau.last_monitored()));
  EXPECT_EQ(plateau.patience(), 3);
  EXPECT_EQ(plateau.cooldown(), 2);
  plateau.on_epoch_end(0.8, 0.1);
  plateau.on_epoch_end(0.9, 0.1);
  EXPECT_EQ(plateau.last_monitored(), 0.9);
  EXPECT_EQ(plateau.best(), 0.8);
  EXPECT_EQ(plateau.wait(), 1);
  plateau.reset();
  EXPECT_TRUE(std::isnan(plateau.last_monitored()));
}

TEST(Plateau, AccuracyMonitorMaximizesInAutoMode) {
  ReduceLROnPlateau plateau(
      values({{"factor", 0.5}, {"patience", 2}}, {{"monitor", "val_accuracy"}}));
  EXPECT_TRUE(plateau.maximizing());
  EXPECT_EQ(plateau.best(), -std::numeric_limits<double>::infinity());
  std::vector<int> events;
  const auto rates = run(plateau, 0.1, {0.5, 0.6, 0.7, 0.7, 0.69, 0.8, 0.75}, &events);
  EXPECT_EQ(events, (std::vector<int>{4}));
  EXPECT_EQ(plateau.best(), 0.8);
  EXPECT_EQ(rates.back(), 0.05);

  EXPECT_TRUE(ReduceLROnPlateau(values({}, {{"monitor", "accuracy"}})).maximizing());
  EXPECT_FALSE(ReduceLROnPlateau(values({}, {{"monitor", "loss"}})).maximizing());
  EXPECT_FALSE(
      ReduceLROnPlateau(values({}, {{"monitor", "val_accuracy"}, {"mode", "min"}})).maximizing());
  EXPECT_TRUE(ReduceLROnPlateau(values({}, {{"monitor", "loss"}, {"mode", "max"}})).maximizing());
}

TEST(Plateau, MaxModeNeedsMoreThanMinDelta) {
  ReduceLROnPlateau plateau(values({{"patience", 5}, {"min_delta", 0.01}}, {{"mode", "max"}}));
  plateau.on_epoch_end(0.5, 1);
  plateau.on_epoch_end(0.505, 1);  // +0.005 < min_delta
  EXPECT_EQ(plateau.wait(), 1);
  EXPECT_EQ(plateau.best(), 0.5);
  plateau.on_epoch_end(0.52, 1);
  EXPECT_EQ(plateau.wait(), 0);
  EXPECT_EQ(plateau.best(), 0.52);
}

TEST(Plateau, MinLrFloorThenNothingMoreHappens) {
  ReduceLROnPlateau plateau(values({{"factor", 0.5}, {"patience", 1}, {"min_lr", 0.3}}));
  std::vector<int> events;
  const auto rates = run(plateau, 1.0, std::vector<double>(7, 2.0), &events);
  EXPECT_EQ(events, (std::vector<int>{1, 2}));
  EXPECT_EQ(rates, (std::vector<double>{1.0, 0.5, 0.3, 0.3, 0.3, 0.3, 0.3}));
  EXPECT_EQ(plateau.wait(), 4);  // keeps growing at the floor
}

TEST(Plateau, NanNeverImproves) {
  ReduceLROnPlateau plateau(values({{"patience", 1}}));
  plateau.on_epoch_end(1.0, 1.0);
  EXPECT_TRUE(plateau.on_epoch_end(std::nan(""), 1.0).reduced);
  EXPECT_EQ(plateau.best(), 1.0);
}

TEST(Plateau, ResetForgetsEverything) {
  ReduceLROnPlateau plateau(values({{"patience", 1}, {"cooldown", 3}}));
  plateau.on_epoch_end(1.0, 1.0);
  plateau.on_epoch_end(1.0, 1.0);
  ASSERT_EQ(plateau.cooldown_counter(), 3);
  plateau.reset();
  EXPECT_EQ(plateau.wait(), 0);
  EXPECT_EQ(plateau.cooldown_counter(), 0);
  EXPECT_EQ(plateau.best(), std::numeric_limits<double>::infinity());
}

TEST(Plateau, BadParametersNameTheField) {
  EXPECT_EQ(error_of([] {
              ReduceLROnPlateau(values({{"factor", 1}}));
            }),
            "plateau.factor: 1 is not allowed (must be a finite number > 0 and < 1)");
  EXPECT_EQ(error_of([] {
              ReduceLROnPlateau(values({{"factor", 1.5}}));
            }).find("plateau.factor: 1.5"),
            0u);
  EXPECT_EQ(error_of([] {
              ReduceLROnPlateau(values({{"factor", 0}}));
            }).find("plateau.factor: 0"),
            0u);
  // Only the start: how format_number spells the upper bound 1000 is not this unit's business.
  EXPECT_EQ(error_of([] {
              ReduceLROnPlateau(values({{"patience", -1}}));
            }).find("plateau.patience: -1 is not allowed (must be an integer >= 0 and <= "),
            0u);
  EXPECT_EQ(error_of([] {
              ReduceLROnPlateau(values({{"patience", 2.5}}));
            }).find("plateau.patience: 2.5"),
            0u);
  EXPECT_EQ(error_of([] {
              ReduceLROnPlateau(values({{"cooldown", -1}}));
            }).find("plateau.cooldown: -1"),
            0u);
  EXPECT_EQ(error_of([] {
              ReduceLROnPlateau(values({{"min_lr", -0.1}}));
            }).find("plateau.min_lr"),
            0u);
  EXPECT_EQ(error_of([] {
              ReduceLROnPlateau(values({{"min_delta", std::nan("")}}));
            }).find("plateau.min_delta: NaN"),
            0u);
  EXPECT_EQ(error_of([] {
              ReduceLROnPlateau(values({}, {{"monitor", "val_acc"}}));
            }),
            "plateau.monitor: \"val_acc\" is not allowed (must be one of \"val_loss\", \"loss\", "
            "\"val_accuracy\", \"accuracy\")");
  EXPECT_EQ(error_of([] {
              ReduceLROnPlateau(values({}, {{"mode", "auto-ish"}}));
            }).find("plateau.mode"),
            0u);
}

TEST(Plateau, ParamsDescribeThemselves) {
  const auto& specs = lrlab::plateau_params();
  ASSERT_EQ(specs.size(), 7u);
  for (const auto& spec : specs) EXPECT_FALSE(spec.meaning.empty()) << spec.name;
  EXPECT_EQ(specs[0].name, "monitor");
  EXPECT_EQ(specs[0].kind, lrlab::ParamKind::Choice);
  EXPECT_EQ(specs[1].name, "factor");
  EXPECT_EQ(specs[1].default_value, 0.1);
  EXPECT_FALSE(specs[1].max_inclusive);
}

}  // namespace
