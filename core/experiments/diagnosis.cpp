#include "core/experiments/diagnosis.h"

#include <algorithm>
#include <cmath>

namespace lrlab {

namespace {

using T = DiagnosisThresholds;

// The rate of the latest update before the measurement after `step` updates: the step record of
// that update where one was kept (the stride is 1 until a run gets long), the base rate from the
// first epoch's before any update. NaN where the history does not hold it.
double rate_at_measurement(const History& h, double step) {
  if (step == 0) return h.epoch_lr.empty() ? NAN : h.epoch_lr.front();
  const auto at = std::lower_bound(h.step_index.begin(), h.step_index.end(), step);
  if (at == h.step_index.end() || *at != step) return NAN;
  return h.step_lr[static_cast<std::size_t>(at - h.step_index.begin())];
}

// The measurement most above its threshold, if any is above: what the words cite for an overshoot.
void add_sharpness(const History& h, VerdictEvidence& e) {
  // An optimizer with a preconditioner has one from its first update on: its threshold speaks of
  // the preconditioned sharpness, so a plain value beside it (at the initial weights) is no match.
  const bool preconditioned =
      std::any_of(h.sharpness_preconditioned.begin(), h.sharpness_preconditioned.end(),
                  [](double v) { return std::isfinite(v); });
  double most = 1;  // only a ratio above 1 explains an overshoot
  for (std::size_t i = 0; i < h.sharpness.size(); ++i) {
    const double value = preconditioned ? h.sharpness_preconditioned[i] : h.sharpness[i];
    const double threshold = h.sharpness_threshold[i];
    if (!std::isfinite(value) || !std::isfinite(threshold) || threshold <= 0) continue;
    if (value / threshold <= most) continue;
    most = value / threshold;
    e.sharpness = value;
    e.sharpness_threshold = threshold;
    e.sharpness_epoch = static_cast<long>(h.sharpness_epoch[i]);
    e.sharpness_preconditioned = preconditioned;
    e.sharpness_coefficient = threshold * rate_at_measurement(h, h.sharpness_step[i]);
  }
}

// The highest loss from the (first) best epoch on, and the largest climb above the lowest loss
// reached before it, start included (DiagnosisThresholds: what "settled higher" rests on).
void add_peak_and_climb(const std::vector<double>& loss, VerdictEvidence& e) {
  const auto best_at = std::min_element(loss.begin(), loss.end());
  const auto peak_at = std::max_element(best_at, loss.end());
  e.peak_loss = *peak_at;
  e.peak_epoch = static_cast<long>(peak_at - loss.begin());
  double low = std::isfinite(e.start_loss) ? e.start_loss : loss.front();
  double most = T::kRiseAboveBest;
  for (std::size_t i = 0; i < loss.size(); ++i) {
    if (low > 0 && (loss[i] - low) / low >= most) {
      most = (loss[i] - low) / low;
      e.climb_loss = loss[i];
      e.climb_epoch = static_cast<long>(i);
      e.climb_from = low;
    }
    low = std::min(low, loss[i]);
  }
}

// Why a stalling run is stuck (DiagnosisThresholds, "Why it stalls"): settled higher after a
// climb, a plateau below a lower rate that did better, else steps too small.
StallCause stall_cause(const VerdictEvidence& e) {
  if (e.climb_epoch >= 0) return StallCause::SettledHigher;
  if (std::isfinite(e.lower_rate_best) && e.lower_rate_best >= 0 &&
      e.last_loss > T::kStallFarAboveBest * e.lower_rate_best + 1e-12)
    return StallCause::Plateau;
  return StallCause::SmallSteps;
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

const char* stall_cause_name(StallCause cause) {
  switch (cause) {
    case StallCause::None:
      return "";
    case StallCause::SmallSteps:
      return "small_steps";
    case StallCause::Plateau:
      return "plateau";
    case StallCause::SettledHigher:
      return "settled_higher";
  }
  return "";
}

std::vector<std::pair<std::string, double>> evidence_entries(const Diagnosis& diagnosis) {
  const VerdictEvidence& e = diagnosis.evidence;
  std::vector<std::pair<std::string, double>> out = {
      {"epochs", e.epochs},
      {"window", e.window},
      {"reversals", e.reversals},
      {"sign_flip_share", e.sign_flip_share},
      {"relative_jump", e.relative_jump},
      {"initial_loss", e.initial_loss},
      {"best_loss", e.best_loss},
      {"last_loss", e.last_loss},
  };
  if (e.diverged_epoch >= 0)
    out.emplace_back("diverged_epoch", static_cast<double>(e.diverged_epoch));
  if (!std::isnan(e.rise_above_best)) out.emplace_back("rise_above_best", e.rise_above_best);
  if (!std::isnan(e.improvement_per_epoch))
    out.emplace_back("improvement_per_epoch", e.improvement_per_epoch);
  if (!std::isnan(e.best_reference)) out.emplace_back("best_reference", e.best_reference);
  if (e.peak_epoch >= 0) {
    out.emplace_back("peak_loss", e.peak_loss);
    out.emplace_back("peak_epoch", static_cast<double>(e.peak_epoch));
  }
  if (e.climb_epoch >= 0) {
    out.emplace_back("climb_loss", e.climb_loss);
    out.emplace_back("climb_epoch", static_cast<double>(e.climb_epoch));
    out.emplace_back("climb_from", e.climb_from);
  }
  if (!std::isnan(e.lower_rate_best)) out.emplace_back("lower_rate_best", e.lower_rate_best);
  if (e.early_stop_epoch >= 0) {
    out.emplace_back("early_stop_epoch", static_cast<double>(e.early_stop_epoch));
    out.emplace_back("early_stop_wait", static_cast<double>(e.early_stop_wait));
  }
  if (e.sharpness_epoch >= 0) {
    out.emplace_back("sharpness", e.sharpness);
    out.emplace_back("sharpness_threshold", e.sharpness_threshold);
    out.emplace_back("sharpness_epoch", static_cast<double>(e.sharpness_epoch));
  }
  return out;
}

Diagnosis diagnose(const History& history, double learning_rate, double initial_loss,
                   double best_reference, double lower_rate_best) {
  Diagnosis d;
  VerdictEvidence& e = d.evidence;
  const std::vector<double>& loss = history.train_loss;
  const int epochs = static_cast<int>(loss.size());
  e.learning_rate = learning_rate;
  e.epochs = epochs;
  e.initial_loss = initial_loss;

  // Oscillation and rise are evidence for a diverged run too: the words can say it bounced.
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
  e.window = window;
  e.reversals = flips;
  e.sign_flip_share = pairs > 0 ? static_cast<double>(flips) / pairs : 0;
  e.relative_jump = level_sum > 0 ? jump_sum / level_sum : 0;
  e.best_loss = loss.empty() ? NAN : *std::min_element(loss.begin(), loss.end());
  e.last_loss = loss.empty() ? NAN : loss.back();
  e.start_loss = std::isfinite(initial_loss) ? initial_loss : (loss.empty() ? NAN : loss.front());

  // A stop is an event beside the shape of the curve: the kind below still says what the rate did.
  for (const Event& event : history.events) {
    if (event.kind != Event::Kind::EarlyStop) continue;
    e.early_stop_epoch = event.epoch;
    e.early_stop_wait = event.wait;
  }

  add_sharpness(history, e);

  if (history.diverged) {
    d.verdict = Verdict::Diverged;
    e.diverged_epoch = history.diverged_epoch;
    e.bounced = e.sign_flip_share >= T::kOscillationShare && epochs >= T::kMinEpochs;
    return d;
  }
  if (epochs < T::kMinEpochs) {
    d.verdict = Verdict::TooShort;
    return d;
  }

  const double best = e.best_loss, last = e.last_loss;
  add_peak_and_climb(loss, e);
  e.rise_above_best = best > 0 ? (last - best) / best : 0;
  e.climbed_back = e.rise_above_best >= T::kRiseAboveBest;
  if ((e.sign_flip_share >= T::kOscillationShare && e.relative_jump >= T::kOscillationAmplitude) ||
      e.climbed_back) {
    d.verdict = Verdict::Overshooting;
    return d;
  }

  const double window_start = loss[begin];
  e.improvement_per_epoch =
      window > 1 && window_start > 0 ? (window_start - last) / window_start / (window - 1) : 0;
  bool far_from_good;
  if (std::isfinite(best_reference) && best_reference >= 0) {
    far_from_good = last > T::kStallFarAboveBest * best_reference + 1e-12;
    e.best_reference = best_reference;
  } else {
    const double start = e.start_loss;
    far_from_good = start > 0 && (start - last) / start < T::kStallTotalDrop;
  }
  d.verdict = e.improvement_per_epoch < T::kStallImprovementPerEpoch && far_from_good
                  ? Verdict::Stalling
                  : Verdict::Converging;
  if (d.verdict == Verdict::Stalling) {
    e.lower_rate_best = lower_rate_best;
    e.stall_cause = stall_cause(e);
  }
  return d;
}

}  // namespace lrlab
