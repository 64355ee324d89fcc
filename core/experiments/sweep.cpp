#include "core/experiments/sweep.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <utility>

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

// Only what the sweep's columns and the diagnosis read: the step records of a long run would be
// megabytes per rate.
SweepRecord record_of(int index, const History& h) {
  SweepRecord r;
  r.index = index;
  r.train_loss = h.train_loss;
  if (!h.val_loss.empty()) r.final_val_loss = h.val_loss.back();
  if (!h.val_accuracy.empty()) r.final_val_accuracy = h.val_accuracy.back();
  r.initial_train_loss = h.initial_train_loss;
  r.diverged = h.diverged;
  r.diverged_epoch = h.diverged ? h.diverged_epoch : -1;
  return r;
}

// The grid's positions from coarse to fine: both ends, then every multiple of the largest power
// of two below count - 1 not taken yet, then of half of it, and so on down to 1.
std::vector<int> coarse_to_fine(int count) {
  std::vector<int> order;
  std::vector<char> taken(static_cast<std::size_t>(count), 0);
  const auto take = [&](int j) {
    if (!taken[static_cast<std::size_t>(j)]) {
      taken[static_cast<std::size_t>(j)] = 1;
      order.push_back(j);
    }
  };
  take(0);
  take(count - 1);
  int step = 1;
  while (step * 2 <= count - 1) step *= 2;
  for (; step >= 1; step /= 2)
    for (int j = 0; j < count; j += step) take(j);
  return order;
}

void check_count(int count) {
  if (count < 1 || count > SweepConfig::kMaxCount)
    fail_field("sweep.count", count,
               "must be an integer >= 1 and <= " + format_number(SweepConfig::kMaxCount));
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
  check_count(c.count);
  if (c.epochs < 1 || c.epochs > SweepConfig::kMaxEpochs)
    fail_field("sweep.epochs", c.epochs,
               "must be an integer >= 1 and <= " + format_number(SweepConfig::kMaxEpochs));
}

std::vector<double> sweep_rates(const SweepConfig& config) {
  validate(config);
  return log_spaced_rates(config.low, config.high, config.count);
}

std::vector<int> sweep_share(int count, int part, int parts) {
  check_count(count);
  if (parts < 1 || parts > SweepConfig::kMaxParts)
    fail_field("sweep.parts", parts,
               "must be an integer >= 1 and <= " + format_number(SweepConfig::kMaxParts));
  if (part < 0 || part >= parts)
    fail_field("sweep.part", part,
               "must be an integer >= 0 and < sweep.parts (" + format_number(parts) + ")");
  const std::vector<int> order = coarse_to_fine(count);
  std::vector<int> share;
  for (std::size_t i = static_cast<std::size_t>(part); i < order.size();
       i += static_cast<std::size_t>(parts))
    share.push_back(order[i]);
  return share;
}

std::vector<int> sweep_every_rate(const SweepConfig& config) {
  validate(config);
  std::vector<int> all(static_cast<std::size_t>(config.count));
  for (int j = 0; j < config.count; ++j) all[static_cast<std::size_t>(j)] = j;
  return all;
}

LrSweep::LrSweep(const Settings& settings, const SweepConfig& config)
    : LrSweep(settings, config, sweep_every_rate(config)) {}

LrSweep::LrSweep(const Settings& settings, const SweepConfig& config, std::vector<int> share,
                 TableRef table)
    : settings_(settings), table_(std::move(table)), config_(config), share_(std::move(share)) {
  result_.rates = sweep_rates(config_);
  const std::size_t k = result_.rates.size();
  fill(result_.initial_train_loss, k, kNaN);
  fill(result_.final_train_loss, k, kNaN);
  fill(result_.final_val_loss, k, kNaN);
  fill(result_.final_val_accuracy, k, kNaN);
  fill(result_.best_train_loss, k, kNaN);
  fill(result_.diverged, k, 0.0);
  fill(result_.diverged_epoch, k, -1.0);
  fill(result_.epochs_run, k, 0.0);
  fill(result_.verdict, k, std::string());
  fill(result_.sentence, k, std::string());
  result_.words.assign(k, VerdictWords());
  result_.best_final_loss = kNaN;
  records_.resize(k);
  finished_.assign(k, 0);
  in_share_.assign(k, 0);
  for (const int j : share_) {
    if (j < 0 || j >= count() || in_share_[static_cast<std::size_t>(j)])
      fail_field("sweep.share", j,
                 "must list grid positions 0 .. " + format_number(count() - 1) + " at most once");
    in_share_[static_cast<std::size_t>(j)] = 1;
  }
  // Building the first trainer here surfaces bad settings as an Error before any slice runs
  // (with an empty share too: then it is only that check).
  trainer_ = std::make_unique<Trainer>(settings_for(share_.empty() ? 0 : share_.front()), table_);
  if (share_.empty()) trainer_.reset();
}

LrSweep::~LrSweep() = default;

Settings LrSweep::settings_for(int j) const {
  Settings s = settings_;
  s.optimizer.learning_rate = result_.rates.at(static_cast<std::size_t>(j));
  s.epochs = config_.epochs;  // only sizes the history's reservations
  // Every rate gets the same number of epochs: the sweep compares rates at one budget, so an
  // early stop would compare a rate's loss at epoch 12 with another's at epoch 50.
  s.early_stopping.enabled = false;
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
  while (spent < epochs && !trained()) {
    const int j = share_[static_cast<std::size_t>(next_)];
    if (!trainer_) {
      try {
        trainer_ = std::make_unique<Trainer>(settings_for(j), table_);
      } catch (const std::exception& e) {
        // Cannot happen for settings the constructor accepted (only the rate differs, and it
        // is a valid rate); kept so that a surprise ends this rate instead of the page.
        SweepRecord failed;
        failed.index = j;
        failed.error = e.what();
        ++next_;
        fresh_.push_back(j);
        finish(std::move(failed));
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
      finish_trained();
    } else if (trainer_->epoch_index() >= config_.epochs) {
      finish_trained();
    }
  }
  return spent;
}

void LrSweep::run_all() noexcept {
  while (!trained()) advance(static_cast<long>(config_.epochs) * count());
}

std::vector<SweepRecord> LrSweep::take_records() {
  std::vector<SweepRecord> out;
  out.reserve(fresh_.size());
  for (const int j : fresh_) out.push_back(records_[static_cast<std::size_t>(j)]);
  fresh_.clear();
  return out;
}

void LrSweep::add_record(SweepRecord record) {
  const int j = record.index;
  if (j < 0 || j >= count())
    fail_field("sweep.record.index", j,
               "must be a grid position 0 .. " + format_number(count() - 1));
  const std::size_t at = static_cast<std::size_t>(j);
  if (finished_[at] || in_share_[at])
    fail_field("sweep.record.index", j, "must be a rate trained elsewhere and not added yet");
  if (record.train_loss.size() > static_cast<std::size_t>(config_.epochs))
    fail_field("sweep.record.train_loss", static_cast<double>(record.train_loss.size()),
               "must hold at most sweep.epochs (" + format_number(config_.epochs) + ") losses");
  finish(std::move(record));
}

void LrSweep::finish_trained() noexcept {
  const int j = share_[static_cast<std::size_t>(next_)];
  SweepRecord record = record_of(j, trainer_->history());
  trainer_.reset();
  ++next_;
  fresh_.push_back(j);
  finish(std::move(record));
}

// Fills rate j's entries from its record, trained here or elsewhere; the last one diagnoses all.
void LrSweep::finish(SweepRecord record) noexcept {
  const std::size_t j = static_cast<std::size_t>(record.index);
  if (!record.error.empty()) {
    result_.sentence[j] = record.error;
  } else {
    const std::vector<double>& loss = record.train_loss;
    result_.initial_train_loss[j] = record.initial_train_loss;
    if (!loss.empty()) {
      result_.final_train_loss[j] = loss.back();
      result_.final_val_loss[j] = record.final_val_loss;
      result_.final_val_accuracy[j] = record.final_val_accuracy;
      result_.best_train_loss[j] = *std::min_element(loss.begin(), loss.end());
    }
    result_.diverged[j] = record.diverged ? 1.0 : 0.0;
    result_.diverged_epoch[j] = record.diverged ? static_cast<double>(record.diverged_epoch) : -1.0;
    result_.epochs_run[j] = static_cast<double>(loss.size());
    if (!record.diverged) {
      const double final_loss = result_.final_train_loss[j];
      // The lowest index wins a tie, in whatever order the rates finish, so the reference
      // depends on nothing but the numbers.
      if (std::isfinite(final_loss) &&
          (result_.best_index < 0 || final_loss < result_.best_final_loss ||
           (final_loss == result_.best_final_loss && static_cast<long>(j) < result_.best_index))) {
        result_.best_final_loss = final_loss;
        result_.best_index = static_cast<long>(j);
      }
    }
  }
  records_[j] = std::move(record);
  finished_[j] = 1;
  // A stopped run's unfinished epochs are skipped work: progress moves past them.
  work_done_ += config_.epochs;
  ++result_.completed;
  if (result_.completed == count()) diagnose_all();
}

void LrSweep::diagnose_all() noexcept {
  double reference = kNaN;
  for (const SweepRecord& r : records_) {
    for (double loss : r.train_loss) {
      if (std::isfinite(loss) && !(loss >= reference)) reference = loss;  // NaN >= x is false
    }
  }
  result_.stall_reference = reference;
  // Each rate's lowest finite loss, for the rates above it: a stall far above what a lower rate
  // reached is a plateau, not small steps (core/experiments/diagnosis.h, "Why it stalls").
  std::vector<double> lowest(records_.size(), kNaN);
  for (std::size_t k = 0; k < records_.size(); ++k)
    for (double loss : records_[k].train_loss)
      if (std::isfinite(loss) && !(loss >= lowest[k])) lowest[k] = loss;
  for (std::size_t j = 0; j < records_.size(); ++j) {
    if (!result_.sentence[j].empty()) continue;  // could not be built; the sentence says why
    SweepRecord& r = records_[j];
    History h;
    h.train_loss = std::move(r.train_loss);  // the records go once the verdicts are made
    h.initial_train_loss = r.initial_train_loss;
    h.diverged = r.diverged;
    h.diverged_epoch = r.diverged_epoch;
    double lower_best = kNaN;
    for (std::size_t k = 0; k < records_.size(); ++k)
      if (result_.rates[k] < result_.rates[j] && std::isfinite(lowest[k]) &&
          !(lowest[k] >= lower_best))
        lower_best = lowest[k];
    const Diagnosis d = diagnose(h, result_.rates[j], r.initial_train_loss, reference, lower_best);
    result_.words[j] = word_verdict(d);
    result_.verdict[j] = result_.words[j].kind;
    result_.sentence[j] = result_.words[j].sentence;
    const double final_loss = result_.final_train_loss[j];
    if (d.verdict == Verdict::Converging && std::isfinite(final_loss) &&
        (result_.best_converging_index < 0 || final_loss < result_.best_converging_loss)) {
      result_.best_converging_loss = final_loss;  // j rises: the lowest index wins a tie
      result_.best_converging_index = static_cast<long>(j);
    }
  }
  result_.recommendation = recommend_rate(result_);
  records_.clear();
  records_.shrink_to_fit();
  fresh_.clear();
  diagnosed_ = true;
}

namespace {

// A rate the recommendation may pick: trained to the end or stopped without blowing up, and not
// bouncing. A rate too short to judge counts (a sweep of one or two epochs still gets an answer).
bool steady(const SweepResult& r, std::size_t j) {
  const std::string& verdict = r.verdict[j];
  return r.diverged[j] == 0 && !verdict.empty() && verdict != verdict_name(Verdict::Overshooting) &&
         verdict != verdict_name(Verdict::Diverged);
}

}  // namespace

SweepRecommendation recommend_rate(const SweepResult& r) {
  SweepRecommendation out;
  const std::size_t k = r.rates.size();
  if (r.verdict.size() != k || r.diverged.size() != k || r.final_val_loss.size() != k ||
      r.final_train_loss.size() != k)
    return out;
  bool validation = false;
  for (std::size_t j = 0; j < k; ++j)
    validation = validation || (steady(r, j) && std::isfinite(r.final_val_loss[j]));
  const std::vector<double>& measure = validation ? r.final_val_loss : r.final_train_loss;
  const auto usable = [&](std::size_t j) { return steady(r, j) && std::isfinite(measure[j]); };
  for (std::size_t j = 0; j < k; ++j) {
    if (usable(j) && (out.index < 0 || measure[j] < out.value)) {  // the lowest index wins a tie
      out.index = static_cast<long>(j);
      out.value = measure[j];
    }
  }
  if (out.index < 0) return out;
  out.measure = validation ? "val_loss" : "train_loss";
  const double limit = out.value * (1 + SweepRecommendation::kAboutAsWell);
  const auto close = [&](long j) {
    return usable(static_cast<std::size_t>(j)) && measure[static_cast<std::size_t>(j)] <= limit;
  };
  out.band_low = out.band_high = out.index;
  while (out.band_low > 0 && close(out.band_low - 1)) --out.band_low;
  while (out.band_high + 1 < static_cast<long>(k) && close(out.band_high + 1)) ++out.band_high;
  return out;
}

}  // namespace lrlab
