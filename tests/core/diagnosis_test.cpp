// Crafted loss histories, one per verdict, plus the edge cases the thresholds must get right
// (the kinds from core/experiments/diagnosis.h; the sentences from core/words/verdict_words.h).
#include "core/experiments/diagnosis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "core/words/verdict_words.h"

namespace {

lrlab::History with_losses(const std::vector<double>& losses) {
  lrlab::History h;
  h.train_loss = losses;
  return h;
}

TEST(Diagnosis, SteadilyFallingLossIsConverging) {
  std::vector<double> losses;
  for (int e = 0; e < 30; ++e) losses.push_back(0.7 * std::pow(0.9, e));
  const auto d = lrlab::diagnose(with_losses(losses), 0.1, 0.75, NAN);
  EXPECT_EQ(d.verdict, lrlab::Verdict::Converging) << lrlab::word_verdict(d).sentence;
  EXPECT_NE(lrlab::word_verdict(d).sentence.find("converging"), std::string::npos);
}

TEST(Diagnosis, FlatAtTheOptimumIsConvergingNotStalling) {
  // Fell fast in the first epoch, then sits at the bottom: no progress, but nothing left to gain.
  std::vector<double> losses(30, 0.01);
  EXPECT_EQ(lrlab::diagnose(with_losses(losses), 0.5, 0.7, NAN).verdict,
            lrlab::Verdict::Converging);
  // The same with a comparison: as good as the best rate reached.
  EXPECT_EQ(lrlab::diagnose(with_losses(losses), 0.5, 0.7, 0.0095).verdict,
            lrlab::Verdict::Converging);
}

TEST(Diagnosis, BarelyMovingFarFromGoodIsStalling) {
  std::vector<double> losses;
  for (int e = 0; e < 50; ++e) losses.push_back(0.693 - 0.0001 * e);
  const auto d = lrlab::diagnose(with_losses(losses), 1e-4, 0.6932, NAN);
  EXPECT_EQ(d.verdict, lrlab::Verdict::Stalling) << lrlab::word_verdict(d).sentence;
  // With a comparison run that reached 0.1, the same curve is still stalling.
  EXPECT_EQ(lrlab::diagnose(with_losses(losses), 1e-4, 0.6932, 0.1).verdict,
            lrlab::Verdict::Stalling);
}

TEST(Diagnosis, SlowButSteadyFarFromBestIsNotStalling) {
  // 1% per epoch is slow, but the run is clearly learning.
  std::vector<double> losses;
  for (int e = 0; e < 40; ++e) losses.push_back(0.7 * std::pow(0.99, e));
  EXPECT_EQ(lrlab::diagnose(with_losses(losses), 0.01, 0.7, 0.05).verdict,
            lrlab::Verdict::Converging);
}

TEST(Diagnosis, BouncingLossIsOvershooting) {
  std::vector<double> losses;
  for (int e = 0; e < 20; ++e) losses.push_back(e % 2 ? 0.9 : 0.5);
  const auto d = lrlab::diagnose(with_losses(losses), 3.0, 0.7, NAN);
  EXPECT_EQ(d.verdict, lrlab::Verdict::Overshooting) << lrlab::word_verdict(d).sentence;
  EXPECT_GE(d.evidence.sign_flip_share, 0.9);
}

TEST(Diagnosis, SmallMiniBatchWobbleIsNotOvershooting) {
  std::vector<double> losses;
  for (int e = 0; e < 20; ++e) losses.push_back(0.3 * std::pow(0.97, e) * (e % 2 ? 1.003 : 0.997));
  EXPECT_EQ(lrlab::diagnose(with_losses(losses), 0.1, 0.7, NAN).verdict,
            lrlab::Verdict::Converging);
}

TEST(Diagnosis, LossThatClimbsBackAfterImprovingIsOvershooting) {
  std::vector<double> losses = {0.6, 0.4, 0.3, 0.35, 0.42, 0.5, 0.55, 0.6};
  EXPECT_EQ(lrlab::diagnose(with_losses(losses), 2.0, 0.7, NAN).verdict,
            lrlab::Verdict::Overshooting);
}

// The sentence says where the loss went: "reached X" only if it got below where it started.
TEST(Diagnosis, OvershootingSentenceSaysWhetherTheLossEverFell) {
  const auto improved =
      lrlab::diagnose(with_losses({0.6, 0.4, 0.3, 0.35, 0.42, 0.5, 0.55, 0.6}), 2.0, 0.7, NAN);
  EXPECT_NE(
      lrlab::word_verdict(improved).sentence.find("the loss reached 0.3 but climbed back to 0.6"),
      std::string::npos)
      << lrlab::word_verdict(improved).sentence;
  // No lower than its start (0.6579 reads 0.658 as written): the default view's rate 30 never
  // improved. "Climbed to" names the peak, 9 (the third epoch), and where it is now.
  const auto never =
      lrlab::diagnose(with_losses({0.6579, 3.0, 9.0, 5.0, 7.0, 8.0, 6.0, 6.68}), 30.0, 0.658, NAN);
  EXPECT_EQ(never.verdict, lrlab::Verdict::Overshooting) << lrlab::word_verdict(never).sentence;
  EXPECT_EQ(lrlab::word_verdict(never).sentence.find("reached"), std::string::npos)
      << lrlab::word_verdict(never).sentence;
  EXPECT_NE(lrlab::word_verdict(never).sentence.find(
                "got no lower than its start, 0.658, and climbed to 9 at epoch 3, now 6.68"),
            std::string::npos)
      << lrlab::word_verdict(never).sentence;
}

TEST(Diagnosis, DivergedRunSaysWhenAndIsNotConfusedWithASpike) {
  lrlab::History h = with_losses({0.7, 5.0, 80.0});
  h.diverged = true;
  h.diverged_epoch = 3;
  const auto d = lrlab::diagnose(h, 10, 0.7, NAN);
  EXPECT_EQ(d.verdict, lrlab::Verdict::Diverged);
  EXPECT_NE(lrlab::word_verdict(d).sentence.find("epoch 4"), std::string::npos)
      << lrlab::word_verdict(d).sentence;  // 1-based in words

  // A single spike followed by recovery is not a divergence.
  const auto spike = lrlab::diagnose(
      with_losses({0.7, 0.5, 0.4, 3.0, 0.35, 0.3, 0.28, 0.26, 0.25, 0.24}), 0.5, 0.7, NAN);
  EXPECT_NE(spike.verdict, lrlab::Verdict::Diverged);
}

TEST(Diagnosis, AnEarlyStopIsEvidenceBesideTheKind) {
  lrlab::History h = with_losses({0.7, 0.5, 0.4, 0.35, 0.33, 0.32});
  lrlab::Event stop;
  stop.kind = lrlab::Event::Kind::EarlyStop;
  stop.epoch = 5;
  stop.step = 60;
  stop.wait = 2;
  h.events.push_back(stop);
  const lrlab::Diagnosis d = lrlab::diagnose(h, NAN, 0.7, NAN);
  EXPECT_EQ(d.verdict, lrlab::Verdict::Converging);
  EXPECT_EQ(d.evidence.early_stop_epoch, 5);
  EXPECT_EQ(d.evidence.early_stop_wait, 2);
  const auto entries = lrlab::evidence_entries(d);
  EXPECT_NE(std::find(entries.begin(), entries.end(),
                      std::make_pair(std::string("early_stop_epoch"), 5.0)),
            entries.end());
  EXPECT_EQ(lrlab::diagnose(with_losses({0.7, 0.5, 0.4}), NAN, 0.7, NAN).evidence.early_stop_epoch,
            -1);
}

TEST(Diagnosis, TooFewEpochsSaysSo) {
  EXPECT_EQ(lrlab::diagnose(with_losses({0.7, 0.6}), 0.1, 0.7, NAN).verdict,
            lrlab::Verdict::TooShort);
}

}  // namespace
