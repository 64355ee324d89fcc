#pragma once
// What a loss curve shows, as a kind and the numbers behind it. From a run's per-epoch training
// loss the core classifies it as diverged, overshooting, stalling or converging (or too short to
// say) and keeps the evidence: epochs, losses, the rates of change the thresholds below were
// compared with. The thresholds are named constants so a teacher reading this file knows exactly
// when each kind is chosen. The words for each kind (card sentence, badge, story, sweep, lesson,
// command line) are written in one place, core/words/verdict_words.cpp, from this evidence alone.
//
// A new kind is: a value of Verdict, its id in verdict_name(), the rule in diagnose() that picks
// it (with any evidence it needs), and its one entry in core/words/verdict_words.cpp.
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/history.h"

namespace lrlab {

enum class Verdict { TooShort, Diverged, Overshooting, Stalling, Converging };
// Why a stalling run is stuck, from its own record (diagnose() says the rule): it overshot earlier
// and settled higher, it reached a plateau after falling faster, or its steps are too small.
// None for any other kind.
enum class StallCause { None, SmallSteps, Plateau, SettledHigher };
// The cause's id ("small_steps", "plateau", "settled_higher"; "" for None), as the page reads it.
const char* stall_cause_name(StallCause cause);
// The kind's id ("too_short", "diverged", "overshooting", "stalling", "converging"): what the page
// and lessons match on (a chapter's answers name these ids), never words for a reader.
const char* verdict_name(Verdict verdict);

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
  // Why it stalls. "Steps too small" is said only when nothing recorded speaks against it:
  //  - settled higher: at some epoch the loss had climbed at least kRiseAboveBest above the lowest
  //    loss it had reached before (its start included). The steps threw it out once; steps that
  //    do that were not too small, and it settled in a worse place (the default view's Adam at
  //    rate 30 under cosine: up to ~100 from 0.658, then stuck at 0.653 as the rate decayed).
  //  - plateau: a compared run at a lower rate (same settings otherwise) reached a loss this run
  //    is far above (kStallFarAboveBest): smaller steps did better, so these are not too small;
  //    the loss is held on a plateau (a sweep's rates just above one that converged).
  //  - small steps: neither. The loss's own shape cannot tell a plateau from small steps while
  //    it is flat (SGD at 0.001 on the noisy sine falls fast, then slowly, as 0.182 on two moons
  //    does before it falls again), so only a lower rate that did better says "plateau".
};

// The numbers a verdict rests on. NaN (or -1 for an epoch) where the kind did not get as far as
// computing it: a diverged run has no improvement rate, a too-short one no rise.
struct VerdictEvidence {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double learning_rate = kNaN;          // the rate to name in the sentence; NaN names none
  int epochs = 0;                       // finished epochs
  int window = 0;                       // epochs in the recent window (kWindow, or all if fewer)
  int reversals = 0;                    // sign flips of the epoch-to-epoch change in the window
  double sign_flip_share = 0;           // reversals over the window's consecutive pairs
  double relative_jump = 0;             // mean |change| over mean |loss| in the window
  double initial_loss = kNaN;           // before the first update (NaN if unknown)
  double start_loss = kNaN;             // initial_loss, else the first epoch's
  double best_loss = kNaN;              // lowest epoch loss
  double last_loss = kNaN;              // last epoch's loss
  double rise_above_best = kNaN;        // (last - best) / best
  double improvement_per_epoch = kNaN;  // fall per epoch over the window, as a fraction
  double best_reference = kNaN;         // lowest loss a compared run reached (NaN: none)
  // The highest loss from the best epoch on, and its 0-based epoch: what an overshooting run
  // climbed back to (its last loss may be lower again). NaN / -1 before the verdict computes it.
  double peak_loss = kNaN;
  long peak_epoch = -1;
  // The largest climb above the lowest loss reached before it (the start included), when it was at
  // least kRiseAboveBest: the loss at its top, the 0-based epoch, the low it climbed from.
  // NaN / -1: the loss never climbed that far.
  double climb_loss = kNaN;
  long climb_epoch = -1;
  double climb_from = kNaN;
  // The lowest loss a compared run at a lower rate reached (NaN: none known): a plateau's
  // evidence.
  double lower_rate_best = kNaN;
  StallCause stall_cause = StallCause::None;
  long diverged_epoch = -1;  // 0-based epoch the loss became infinite in
  // EarlyStopping ended the run after this 0-based epoch (-1: it did not), having counted this
  // many epochs without improvement (its "early_stop" event, core/callbacks/early_stopping.h).
  long early_stop_epoch = -1;
  long early_stop_wait = 0;
  // The run's sharpness measurement most above its stability threshold (largest ratio), when the
  // run recorded sharpness (docs/spec-core.md#sharpness) and any measurement exceeded it: the
  // curvature that explains an overshoot. The preconditioned sharpness where the optimizer has a
  // preconditioner (its threshold speaks of that one), else the plain one; NaN / -1: none.
  double sharpness = kNaN;
  double sharpness_threshold = kNaN;
  long sharpness_epoch = -1;  // epochs done when measured (0: the initial weights)
  bool sharpness_preconditioned = false;
  // c in the threshold c / lr (2 for gradient descent, 38 for Adam at beta_1 0.9), from the rate
  // in force at that measurement; NaN where the history does not hold that rate exactly.
  double sharpness_coefficient = kNaN;
  // Which sign was seen: a diverged run that bounced first (flip share at or above
  // kOscillationShare), an overshooting run whose loss climbed back kRiseAboveBest above its best
  // (else it overshot by oscillating).
  bool bounced = false;
  bool climbed_back = false;
};

struct Diagnosis {
  Verdict verdict = Verdict::TooShort;
  VerdictEvidence evidence;
};

// The evidence as (name, value) pairs, for the page and the command line's JSON: only the numbers
// the kind computed (a diverged run lists its epoch, a stalling one its improvement rate).
std::vector<std::pair<std::string, double>> evidence_entries(const Diagnosis& diagnosis);

// `learning_rate` is only named in the words (NaN: none). `best_reference` is the lowest loss any
// compared run (or a sweep) reached, or NaN when there is none; it separates "stuck" from "already
// at the bottom". `initial_loss` is the training loss before the first update (NaN if unknown).
// `lower_rate_best` is the lowest loss a compared run at a lower rate, trained alike otherwise,
// reached (NaN: none known): a stall far above it is a plateau, not small steps.
Diagnosis diagnose(const History& history, double learning_rate, double initial_loss,
                   double best_reference,
                   double lower_rate_best = std::numeric_limits<double>::quiet_NaN());

}  // namespace lrlab
