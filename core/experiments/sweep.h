#pragma once
// The LR sweep: the loss-against-learning-rate curve (docs/spec-core.md#the-lr-sweep). For k rates
// spaced evenly in log between `low` and `high`, a fresh Trainer is built from the same Settings
// with only optimizer.learning_rate changed, so every rate sees the same data, the same initial
// weights and the same shuffles; each trains for E epochs with whatever optimizer, schedule and
// plateau callback the settings hold.
//
// It runs in slices: advance(n) does about n epochs of work and returns, so the page's worker can
// draw between slices and cancel by dropping the object. Slicing never changes a number: each
// rate's trainer is deterministic and is only ever asked for whole epochs.
//
// A diverged (or otherwise stopped) rate ends early; its remaining epochs count as done for
// progress(). Verdicts need the best final loss of the whole sweep ("stalling" means far above what
// the best rate reached), so they are filled in once the last rate has finished.
//
// One sweep can be shared by several workers (the page's, web/sweep-client.js). Each builds an
// LrSweep from the same settings and config with its share of the rates (sweep_share()): it
// trains only those and hands each finished one on as a SweepRecord (take_records()). One of them
// collects: add_record() takes the others' records, and once every rate is in, it diagnoses them
// all. Its result() is then exactly what one LrSweep over every rate gives: a rate's run depends on
// nothing but the settings and its rate, the verdicts are made from the same records against the
// same best loss, and a tie for the best goes to the lowest index whatever the order of arrival.
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/history.h"
#include "core/settings.h"
#include "core/words/verdict_words.h"

namespace lrlab {

class Trainer;

struct SweepConfig {
  double low = 1e-4;  // 0 < low < high
  double high = 10;   // <= kMaxRate
  int count = 32;     // k, 1 .. kMaxCount; k = 1 trains `low` only
  int epochs = 50;    // E, 1 .. kMaxEpochs

  static constexpr int kMaxCount = 256;
  static constexpr int kMaxEpochs = 10000;
  static constexpr double kMaxRate = 1e6;
  static constexpr int kMaxParts = 64;  // workers one sweep may be shared by
};

// Throws lrlab::Error naming "sweep.low", "sweep.high", "sweep.count" or "sweep.epochs".
void validate(const SweepConfig& config);

// rate_j = low * (high/low)^(j/(k-1)), j = 0..k-1, with lrlab::dm::pow so native and wasm agree;
// the ends are exactly low and high. k = 1 gives {low}. Validates first.
std::vector<double> sweep_rates(const SweepConfig& config);

// The grid positions part `part` (0-based) of `parts` trains, in the order it trains them: the
// grid in coarse-to-fine order (both ends, the middle, then the quarter points, the eighths...)
// dealt out in turn. Whatever share of the work the parts have done, the finished rates then
// spread over the whole range, so a curve drawn from them has the sweep's shape early and gains
// resolution as it fills; and cheap rates (diverged early) are spread over the parts. The shares
// of parts 0..parts-1 cover 0..count-1 once. Throws lrlab::Error naming "sweep.count",
// "sweep.parts" (1 .. kMaxParts) or "sweep.part" (0 .. parts-1).
std::vector<int> sweep_share(int count, int part, int parts);
// Every grid position in order (0..count-1): the whole sweep as one share. Throws lrlab::Error
// for a config outside its ranges.
std::vector<int> sweep_every_rate(const SweepConfig& config);

// One finished rate, as a sweep keeps it: what its entries of SweepResult and its verdict are
// made from. Passed between workers when a sweep is shared.
struct SweepRecord {
  int index = -1;                                                    // its position in the grid
  std::vector<double> train_loss;                                    // per finished epoch
  double final_val_loss = std::numeric_limits<double>::quiet_NaN();  // the last epoch's
  // The last epoch's validation accuracy: NaN for regression or without a validation set.
  double final_val_accuracy = std::numeric_limits<double>::quiet_NaN();
  double initial_train_loss = std::numeric_limits<double>::quiet_NaN();
  bool diverged = false;
  long diverged_epoch = -1;  // 0-based, or -1
  std::string error;         // its trainer could not be built (nothing else is set)
};

// Which rate to use, judged where it matters: on the validation loss when the problem has a
// validation set, else on the training loss (`measure` says which). Among the rates that neither
// diverged nor overshoot (the diagnosis' verdict; a rate too short to judge counts), the one with
// the lowest final value of the measure (the lowest index on a tie); then the band of rates that
// do about as well: the unbroken stretch of such rates around it whose final value is within
// kAboutAsWell of the recommended one's (value <= best * (1 + kAboutAsWell)), so "rates from
// band_low to band_high" is true of every rate between them. index -1 (and band -1, measure "")
// when no rate qualifies: every rate diverged or overshoots.
struct SweepRecommendation {
  // The band's relative tolerance: 20%. On lesson 9 (digits, 20 epochs) the rates 0.45 to 2.7 are
  // within 16% of the best validation loss (1.49, 0.0485) and within 0.3 points of its accuracy;
  // the next ones out are 31% (0.25) and 160% (4.96) worse.
  static constexpr double kAboutAsWell = 0.2;
  long index = -1;
  std::string measure;                                      // "val_loss" or "train_loss"
  double value = std::numeric_limits<double>::quiet_NaN();  // the recommended rate's measure
  long band_low = -1;   // the band's lowest and highest grid positions (band_low <= index <=
  long band_high = -1;  // band_high)
};

// One column per quantity, one entry per rate (in rate order), so the bindings hand each column to
// the page as a typed array. Entries of rates not finished yet hold NaN (losses), 0 (diverged,
// epochs_run), -1 (diverged_epoch) and "" (verdict, sentence).
struct SweepResult {
  std::vector<double> rates;
  std::vector<double> initial_train_loss;  // before any update: equal for every rate
  // The last finished epoch's training / validation loss. For a diverged rate these are the last
  // finite epoch's values (NaN if it diverged in its first epoch); `diverged` is what to plot.
  std::vector<double> final_train_loss;
  std::vector<double> final_val_loss;      // NaN without a validation set
  std::vector<double> final_val_accuracy;  // NaN for regression or without a validation set
  std::vector<double> best_train_loss;     // lowest epoch training loss of the run
  std::vector<double> diverged;            // 1 or 0
  std::vector<double> diverged_epoch;      // 0-based epoch it diverged in, or -1
  std::vector<double> epochs_run;          // finished epochs (E unless the run stopped)
  std::vector<std::string> verdict;        // verdict_name() of the diagnosis, once done()
  std::vector<std::string> sentence;       // the diagnosis' sentence, once done()
  std::vector<VerdictWords> words;         // every form of that verdict, once done() (else empty)
  long completed = 0;                      // rates finished so far
  // Lowest final training loss over the finished, non-diverged rates (NaN if none) and its index
  // (-1 if none): the reference the verdicts are judged against.
  double best_final_loss = std::numeric_limits<double>::quiet_NaN();
  long best_index = -1;
  // Filled once done():
  // What "stalling" is judged against (the diagnosis' best_reference): the lowest finite epoch
  // training loss any rate of the sweep reached, a diverged rate's epochs before it blew up
  // included (NaN if none). The page's runs are judged against the same number when a sweep of
  // their settings is done (min with their own lowest losses), so a run trained like one of the
  // sweep's rates gets that rate's verdict.
  double stall_reference = std::numeric_limits<double>::quiet_NaN();
  // The lowest final training loss among the rates the diagnosis called converging, and its index
  // (NaN / -1 if none): the best *steady* rate. It differs from best_index when the lowest final
  // loss lies among oscillating rates (the edge of stability: fast, but bouncing).
  double best_converging_loss = std::numeric_limits<double>::quiet_NaN();
  long best_converging_index = -1;
  // The rate to use and the rates that do about as well (recommend_rate()).
  SweepRecommendation recommendation;
};

// The recommendation from a sweep's recorded columns (rates, final_train_loss, final_val_loss,
// diverged, verdict); it reads nothing else, so it can be checked against those numbers alone.
// LrSweep fills SweepResult::recommendation with it once every verdict is in.
SweepRecommendation recommend_rate(const SweepResult& result);

class LrSweep {
 public:
  // Validates the config, and the settings by building the first rate's trainer (throws
  // lrlab::Error for either). `settings` should come from parse_settings.
  LrSweep(const Settings& settings, const SweepConfig& config);
  // Trains only the rates at the grid positions in `share` (each at most once, in this order;
  // may be empty); the others can come in through add_record(). Also throws lrlab::Error naming
  // "sweep.share" for a position outside the grid or given twice. `table` is the real problem's
  // table the settings name (core/datasets.h), given to every rate's trainer.
  LrSweep(const Settings& settings, const SweepConfig& config, std::vector<int> share,
          TableRef table = nullptr);
  ~LrSweep();
  LrSweep(const LrSweep&) = delete;
  LrSweep& operator=(const LrSweep&) = delete;

  // Trains about `epochs` epochs of work (across its share's rates; a run that stops early counts
  // its unfinished epoch as one) and returns the work done; 0 once trained() or for epochs <= 0.
  long advance(long epochs) noexcept;
  // Its whole share at once: the same result as any sequence of slices.
  void run_all() noexcept;

  // Every rate of its share is trained.
  bool trained() const { return next_ >= static_cast<int>(share_.size()); }
  // Every rate of the grid is in (trained here or added) and diagnosed.
  bool done() const { return diagnosed_; }
  // Epochs trained or skipped (after a stop) over k * E, in [0, 1]: the rates trained here or
  // added, and the one in training here.
  double progress() const;

  // Copies of the records of the rates this sweep trained since the last call, in the order they
  // finished; none once done() (the sweep that is done needs to hand nothing on).
  std::vector<SweepRecord> take_records();
  // A rate trained elsewhere. Throws lrlab::Error naming "sweep.record" (and changes nothing) for
  // a position outside the grid, one already in or in this sweep's share, or more epochs than the
  // config's.
  void add_record(SweepRecord record);
  const SweepResult& result() const { return result_; }
  const SweepConfig& config() const { return config_; }
  int count() const { return static_cast<int>(result_.rates.size()); }

  // The settings rate j trains from: the sweep's settings with optimizer.learning_rate =
  // rates[j] and epochs = E, nothing else changed.
  Settings settings_for(int j) const;

 private:
  void finish_trained() noexcept;
  void finish(SweepRecord record) noexcept;
  void diagnose_all() noexcept;

  Settings settings_;
  TableRef table_;
  SweepConfig config_;
  SweepResult result_;
  std::vector<int> share_;            // the grid positions trained here, in order
  std::vector<char> in_share_;        // per position: 1 if it is in share_
  std::unique_ptr<Trainer> trainer_;  // the rate being trained (share_[next_]), or null
  // The record of every finished rate (epoch level: no step records), kept for the diagnosis;
  // `finished_` says which are in.
  std::vector<SweepRecord> records_;
  std::vector<char> finished_;
  std::vector<int> fresh_;  // positions trained here and not yet taken by take_records()
  int next_ = 0;            // the position in share_ being trained, or share_.size() when trained
  long work_done_ = 0;      // epochs trained or skipped in finished rates
  bool diagnosed_ = false;
};

}  // namespace lrlab
