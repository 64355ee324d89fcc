#include "core/experiments/sweep.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

#include "core/error.h"
#include "core/experiments/diagnosis.h"
#include "core/experiments/log_spaced.h"
#include "core/trainer.h"

namespace lrlab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <typename T>
void fill(std::vector<T>& column, std::size_t n, const T& value) {
  column.assign(n, value);
}

// Only what the diagnosis reads: the step records of a long run would be megabytes per rate.
History epoch_level(const History& full) {
  History h;
  h.train_loss = full.train_loss;
  h.initial_train_loss = full.initial_train_loss;
  h.diverged = full.diverged;
  h.diverged_epoch = full.diverged_epoch;
  h.diverged_step = full.diverged_step;
  return h;
}

}  // namespace

void validate(const SweepConfig& c) {
  // Written so that NaN fails every check.
  if (!(c.low > 0 && std::isfinite(c.low)))
    fail_field("sweep.low", c.low, "must be a finite number > 0");
  if (!(c.high <= SweepConfig::kMaxRate))
    fail_field("sweep.high", c.high, "must be a number <= " + format_number(SweepConfig::kMaxRate));
  if (!(c.low < c.high))
    fail_field("sweep.low", c.low, "must be < sweep.high (" + format_number(c.high) + ")");
  if (c.count < 1 || c.count > SweepConfig::kMaxCount)
    fail_field("sweep.count", c.count,
               "must be an integer >= 1 and <= " + format_number(SweepConfig::kMaxCount));
  if (c.epochs < 1 || c.epochs > SweepConfig::kMaxEpochs)
    fail_field("sweep.epochs", c.epochs,
               "must be an integer >= 1 and <= " + format_number(SweepConfig::kMaxEpochs));
}

std::vector<double> sweep_rates(const SweepConfig& config) {
  validate(config);
  return log_spaced_rates(config.low, config.high, config.count);
}

LrSweep::LrSweep(const Settings& settings, const SweepConfig& config)
    : settings_(settings), config_(config) {
  result_.rates = sweep_rates(config_);
  const std::size_t k = result_.rates.size();
  fill(result_.initial_train_loss, k, kNaN);
  fill(result_.final_train_loss, k, kNaN);
  fill(result_.final_val_loss, k, kNaN);
  fill(result_.best_train_loss, k, kNaN);
  fill(result_.diverged, k, 0.0);
  fill(result_.diverged_epoch, k, -1.0);
  fill(result_.epochs_run, k, 0.0);
  fill(result_.verdict, k, std::string());
  fill(result_.sentence, k, std::string());
  result_.best_final_loss = kNaN;
  histories_.resize(k);
  // Building the first trainer here surfaces bad settings as an Error before any slice runs.
  trainer_ = std::make_unique<Trainer>(settings_for(0));
}

LrSweep::~LrSweep() = default;

Settings LrSweep::settings_for(int j) const {
  Settings s = settings_;
  s.optimizer.learning_rate = result_.rates.at(static_cast<std::size_t>(j));
  s.epochs = config_.epochs;  // only sizes the history's reservations
  return s;
}

double LrSweep::progress() const {
  if (done()) return 1.0;
  const double total = static_cast<double>(count()) * config_.epochs;
  const double current = trainer_ ? static_cast<double>(trainer_->epoch_index()) : 0.0;
  return std::min(1.0, (static_cast<double>(work_done_) + current) / total);
}

long LrSweep::advance(long epochs) noexcept {
  long spent = 0;
  while (spent < epochs && !done()) {
    if (!trainer_) {
      try {
        trainer_ = std::make_unique<Trainer>(settings_for(next_));
      } catch (const std::exception& e) {
        // Cannot happen for settings the constructor accepted (only the rate differs, and it
        // is a valid rate); kept so that a surprise ends this rate instead of the page.
        result_.sentence[static_cast<std::size_t>(next_)] = e.what();
        work_done_ += config_.epochs;
        ++next_;
        ++result_.completed;
        ++spent;
        continue;
      }
    }
    const long left = config_.epochs - trainer_->epoch_index();
    const long want = std::min(left, epochs - spent);
    const long got = trainer_->run(want);
    spent += got;
    if (trainer_->stopped()) {
      ++spent;  // the epoch it stopped in was partly trained
      finish_rate();
    } else if (trainer_->epoch_index() >= config_.epochs) {
      finish_rate();
    }
  }
  if (done() && !diagnosed_) diagnose_all();
  return spent;
}

void LrSweep::run_all() noexcept {
  while (!done()) advance(static_cast<long>(config_.epochs) * count());
}

void LrSweep::finish_rate() noexcept {
  const std::size_t j = static_cast<std::size_t>(next_);
  const History& h = trainer_->history();
  result_.initial_train_loss[j] = h.initial_train_loss;
  if (!h.train_loss.empty()) {
    result_.final_train_loss[j] = h.train_loss.back();
    result_.final_val_loss[j] = h.val_loss.back();
    result_.best_train_loss[j] = *std::min_element(h.train_loss.begin(), h.train_loss.end());
  }
  result_.diverged[j] = h.diverged ? 1.0 : 0.0;
  result_.diverged_epoch[j] = h.diverged ? static_cast<double>(h.diverged_epoch) : -1.0;
  result_.epochs_run[j] = static_cast<double>(h.epochs());
  if (!h.diverged) {
    const double final_loss = result_.final_train_loss[j];
    // First index wins a tie, so the reference does not depend on anything but the numbers.
    if (std::isfinite(final_loss) &&
        (result_.best_index < 0 || final_loss < result_.best_final_loss)) {
      result_.best_final_loss = final_loss;
      result_.best_index = static_cast<long>(j);
    }
  }
  histories_[j] = epoch_level(h);
  // A stopped run's unfinished epochs are skipped work: progress moves past them.
  work_done_ += config_.epochs;
  trainer_.reset();
  ++next_;
  ++result_.completed;
}

void LrSweep::diagnose_all() noexcept {
  for (std::size_t j = 0; j < histories_.size(); ++j) {
    if (!result_.sentence[j].empty()) continue;  // could not be built; the sentence says why
    const Diagnosis d = diagnose(histories_[j], result_.rates[j], histories_[j].initial_train_loss,
                                 result_.best_final_loss);
    result_.verdict[j] = verdict_name(d.verdict);
    result_.sentence[j] = d.sentence;
  }
  histories_.clear();
  histories_.shrink_to_fit();
  diagnosed_ = true;
}

}  // namespace lrlab
