#include "core/experiments/diagnosis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace lrlab {

namespace {

using T = DiagnosisThresholds;

std::string short_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

std::string rate_prefix(double learning_rate) {
  return std::isfinite(learning_rate) ? "rate " + short_number(learning_rate) + ": " : "";
}

}  // namespace

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::TooShort:
      return "too_short";
    case Verdict::Diverged:
      return "diverged";
    case Verdict::Overshooting:
      return "overshooting";
    case Verdict::Stalling:
      return "stalling";
    case Verdict::Converging:
      return "converging";
  }
  return "too_short";
}

Diagnosis diagnose(const History& history, double learning_rate, double initial_loss,
                   double best_reference) {
  Diagnosis d;
  const std::vector<double>& loss = history.train_loss;
  const int epochs = static_cast<int>(loss.size());
  d.evidence["epochs"] = epochs;
  const std::string prefix = rate_prefix(learning_rate);

  // Oscillation and rise are evidence for a diverged run too: the sentence can say it bounced.
  const int window = std::min(epochs, T::kWindow);
  const int begin = epochs - window;
  int flips = 0, pairs = 0;
  double jump_sum = 0, level_sum = 0;
  for (int i = begin + 1; i < epochs; ++i) {
    const double change = loss[i] - loss[i - 1];
    jump_sum += std::fabs(change);
    level_sum += std::fabs(loss[i]);
    if (i >= begin + 2) {
      const double previous = loss[i - 1] - loss[i - 2];
      ++pairs;
      if ((change > 0) != (previous > 0) && change != 0 && previous != 0) ++flips;
    }
  }
  const double flip_share = pairs > 0 ? static_cast<double>(flips) / pairs : 0;
  const double amplitude = level_sum > 0 ? jump_sum / level_sum : 0;
  double best = loss.empty() ? NAN : *std::min_element(loss.begin(), loss.end());
  const double last = loss.empty() ? NAN : loss.back();
  d.evidence["sign_flip_share"] = flip_share;
  d.evidence["relative_jump"] = amplitude;
  d.evidence["best_loss"] = best;
  d.evidence["last_loss"] = last;
  d.evidence["initial_loss"] = initial_loss;

  if (history.diverged) {
    d.verdict = Verdict::Diverged;
    d.evidence["diverged_epoch"] = static_cast<double>(history.diverged_epoch);
    const bool bounced = flip_share >= T::kOscillationShare && epochs >= T::kMinEpochs;
    d.sentence = prefix + "diverged - " +
                 (bounced ? "the loss jumped up and down, then " : std::string("")) +
                 "the steps grew larger than the valley and the loss became infinite at epoch " +
                 std::to_string(history.diverged_epoch + 1) + ".";
    return d;
  }
  if (epochs < T::kMinEpochs) {
    d.verdict = Verdict::TooShort;
    d.sentence = prefix + "too early to tell - train a few more epochs.";
    return d;
  }

  const double rise = best > 0 ? (last - best) / best : 0;
  d.evidence["rise_above_best"] = rise;
  if ((flip_share >= T::kOscillationShare && amplitude >= T::kOscillationAmplitude) ||
      rise >= T::kRiseAboveBest) {
    d.verdict = Verdict::Overshooting;
    // "Reached" only if the loss got below where it started: a rate that overshoots from the
    // first step never did (the default view's rate 30 read "reached 0.658", its starting loss).
    // (Equal as written counts: 0.6579 after a start of 0.658 reads "no lower than 0.658".)
    const bool never_fell =
        std::isfinite(initial_loss) &&
        (best >= initial_loss || short_number(best) == short_number(initial_loss));
    const std::string climb = never_fell ? "the loss got no lower than its start, " +
                                               short_number(initial_loss) + ", and climbed to " +
                                               short_number(last)
                                         : "the loss reached " + short_number(best) +
                                               " but climbed back to " + short_number(last);
    d.sentence = prefix + "overshooting - " +
                 (rise >= T::kRiseAboveBest
                      ? climb + ": the steps jump past the minimum."
                      : "the loss jumps up and down (" + std::to_string(flips) + " reversals in " +
                            std::to_string(window) + " epochs): the steps jump past the minimum.");
    return d;
  }

  const double window_start = loss[begin];
  const double per_epoch =
      window > 1 && window_start > 0 ? (window_start - last) / window_start / (window - 1) : 0;
  d.evidence["improvement_per_epoch"] = per_epoch;
  bool far_from_good;
  if (std::isfinite(best_reference) && best_reference >= 0) {
    far_from_good = last > T::kStallFarAboveBest * best_reference + 1e-12;
    d.evidence["best_reference"] = best_reference;
  } else {
    const double start = std::isfinite(initial_loss) ? initial_loss : loss.front();
    far_from_good = start > 0 && (start - last) / start < T::kStallTotalDrop;
  }
  if (per_epoch < T::kStallImprovementPerEpoch && far_from_good) {
    d.verdict = Verdict::Stalling;
    const double start = std::isfinite(initial_loss) ? initial_loss : loss.front();
    const double drop = start > 0 ? 100 * (start - last) / start : 0;
    const std::string pace =
        "it now falls by " + short_number(std::max(per_epoch, 0.0) * 100) + "% per epoch";
    if (std::isfinite(best_reference) && best_reference >= 0) {
      d.sentence = prefix + "stalling - the loss is stuck at " + short_number(last) +
                   ", far above the " + short_number(best_reference) + " a better rate reached; " +
                   pace + ": the steps are too small.";
    } else {
      d.sentence = prefix + "stalling - after " + std::to_string(epochs) +
                   " epochs the loss has fallen only " + short_number(drop) + "% (to " +
                   short_number(last) + ") and " + pace + ": the steps are too small.";
    }
    return d;
  }
  d.verdict = Verdict::Converging;
  const double start = std::isfinite(initial_loss) ? initial_loss : loss.front();
  d.sentence = prefix + "converging - the loss fell from " + short_number(start) + " to " +
               short_number(last) + " in " + std::to_string(epochs) + " epochs.";
  return d;
}

}  // namespace lrlab
