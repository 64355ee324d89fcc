// Every form of a verdict is worded from the kind and its evidence alone (core/words/
// verdict_words.h): hand-made evidence, no training, gives the sentences the page and the command
// line show. The expected text is written out here from the evidence's numbers at three
// significant digits.
#include "core/words/verdict_words.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace {

using lrlab::Diagnosis;
using lrlab::StallCause;
using lrlab::Verdict;
using lrlab::word_verdict;

const Verdict kEveryKind[] = {Verdict::TooShort, Verdict::Diverged, Verdict::Overshooting,
                              Verdict::Stalling, Verdict::Converging};

Diagnosis of(Verdict kind) {
  Diagnosis d;
  d.verdict = kind;
  d.evidence.epochs = 30;
  d.evidence.window = 10;
  d.evidence.start_loss = d.evidence.initial_loss = 0.75;
  d.evidence.best_loss = 0.3;
  d.evidence.last_loss = 0.331;
  d.evidence.improvement_per_epoch = 0.01;
  d.evidence.diverged_epoch = kind == Verdict::Diverged ? 3 : -1;
  return d;
}

TEST(VerdictWords, EveryKindIsWordedInEveryForm) {
  std::set<std::string> ids;
  for (const Verdict kind : kEveryKind) {
    const lrlab::VerdictWords w = word_verdict(of(kind));
    EXPECT_EQ(w.kind, lrlab::verdict_name(kind));
    ids.insert(w.kind);
    for (const std::string* form : {&w.sentence, &w.badge, &w.tone, &w.story, &w.tooltip, &w.sweep,
                                    &w.at_lowest, &w.lowest_seen, &w.lesson, &w.summary})
      EXPECT_FALSE(form->empty()) << w.kind;
    EXPECT_NE(w.lesson.find("{run}"), std::string::npos) << w.lesson;
    EXPECT_EQ(w.summary, "verdict: " + w.sentence);
    EXPECT_EQ(w.tooltip, "(" + w.badge + ")");
    // A region is labelled at one edge of the chart.
    EXPECT_EQ(w.region.empty(), w.region_edge.empty()) << w.kind;
    EXPECT_EQ(w.region.empty(), w.region_label.empty()) << w.kind;
  }
  EXPECT_EQ(ids.size(), std::size(kEveryKind));  // no two kinds share an id
}

TEST(VerdictWords, TheCardSentenceComesFromTheEvidence) {
  Diagnosis converging = of(Verdict::Converging);
  EXPECT_EQ(word_verdict(converging).sentence,
            "converging - the loss fell from 0.75 to 0.331 in 30 epochs.");
  converging.evidence.learning_rate = 0.1;  // a sweep's rate is named first
  EXPECT_EQ(word_verdict(converging).sentence,
            "rate 0.1: converging - the loss fell from 0.75 to 0.331 in 30 epochs.");

  Diagnosis stalling = of(Verdict::Stalling);
  stalling.evidence.epochs = 50;
  stalling.evidence.start_loss = 0.6932;
  stalling.evidence.last_loss = 0.6883;  // fell by 0.0049 / 0.6932 = 0.707%
  stalling.evidence.improvement_per_epoch = 0.000145;
  EXPECT_EQ(word_verdict(stalling).sentence,
            "stalling - after 50 epochs the loss has fallen only 0.707% (to 0.688) and it now "
            "falls by 0.0145% per epoch: the steps are too small.");
  stalling.evidence.best_reference = 0.1;
  EXPECT_EQ(word_verdict(stalling).sentence,
            "stalling - the loss is stuck at 0.688, far above the 0.1 a better rate reached; it "
            "now falls by 0.0145% per epoch: the steps are too small.");
  // A pace a student cannot read as a number ("2.02e-10% per epoch") is said in words.
  stalling.evidence.improvement_per_epoch = 2.02e-12;
  EXPECT_EQ(word_verdict(stalling).sentence,
            "stalling - the loss is stuck at 0.688, far above the 0.1 a better rate reached; it "
            "has all but stopped falling (less than 0.001% per epoch): the steps are too small.");
  stalling.evidence.improvement_per_epoch = -0.002;  // rising a little
  EXPECT_NE(word_verdict(stalling).sentence.find("all but stopped falling"), std::string::npos);

  Diagnosis bouncing = of(Verdict::Overshooting);
  bouncing.evidence.reversals = 8;
  EXPECT_EQ(word_verdict(bouncing).sentence,
            "overshooting - the loss jumps up and down (8 reversals in 10 epochs): the steps jump "
            "past the minimum.");
  Diagnosis climbing = of(Verdict::Overshooting);
  climbing.evidence.climbed_back = true;
  EXPECT_EQ(word_verdict(climbing).sentence,
            "overshooting - the loss reached 0.3 but climbed back to 0.331: the steps jump past "
            "the minimum.");

  Diagnosis diverged = of(Verdict::Diverged);
  EXPECT_EQ(word_verdict(diverged).sentence,
            "diverged - the steps grew larger than the valley and the loss became infinite at "
            "epoch 4.");  // 0-based epoch 3, said 1-based
  diverged.evidence.bounced = true;
  EXPECT_EQ(word_verdict(diverged).sentence,
            "diverged - the loss jumped up and down, then the steps grew larger than the valley "
            "and the loss became infinite at epoch 4.");

  EXPECT_EQ(word_verdict(of(Verdict::TooShort)).sentence,
            "too early to tell - train a few more epochs.");
}

// The short forms the page places (its tests read them on the page).
TEST(VerdictWords, TheShortFormsThePageShows) {
  // The badge says what its sentence says ("too early to tell"), also beside a run's numbers.
  EXPECT_EQ(word_verdict(of(Verdict::TooShort)).badge, "too early");
  EXPECT_EQ(word_verdict(of(Verdict::Stalling)).tooltip, "(stalling)");
  EXPECT_EQ(word_verdict(of(Verdict::Converging)).story, "the loss is coming down steadily");
  EXPECT_EQ(word_verdict(of(Verdict::Diverged)).story,
            "it diverged: the steps grew larger than the valley and the loss blew up in epoch 4");
  EXPECT_EQ(word_verdict(of(Verdict::Overshooting)).sweep, "overshooting (the loss bounces)");
  EXPECT_EQ(word_verdict(of(Verdict::Diverged)).sweep, "diverging");
  EXPECT_EQ(word_verdict(of(Verdict::Stalling)).at_lowest,
            "but the core judged that rate stalling");
  EXPECT_EQ(word_verdict(of(Verdict::Converging)).lesson,
            "The core diagnosed {run} as converging: converging - the loss fell from 0.75 to "
            "0.331 in 30 epochs.");
}

// An early stop is said beside the kind, in the words the page and the command line show: the
// epoch counted from 1 (the run trained early_stop_epoch + 1 epochs) and the wait.
TEST(VerdictWords, AnEarlyStopIsSaidWithTheKind) {
  Diagnosis d = of(Verdict::Converging);
  d.evidence.epochs = 23;
  d.evidence.early_stop_epoch = 22;
  d.evidence.early_stop_wait = 6;
  const lrlab::VerdictWords w = word_verdict(d);
  EXPECT_EQ(w.kind, "converging");
  EXPECT_EQ(w.badge, "converging");
  EXPECT_EQ(w.stop, "stopped early at epoch 23: no improvement for 6 epochs");
  EXPECT_EQ(w.sentence,
            "converging - the loss fell from 0.75 to 0.331 in 23 epochs; stopped early at epoch "
            "23: no improvement for 6 epochs.");
  EXPECT_EQ(w.story,
            "the loss is coming down steadily, until it stopped early at epoch 23: no improvement "
            "for 6 epochs");
  EXPECT_EQ(w.summary, "verdict: " + w.sentence);

  // Too soon to judge the rate, and the run cannot train more: no "train a few more epochs".
  Diagnosis short_run = of(Verdict::TooShort);
  short_run.evidence.early_stop_epoch = 1;
  short_run.evidence.early_stop_wait = 1;
  const lrlab::VerdictWords s = word_verdict(short_run);
  EXPECT_EQ(s.badge, "stopped early");
  EXPECT_EQ(s.sentence,
            "stopped early at epoch 2: no improvement for 1 epoch - too few epochs to judge the "
            "rate.");
  EXPECT_EQ(word_verdict(of(Verdict::Converging)).stop, "");
}

// A tone says which way to move the rate: "slow" (blue) is a rate too low. A run that stalls
// because an overshoot threw it out of the valley and it settled higher had a rate too high: it
// wears the overshoot's tone, while a run whose steps are too small keeps "slow".
TEST(VerdictWords, AStallAfterAnOvershootWearsTheOvershootsTone) {
  Diagnosis settled = of(Verdict::Stalling);
  settled.evidence.stall_cause = StallCause::SettledHigher;
  settled.evidence.climb_from = 0.3;
  settled.evidence.climb_loss = 0.9;
  settled.evidence.climb_epoch = 4;
  const auto over = word_verdict(of(Verdict::Overshooting));
  EXPECT_EQ(word_verdict(settled).tone, over.tone);
  EXPECT_EQ(word_verdict(settled).badge, "stalling");
  Diagnosis small = of(Verdict::Stalling);
  small.evidence.stall_cause = StallCause::SmallSteps;
  EXPECT_EQ(word_verdict(small).tone, "slow");
}

// The sentence names the cause it rests on and, for a stall that is not from small steps, says
// so in plain words.
TEST(VerdictWords, AStallSentenceSaysWhyItIsNotSmallSteps) {
  const auto tail = [](const std::string& sentence, std::size_t n) {
    return sentence.size() < n ? sentence : sentence.substr(sentence.size() - n);
  };
  Diagnosis settled = of(Verdict::Stalling);
  settled.evidence.stall_cause = StallCause::SettledHigher;
  settled.evidence.climb_from = 0.3;
  settled.evidence.climb_loss = 0.9;
  settled.evidence.climb_epoch = 4;
  const std::string climbed =
      "Earlier it climbed from 0.3 to 0.9 at epoch 5: the steps threw it out of the valley and it "
      "settled higher: too large a step, not too small.";
  EXPECT_EQ(tail(word_verdict(settled).sentence, climbed.size()), climbed);
  Diagnosis plateau = of(Verdict::Stalling);
  plateau.evidence.stall_cause = StallCause::Plateau;
  plateau.evidence.lower_rate_best = 0.01;
  const std::string flat =
      ", yet a lower rate reached 0.01: a plateau in the loss, not too small a step.";
  EXPECT_EQ(tail(word_verdict(plateau).sentence, flat.size()), flat);
}

// The sweep chart shades overshooting and diverged rates as one region on the right, labelled
// for the divergence when it holds one; stalling on the left; converging in none.
TEST(VerdictWords, RegionsGroupTheKindsTheChartShadesTogether) {
  const auto over = word_verdict(of(Verdict::Overshooting));
  const auto diverged = word_verdict(of(Verdict::Diverged));
  const auto stall = word_verdict(of(Verdict::Stalling));
  EXPECT_EQ(over.region, diverged.region);
  EXPECT_EQ(over.tone, diverged.tone);
  EXPECT_GT(diverged.region_rank, over.region_rank);
  EXPECT_EQ(diverged.region_label, "overshoots, then diverges");
  EXPECT_EQ(over.region_edge, "right");
  EXPECT_EQ(stall.region_edge, "left");
  EXPECT_NE(stall.region, over.region);
  EXPECT_TRUE(word_verdict(of(Verdict::Converging)).region.empty());
  EXPECT_TRUE(word_verdict(of(Verdict::Converging)).steady);
  EXPECT_FALSE(word_verdict(of(Verdict::TooShort)).judged);
}

}  // namespace
