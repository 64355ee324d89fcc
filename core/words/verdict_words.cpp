#include "core/words/verdict_words.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lrlab {

namespace {

// Numbers in words: three significant digits, as a reader compares them.
std::string num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

// The curvature behind an overshoot, when the run measured it (core/experiments/diagnosis.h):
// "sharpness 46 is above the stability limit 2/rate = 0.0667 at the initial weights". The limit
// is named by its formula only where the history gave the rate exactly (c/rate, c round at three
// digits); "" when no measurement exceeded its limit.
std::string curvature(const VerdictEvidence& e, const char* verb) {
  if (e.sharpness_epoch < 0) return "";
  const double c = e.sharpness_coefficient;
  const bool named =
      std::isfinite(c) && c > 0 && std::fabs(std::strtod(num(c).c_str(), nullptr) - c) <= 1e-9 * c;
  const std::string limit =
      named ? num(c) + "/rate = " + num(e.sharpness_threshold) : num(e.sharpness_threshold);
  const std::string when = e.sharpness_epoch == 0
                               ? "at the initial weights"
                               : "after epoch " + std::to_string(e.sharpness_epoch);
  return std::string(e.sharpness_preconditioned ? "preconditioned sharpness " : "sharpness ") +
         num(e.sharpness) + " " + verb + " above the stability limit " + limit + " " + when;
}

// Where an overshooting loss climbed to: its peak from the best epoch on and where it is now,
// when they read differently ("9 at epoch 3, now 6.68"); else the last loss alone.
std::string climbed_to(const VerdictEvidence& e) {
  if (e.peak_epoch < 0 || !std::isfinite(e.peak_loss) || num(e.peak_loss) == num(e.last_loss))
    return num(e.last_loss);
  return num(e.peak_loss) + " at epoch " + std::to_string(e.peak_epoch + 1) + ", now " +
         num(e.last_loss);
}

// Each kind's words, all in one function: a new kind is one more function and one more row of
// kKinds. Forms left empty take the common wording in word_verdict().

VerdictWords too_short(const VerdictEvidence&) {
  VerdictWords w;
  w.badge = "too early";
  w.tone = "unknown";
  w.sentence = "too early to tell - train a few more epochs.";
  w.story = "it is too early to tell";
  w.sweep = "too short to judge";
  w.judged = false;
  return w;
}

VerdictWords diverged(const VerdictEvidence& e) {
  VerdictWords w;
  w.badge = "diverged";
  w.tone = "unstable";
  const std::string epoch = std::to_string(e.diverged_epoch + 1);  // 1-based in words
  const std::string sharp = curvature(e, "was");
  w.sentence =
      std::string("diverged - ") + (e.bounced ? "the loss jumped up and down, then " : "") +
      "the steps grew larger than the valley and the loss became infinite at epoch " + epoch +
      (sharp.empty() ? "." : "; " + sharp + ": each step overshot along the sharpest direction.");
  w.story =
      "it diverged: the steps grew larger than the valley and the loss blew up in epoch " + epoch;
  w.sweep = "diverging";
  w.where = "where the sweep overshoots";
  w.region = "overshoot";
  w.region_edge = "right";
  w.region_label = "overshoots, then diverges";
  w.region_rank = 2;
  return w;
}

VerdictWords overshooting(const VerdictEvidence& e) {
  VerdictWords w;
  w.badge = "overshooting";
  w.tone = "unstable";
  std::string why;
  if (e.climbed_back) {
    // "Reached" only if the loss got below where it started: a rate that overshoots from the
    // first step never did (the default view's rate 30 read "reached 0.658", its starting loss).
    // Equal as written counts: 0.6579 after a start of 0.658 reads "no lower than 0.658".
    const bool never_fell =
        std::isfinite(e.initial_loss) &&
        (e.best_loss >= e.initial_loss || num(e.best_loss) == num(e.initial_loss));
    why = never_fell
              ? "the loss got no lower than its start, " + num(e.initial_loss) +
                    ", and climbed to " + climbed_to(e)
              : "the loss reached " + num(e.best_loss) + " but climbed back to " + climbed_to(e);
  } else {
    why = "the loss jumps up and down (" + std::to_string(e.reversals) + " reversals in " +
          std::to_string(e.window) + " epochs)";
  }
  const std::string sharp = curvature(e, "is");
  w.sentence = "overshooting - " + why +
               (sharp.empty() ? ": the steps jump past the minimum."
                              : ": " + sharp +
                                    ", so each step overshoots along the sharpest "
                                    "direction.");
  w.story =
      "it is overshooting: the steps jump across the valley, so the loss bounces instead of "
      "settling";
  w.sweep = "overshooting (the loss bounces)";
  w.where = "where the sweep overshoots";
  w.at_lowest = "but the loss there bounces: the edge of stability, fast but not steady";
  w.lowest_seen = "bouncing (overshooting): fast, but at the edge of stability";
  w.region = "overshoot";
  w.region_edge = "right";
  w.region_label = "overshoots";
  w.region_rank = 1;
  return w;
}

VerdictWords stalling(const VerdictEvidence& e) {
  VerdictWords w;
  w.badge = "stalling";
  // The tone says which way to move the rate: a run an overshoot threw out of the valley had a
  // rate too high, whatever its loss does now.
  w.tone = e.stall_cause == StallCause::SettledHigher ? "unstable" : "slow";
  w.cause = stall_cause_name(e.stall_cause);
  // Below a thousandth of a percent an epoch the figure ("2.02e-10%") says less than words do.
  const double percent_per_epoch = std::max(e.improvement_per_epoch, 0.0) * 100;
  const std::string pace = percent_per_epoch < 0.001
                               ? "it has all but stopped falling (less than 0.001% per epoch)"
                               : "it now falls by " + num(percent_per_epoch) + "% per epoch";
  // Where it is stuck: against a better rate, else against its own start.
  std::string stuck;
  if (std::isfinite(e.best_reference)) {
    stuck = "the loss is stuck at " + num(e.last_loss) + ", far above the " +
            num(e.best_reference) + " a better rate reached; ";
  } else {
    const double drop = e.start_loss > 0 ? 100 * (e.start_loss - e.last_loss) / e.start_loss : 0;
    stuck = "after " + std::to_string(e.epochs) + " epochs the loss has fallen only " + num(drop) +
            "% (to " + num(e.last_loss) + ") and ";
  }
  // The cause, as the record supports it (core/experiments/diagnosis.h, "Why it stalls").
  switch (e.stall_cause) {
    case StallCause::SettledHigher:
      w.sentence = "stalling - " + stuck + pace + ". Earlier it climbed from " + num(e.climb_from) +
                   " to " + num(e.climb_loss) + " at epoch " + std::to_string(e.climb_epoch + 1) +
                   ": the steps threw it out of the valley and it settled higher: too large a "
                   "step, not too small.";
      w.story = "the loss is stalling after an overshoot: it settled higher";
      w.sweep = "stalling after an overshoot (settled higher)";
      break;
    case StallCause::Plateau:
      w.sentence = "stalling - " + stuck + pace + ", yet a lower rate reached " +
                   num(e.lower_rate_best) + ": a plateau in the loss, not too small a step.";
      w.story = "the loss is stalling on a plateau: a lower rate got further";
      w.sweep = "stalling on a plateau";
      break;
    default:
      w.sentence = "stalling - " + stuck + pace + ": the steps are too small.";
      w.story = "the loss is stalling: each step is too small to get anywhere";
      w.sweep = "stalling";
      break;
  }
  w.where = "where the sweep stalls";
  w.region = "stall";
  w.region_edge = "left";
  // A shaded stretch is labelled by its highest-ranked rate: "steps too small" only if one of
  // them stalls for that cause.
  const bool small = e.stall_cause == StallCause::SmallSteps || e.stall_cause == StallCause::None;
  w.region_label = small ? "stalls: steps too small" : "stalls";
  w.region_rank = small ? 1 : 0;
  return w;
}

VerdictWords converging(const VerdictEvidence& e) {
  VerdictWords w;
  w.badge = "converging";
  w.tone = "good";
  w.sentence = "converging - the loss fell from " + num(e.start_loss) + " to " + num(e.last_loss) +
               " in " + std::to_string(e.epochs) + " epochs.";
  w.story = "the loss is coming down steadily";
  w.sweep = "converging";
  w.at_lowest = "converging steadily";
  w.steady = true;
  return w;
}

// The words of an early stop (core/callbacks/early_stopping.h), added to any kind: the curve's
// kind says what the rate did, the stop says why the run is over. Epochs counted from 1: the run
// trained early_stop_epoch + 1 epochs.
void add_early_stop(VerdictWords& w, const VerdictEvidence& e) {
  const long wait = e.early_stop_wait;
  w.stop = "stopped early at epoch " + std::to_string(e.early_stop_epoch + 1) +
           ": no improvement for " + std::to_string(wait) + (wait == 1 ? " epoch" : " epochs");
  if (!w.judged) {
    // "Train a few more epochs" would be wrong: the run cannot.
    w.badge = "stopped early";
    w.sentence = w.stop + " - too few epochs to judge the rate.";
    w.story = "it " + w.stop + ", too soon to judge the rate";
    return;
  }
  if (!w.sentence.empty() && w.sentence.back() == '.') w.sentence.pop_back();
  w.sentence += "; " + w.stop + ".";
  w.story += ", until it " + w.stop;
}

struct KindEntry {
  Verdict kind;
  VerdictWords (*words)(const VerdictEvidence&);
};

constexpr KindEntry kKinds[] = {
    {Verdict::TooShort, too_short},        {Verdict::Diverged, diverged},
    {Verdict::Overshooting, overshooting}, {Verdict::Stalling, stalling},
    {Verdict::Converging, converging},
};

}  // namespace

VerdictWords word_verdict(const Diagnosis& diagnosis) {
  const auto entry = std::find_if(std::begin(kKinds), std::end(kKinds),
                                  [&](const KindEntry& k) { return k.kind == diagnosis.verdict; });
  const VerdictEvidence& e = diagnosis.evidence;
  // Every kind has its row (tests/core/verdict_words_test.cpp words each one).
  VerdictWords w = entry != std::end(kKinds) ? entry->words(e) : too_short(e);
  w.kind = verdict_name(diagnosis.verdict);
  if (e.early_stop_epoch >= 0) add_early_stop(w, e);
  // The forms every kind words alike.
  if (std::isfinite(e.learning_rate))
    w.sentence = "rate " + num(e.learning_rate) + ": " + w.sentence;
  w.tooltip = "(" + w.badge + ")";
  if (w.at_lowest.empty()) w.at_lowest = "but the core judged that rate " + w.sweep;
  if (w.lowest_seen.empty()) w.lowest_seen = w.badge;
  w.lesson = "The core diagnosed {run} as " + w.badge + ": " + w.sentence;
  w.summary = "verdict: " + w.sentence;
  return w;
}

}  // namespace lrlab
