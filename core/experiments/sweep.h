#pragma once
// The LR sweep: the loss-against-learning-rate curve (SPEC section 5). For k rates spaced evenly in
// log between `low` and `high`, a fresh Trainer is built from the same Settings with only
// optimizer.learning_rate changed, so every rate sees the same data, the same initial weights and
// the same shuffles; each trains for E epochs with whatever optimizer, schedule and plateau
// callback the settings hold.
//
// It runs in slices: advance(n) does about n epochs of work and returns, so the page's worker can
// draw between slices and cancel by dropping the object. Slicing never changes a number: each
// rate's trainer is deterministic and is only ever asked for whole epochs.
//
// A diverged (or otherwise stopped) rate ends early; its remaining epochs count as done for
// progress(). Verdicts need the best final loss of the whole sweep ("stalling" means far above what
// the best rate reached), so they are filled in once the last rate has finished.
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/history.h"
#include "core/settings.h"

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
};

// Throws lrlab::Error naming "sweep.low", "sweep.high", "sweep.count" or "sweep.epochs".
void validate(const SweepConfig& config);

// rate_j = low * (high/low)^(j/(k-1)), j = 0..k-1, with lrlab::dm::pow so native and wasm agree;
// the ends are exactly low and high. k = 1 gives {low}. Validates first.
std::vector<double> sweep_rates(const SweepConfig& config);

// One column per quantity, one entry per rate (in rate order), so the bindings hand each column to
// the page as a typed array. Entries of rates not finished yet hold NaN (losses), 0 (diverged,
// epochs_run), -1 (diverged_epoch) and "" (verdict, sentence).
struct SweepResult {
  std::vector<double> rates;
  std::vector<double> initial_train_loss;  // before any update: equal for every rate
  // The last finished epoch's training / validation loss. For a diverged rate these are the last
  // finite epoch's values (NaN if it diverged in its first epoch); `diverged` is what to plot.
  std::vector<double> final_train_loss;
  std::vector<double> final_val_loss;   // NaN without a validation set
  std::vector<double> best_train_loss;  // lowest epoch training loss of the run
  std::vector<double> diverged;         // 1 or 0
  std::vector<double> diverged_epoch;   // 0-based epoch it diverged in, or -1
  std::vector<double> epochs_run;       // finished epochs (E unless the run stopped)
  std::vector<std::string> verdict;     // verdict_name() of the diagnosis, once done()
  std::vector<std::string> sentence;    // the diagnosis' sentence, once done()
  long completed = 0;                   // rates finished so far
  // Lowest final training loss over the finished, non-diverged rates (NaN if none) and its index
  // (-1 if none): the reference the verdicts are judged against.
  double best_final_loss = std::numeric_limits<double>::quiet_NaN();
  long best_index = -1;
};

class LrSweep {
 public:
  // Validates the config, and the settings by building the first rate's trainer (throws
  // lrlab::Error for either). `settings` should come from parse_settings.
  LrSweep(const Settings& settings, const SweepConfig& config);
  ~LrSweep();
  LrSweep(const LrSweep&) = delete;
  LrSweep& operator=(const LrSweep&) = delete;

  // Trains about `epochs` epochs of work (across rates; a run that stops early counts its
  // unfinished epoch as one) and returns the work done; 0 once done() or for epochs <= 0.
  long advance(long epochs) noexcept;
  // Everything at once: the same result as any sequence of slices.
  void run_all() noexcept;

  bool done() const { return next_ >= count(); }
  // Epochs trained or skipped (after a stop) over k * E, in [0, 1].
  double progress() const;
  const SweepResult& result() const { return result_; }
  const SweepConfig& config() const { return config_; }
  int count() const { return static_cast<int>(result_.rates.size()); }

  // The settings rate j trains from: the sweep's settings with optimizer.learning_rate =
  // rates[j] and epochs = E, nothing else changed.
  Settings settings_for(int j) const;

 private:
  void finish_rate() noexcept;
  void diagnose_all() noexcept;

  Settings settings_;
  SweepConfig config_;
  SweepResult result_;
  std::unique_ptr<Trainer> trainer_;  // the rate being trained (index next_), or null
  // Epoch-level history of every finished rate (no step records), kept for the diagnosis.
  std::vector<History> histories_;
  int next_ = 0;        // the rate being trained, or count() when done
  long work_done_ = 0;  // epochs trained or skipped in finished rates
  bool diagnosed_ = false;
};

}  // namespace lrlab
