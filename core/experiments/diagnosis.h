#pragma once
// Says in words what a loss curve shows. From a run's per-epoch training loss the core classifies
// it as diverged, overshooting, stalling or converging, keeps the numbers behind the verdict, and
// writes the sentence the page shows under the chart. The thresholds are named constants so a
// teacher reading this file knows exactly when each word is used.
#include <map>
#include <string>
#include <vector>

#include "core/history.h"

namespace lrlab {

enum class Verdict { TooShort, Diverged, Overshooting, Stalling, Converging };
const char* verdict_name(Verdict verdict);

struct Diagnosis {
  Verdict verdict = Verdict::TooShort;
  std::string sentence;
  std::map<std::string, double> evidence;
};

struct DiagnosisThresholds {
  // Fewer finished epochs than this: too early to say anything.
  static constexpr int kMinEpochs = 3;
  // The recent window the verdict looks at: the last kWindow epochs (or all, if fewer).
  static constexpr int kWindow = 10;
  // Overshooting, first sign: the epoch-to-epoch change flips sign in at least this share of the
  // window's consecutive pairs...
  static constexpr double kOscillationShare = 0.4;
  // ...with a typical jump of at least this fraction of the loss (small wobble is mini-batch
  // noise).
  static constexpr double kOscillationAmplitude = 0.02;
  // Overshooting, second sign: the loss ends this much above the lowest loss the run reached
  // (it got better, then the steps threw it back out).
  static constexpr double kRiseAboveBest = 0.25;
  // Stalling: over the window the loss fell by less than this fraction per epoch...
  static constexpr double kStallImprovementPerEpoch = 0.002;
  // ...while still being far from a good fit: above this multiple of the best loss any compared
  // rate reached, or (with no comparison) having lost less than kStallTotalDrop of its initial
  // value since training began.
  static constexpr double kStallFarAboveBest = 1.5;
  static constexpr double kStallTotalDrop = 0.2;
};

// `learning_rate` only words the sentence. `best_reference` is the lowest loss any compared run
// (or a sweep) reached, or NaN when there is none; it separates "stuck" from "already at the
// bottom". `initial_loss` is the training loss before the first update (NaN if unknown).
Diagnosis diagnose(const History& history, double learning_rate, double initial_loss,
                   double best_reference);

}  // namespace lrlab
