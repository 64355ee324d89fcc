// The verdict cites the curvature behind an overshoot when the run measured it (issue 27): the
// measurement most above its stability threshold becomes evidence (core/experiments/diagnosis.h)
// and the card's sentence, the lesson and the command line word it (core/words/verdict_words.h).
// Expected numbers come from the crafted histories and, for a real run, from the linear problem's
// Hessian in closed form, never from lrlab's own output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "core/experiments/diagnosis.h"
#include "core/settings.h"
#include "core/trainer.h"
#include "core/words/verdict_words.h"

namespace {

// Three significant digits, as the words print numbers.
std::string three(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

// A loss that climbs back (an overshoot) with full-batch steps at rate 0.5, one record per step.
lrlab::History overshooting() {
  lrlab::History h;
  h.train_loss = {0.7, 0.5, 0.4, 0.6, 0.9, 1.4, 2.0};
  h.epoch_lr.assign(h.train_loss.size(), 0.5);
  for (int t = 1; t <= 7; ++t) {
    h.step_index.push_back(t);
    h.step_lr.push_back(0.5);
  }
  return h;
}

void measure(lrlab::History& h, double epoch, double value, double preconditioned,
             double threshold) {
  h.sharpness_epoch.push_back(epoch);
  h.sharpness_step.push_back(epoch);  // full batch: a step an epoch
  h.sharpness.push_back(value);
  h.sharpness_preconditioned.push_back(preconditioned);
  h.sharpness_threshold.push_back(threshold);
  h.sharpness_iterations.push_back(10);
}

TEST(SharpnessVerdict, TheMeasurementMostAboveItsLimitIsTheEvidence) {
  lrlab::History h = overshooting();
  measure(h, 0, 3, NAN, 4);    // below 2/0.5 = 4
  measure(h, 2, 6, NAN, 4);    // 1.5 times
  measure(h, 4, 10, NAN, 4);   // 2.5 times: the most
  measure(h, 6, 8.5, NAN, 4);  // 2.125 times
  const lrlab::Diagnosis d = lrlab::diagnose(h, NAN, 0.7, NAN);
  ASSERT_EQ(d.verdict, lrlab::Verdict::Overshooting);
  EXPECT_EQ(d.evidence.sharpness, 10);
  EXPECT_EQ(d.evidence.sharpness_threshold, 4);
  EXPECT_EQ(d.evidence.sharpness_epoch, 4);
  EXPECT_FALSE(d.evidence.sharpness_preconditioned);
  EXPECT_DOUBLE_EQ(d.evidence.sharpness_coefficient, 2);  // 4 x the rate 0.5
  EXPECT_EQ(lrlab::word_verdict(d).sentence,
            "overshooting - the loss reached 0.4 but climbed back to 2: sharpness 10 is above the "
            "stability limit 2/rate = 4 after epoch 4, so each step overshoots along the sharpest "
            "direction.");
}

TEST(SharpnessVerdict, NoMeasurementAboveItsLimitOrNoneAtAllLeavesTheWordsAsBefore) {
  const std::string plain =
      "overshooting - the loss reached 0.4 but climbed back to 2: the steps jump past the minimum.";
  lrlab::History h = overshooting();
  EXPECT_EQ(lrlab::word_verdict(lrlab::diagnose(h, NAN, 0.7, NAN)).sentence, plain);
  measure(h, 0, 3, NAN, 4);
  measure(h, 2, 4, NAN, 4);  // at the limit is not above it
  const lrlab::Diagnosis d = lrlab::diagnose(h, NAN, 0.7, NAN);
  EXPECT_EQ(d.evidence.sharpness_epoch, -1);
  EXPECT_EQ(lrlab::word_verdict(d).sentence, plain);
}

// Adam's threshold (2 + 2 beta_1) / ((1 - beta_1) lr) = 38 / 0.5 = 76 speaks of the preconditioned
// sharpness; the plain value at the initial weights (no preconditioner yet) is not compared to it.
TEST(SharpnessVerdict, APreconditionedRunIsJudgedByItsPreconditionedSharpness) {
  lrlab::History h = overshooting();
  const double limit = (2 + 2 * 0.9) / ((1 - 0.9) * 0.5);
  measure(h, 0, 200, NAN, limit);
  measure(h, 3, 5, 100, limit);
  const lrlab::Diagnosis d = lrlab::diagnose(h, NAN, 0.7, NAN);
  EXPECT_EQ(d.evidence.sharpness, 100);
  EXPECT_EQ(d.evidence.sharpness_epoch, 3);
  EXPECT_TRUE(d.evidence.sharpness_preconditioned);
  EXPECT_EQ(lrlab::word_verdict(d).sentence,
            "overshooting - the loss reached 0.4 but climbed back to 2: preconditioned sharpness "
            "100 is above the stability limit 38/rate = 76 after epoch 3, so each step overshoots "
            "along the sharpest direction.");
}

// Where the history holds no record of the rate in force (a decimated step), the limit is given
// by its value alone: a formula from a guessed rate could be wrong.
TEST(SharpnessVerdict, WithoutTheRateInForceTheLimitIsNamedByItsValue) {
  lrlab::History h = overshooting();
  h.step_index = {1, 3, 5, 7};
  h.step_lr = {0.5, 0.5, 0.5, 0.5};
  measure(h, 4, 10, NAN, 4);
  const lrlab::Diagnosis d = lrlab::diagnose(h, NAN, 0.7, NAN);
  EXPECT_TRUE(std::isnan(d.evidence.sharpness_coefficient));
  EXPECT_NE(lrlab::word_verdict(d).sentence.find("above the stability limit 4 after epoch 4"),
            std::string::npos);
}

TEST(SharpnessVerdict, ADivergedRunSaysItsCurvatureInThePast) {
  lrlab::History h = overshooting();
  h.train_loss.push_back(INFINITY);
  h.diverged = true;
  h.diverged_epoch = 7;
  measure(h, 0, 12, NAN, 4);
  EXPECT_EQ(lrlab::word_verdict(lrlab::diagnose(h, NAN, 0.7, NAN)).sentence,
            "diverged - the steps grew larger than the valley and the loss became infinite at "
            "epoch 8; sharpness 12 was above the stability limit 2/rate = 4 at the initial "
            "weights: each step overshot along the sharpest direction.");
}

// A real run: a linear model with MSE on the linear problem, full batch, has the constant Hessian
// 2 [[mean x^2, mean x], [mean x, 1]]; at 1.2 times 2/L the error along the top direction grows by
// |1 - 2.4| = 1.4 a step, so the loss climbs and the sentence cites L against 2/rate.
TEST(SharpnessVerdict, ARunAboveTwoOverLCitesLInItsSentence) {
  const std::string start = R"({"seed": 5, "problem": {"name": "linear", "samples": 100,
      "noise": 0.1}, "model": {"hidden": [], "activation": "linear", "loss": "mse"},
      "batch_size": 1000, "epochs": 12,
      "sharpness": {"enabled": true, "every": 4, "tolerance": 1e-12}, "optimizer": )";
  const lrlab::Dataset train =
      lrlab::Trainer(lrlab::parse_settings(start + R"({"name": "sgd"}})")).problem().train;
  double mean_x = 0, mean_xx = 0;
  for (Eigen::Index j = 0; j < train.size(); ++j) {
    mean_x += train.x(0, j) / static_cast<double>(train.size());
    mean_xx += train.x(0, j) * train.x(0, j) / static_cast<double>(train.size());
  }
  const double a = 2 * mean_xx, c = 2;  // the Hessian [[a, b], [b, c]]
  const double b = 2 * mean_x;
  const double l = (a + c) / 2 + std::sqrt((a - c) * (a - c) / 4 + b * b);
  const double rate = 1.2 * 2 / l;
  char optimizer[96];
  std::snprintf(optimizer, sizeof optimizer, R"({"name": "sgd", "learning_rate": %.17g}})", rate);
  lrlab::Trainer trainer(lrlab::parse_settings(start + optimizer));
  trainer.run(12);
  const lrlab::Diagnosis d =
      lrlab::diagnose(trainer.history(), NAN, trainer.history().initial_train_loss, NAN);
  ASSERT_EQ(d.verdict, lrlab::Verdict::Overshooting);
  const std::string sentence = lrlab::word_verdict(d).sentence;
  EXPECT_NE(sentence.find("sharpness " + three(l) +
                          " is above the stability limit 2/rate = " + three(2 / rate)),
            std::string::npos)
      << sentence;
}

}  // namespace
