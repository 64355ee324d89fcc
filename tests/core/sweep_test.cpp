// The LR sweep on the problem where everything is known in closed form: a linear model y = w*x + b
// with mean-squared error, full batch, plain SGD. The loss is the quadratic
//   L(w, b) = mean((w*x + b - y)^2) = L* + 0.5 e^T H e,  e = (w, b) - (w*, b*),
//   H = 2 * [[mean x^2, mean x], [mean x, 1]],
// and an epoch is one step e <- (I - lr*H) e. So every rate's whole run is predicted here from the
// trainer's training data alone (least squares, H, the iteration): the curve is high at the low
// end (tiny steps), lowest in the middle, and explodes above 2/L_max.
#include "core/experiments/sweep.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/settings.h"
#include "core/trainer.h"
#include "tests/support/linear_quadratic.h"

namespace {

using lrlab::LrSweep;
using lrlab::SweepConfig;
using lrlab::Trainer;

constexpr int kEpochs = 40;

lrlab::Settings linear_settings(double learning_rate = 0.1) {
  char json[1024];
  std::snprintf(json, sizeof json,
                R"({"seed": 5,
                    "problem": {"name": "linear", "samples": 200, "noise": 0.1,
                                "val_fraction": 0.2},
                    "model": {"hidden": [], "loss": "mse"},
                    "optimizer": {"name": "sgd", "learning_rate": %.17g},
                    "schedule": {"name": "constant"},
                    "batch_size": 100000, "epochs": 7})",
                learning_rate);
  return lrlab::parse_settings(json);
}

SweepConfig config(double low, double high, int count, int epochs) {
  SweepConfig c;
  c.low = low;
  c.high = high;
  c.count = count;
  c.epochs = epochs;
  return c;
}

using lrlab::test::analyse_linear;
using lrlab::test::LinearQuadratic;

double mse(const lrlab::Dataset& d, double w, double b) {
  double sum = 0;
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    const double r = w * d.x(0, i) + b - d.y(0, i);
    sum += r * r;
  }
  return sum / static_cast<double>(d.size());
}

// What the trainer must report for one rate, from the closed form.
struct Predicted {
  double final_train = NAN, final_val = NAN, best = NAN, initial = NAN;
  long diverged_epoch = -1;
  long epochs_run = 0;
};

Predicted predict(const LinearQuadratic& q, const lrlab::Problem& p, double w, double b, double lr,
                  int epochs) {
  Predicted out;
  out.initial = q.loss(w, b);
  const double first = out.initial;  // the full-batch first epoch's loss: the divergence base
  for (int e = 0; e < epochs; ++e) {
    const double loss = q.loss(w, b);   // an epoch's loss is measured before its one update
    if (e > 0 && loss > 1e6 * first) {  // docs/spec-core.md#divergence
      out.diverged_epoch = e;
      return out;
    }
    out.final_train = loss;
    out.best = e == 0 ? loss : std::min(out.best, loss);
    q.step(lr, w, b);
    out.epochs_run = e + 1;
  }
  out.final_val = mse(p.val, w, b);
  return out;
}

double tolerance(double expected) {
  return 1e-9 * std::max(1.0, std::fabs(expected));
}

// Bit-equal, NaN equal to NaN.
bool same(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void expect_same_result(const lrlab::SweepResult& a, const lrlab::SweepResult& b) {
  EXPECT_TRUE(same(a.rates, b.rates));
  EXPECT_TRUE(same(a.initial_train_loss, b.initial_train_loss));
  EXPECT_TRUE(same(a.final_train_loss, b.final_train_loss));
  EXPECT_TRUE(same(a.final_val_loss, b.final_val_loss));
  EXPECT_TRUE(same(a.best_train_loss, b.best_train_loss));
  EXPECT_TRUE(same(a.diverged, b.diverged));
  EXPECT_TRUE(same(a.diverged_epoch, b.diverged_epoch));
  EXPECT_TRUE(same(a.epochs_run, b.epochs_run));
  EXPECT_EQ(a.verdict, b.verdict);
  EXPECT_EQ(a.sentence, b.sentence);
  EXPECT_EQ(a.completed, b.completed);
  EXPECT_EQ(a.best_index, b.best_index);
  EXPECT_EQ(a.best_final_loss, b.best_final_loss);
}

class LinearSweep : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sweep_ = new LrSweep(linear_settings(), config(1e-4, 10, 31, kEpochs));
    sweep_->run_all();
  }
  static void TearDownTestSuite() {
    delete sweep_;
    sweep_ = nullptr;
  }
  static LrSweep* sweep_;
};
LrSweep* LinearSweep::sweep_ = nullptr;

TEST_F(LinearSweep, RatesAreLogSpacedBetweenTheBounds) {
  const auto& r = sweep_->result().rates;
  ASSERT_EQ(r.size(), 31u);
  EXPECT_EQ(r.front(), 1e-4);
  EXPECT_EQ(r.back(), 10.0);
  for (int j = 0; j < 31; ++j)  // 5 decades in 30 equal steps of log10
    EXPECT_NEAR(r[j], 1e-4 * std::pow(10.0, j / 6.0), 1e-13 * r[j]) << j;
}

TEST_F(LinearSweep, EveryRateFollowsTheClosedForm) {
  const lrlab::SweepResult& res = sweep_->result();
  ASSERT_TRUE(sweep_->done());
  EXPECT_EQ(res.completed, 31);
  for (int j = 0; j < 31; ++j) {
    const double lr = res.rates[j];
    // Built here from the JSON, not from the sweep: only the rate differs.
    Trainer fresh(linear_settings(lr));
    const LinearQuadratic q = analyse_linear(fresh.problem().train);
    const Predicted p =
        predict(q, fresh.problem(), fresh.parameters()[0], fresh.parameters()[1], lr, kEpochs);
    SCOPED_TRACE("rate " + std::to_string(lr));
    EXPECT_NEAR(res.initial_train_loss[j], p.initial, tolerance(p.initial));
    EXPECT_EQ(res.diverged_epoch[j], static_cast<double>(p.diverged_epoch));
    EXPECT_EQ(res.diverged[j], p.diverged_epoch >= 0 ? 1.0 : 0.0);
    EXPECT_EQ(res.epochs_run[j], static_cast<double>(p.epochs_run));
    EXPECT_NEAR(res.final_train_loss[j], p.final_train, tolerance(p.final_train));
    EXPECT_NEAR(res.best_train_loss[j], p.best, tolerance(p.best));
    if (p.diverged_epoch < 0) {
      EXPECT_NEAR(res.final_val_loss[j], p.final_val, tolerance(p.final_val));
    }
    EXPECT_FALSE(res.verdict[j].empty());
    EXPECT_EQ(res.words[j].kind, res.verdict[j]);  // worded with its verdict
    EXPECT_EQ(res.words[j].sentence, res.sentence[j]);
    EXPECT_FALSE(res.sentence[j].empty());
  }
}

TEST_F(LinearSweep, HighAtTheLowEndLowestInTheMiddleDivergedAboveTwoOverL) {
  const lrlab::SweepResult& res = sweep_->result();
  Trainer probe(linear_settings());
  const LinearQuadratic q = analyse_linear(probe.problem().train);
  const double critical = 2 / q.l_max;
  ASSERT_GT(critical, 0.5);  // inside the swept range, with rates on both sides
  ASSERT_LT(critical, 2.0);

  // The best rate is in the middle: below the critical rate, far above the low end.
  ASSERT_GE(res.best_index, 0);
  const double best_rate = res.rates[res.best_index];
  EXPECT_GT(best_rate, 0.05 * critical);
  EXPECT_LT(best_rate, critical);
  EXPECT_NEAR(res.best_final_loss, q.loss_star, 1e-6);
  EXPECT_EQ(res.verdict[res.best_index], "converging");

  // The low end has barely moved: far above the best, and called stalling.
  EXPECT_GT(res.final_train_loss.front(), 10 * res.best_final_loss);
  EXPECT_GT(res.final_train_loss.front(), 0.9 * res.initial_train_loss.front());
  EXPECT_EQ(res.verdict.front(), "stalling") << res.sentence.front();

  // Up to 1/L_max every direction shrinks without overshoot, faster for a larger rate: the left
  // arm of the U falls monotonically.
  for (int j = 1; j < 31 && res.rates[j] <= 1 / q.l_max; ++j)
    EXPECT_LE(res.final_train_loss[j], res.final_train_loss[j - 1] + 1e-12) << res.rates[j];

  for (int j = 0; j < 31; ++j) {
    const double lr = res.rates[j];
    SCOPED_TRACE("rate " + std::to_string(lr) + ", 2/L = " + std::to_string(critical));
    if (lr < 0.9 * critical) {
      EXPECT_EQ(res.diverged[j], 0.0);
    } else if (lr > 1.05 * critical) {
      // The steep direction grows by |1 - lr*L| > 1.1 per epoch: diverged, or at least got worse.
      // (Just above 2/L the growth is too slow to show within 40 epochs, and the other, shrinking
      // direction can still win: no claim there.)
      EXPECT_TRUE(res.diverged[j] == 1.0 || res.final_train_loss[j] > res.initial_train_loss[j]);
      if (lr > 1.15 * critical) {  // |1 - lr*L| > 1.3: a million-fold rise within 40 epochs
        EXPECT_EQ(res.diverged[j], 1.0);
        EXPECT_EQ(res.verdict[j], "diverged");
      }
    }
  }
  EXPECT_EQ(res.diverged.back(), 1.0);
}

TEST(Sweep, EveryRateStartsFromTheSameWeights) {
  LrSweep sweep(linear_settings(0.3), config(1e-3, 5, 9, 3));
  const std::string base = lrlab::settings_to_json(linear_settings(0.3));
  Trainer first(sweep.settings_for(0));
  for (int j = 0; j < sweep.count(); ++j) {
    lrlab::Settings s = sweep.settings_for(j);
    EXPECT_EQ(s.optimizer.learning_rate, sweep.result().rates[j]);
    EXPECT_EQ(s.epochs, 3);
    // Nothing but the rate and the length differs from the settings given.
    s.optimizer.learning_rate = 0.3;
    s.epochs = 7;
    EXPECT_EQ(lrlab::settings_to_json(s), base) << j;
    Trainer fresh(sweep.settings_for(j));
    EXPECT_EQ(fresh.parameters(), first.parameters()) << j;
    EXPECT_EQ(fresh.problem().train.x, first.problem().train.x) << j;
  }
  sweep.run_all();
  for (int j = 1; j < sweep.count(); ++j)
    EXPECT_EQ(sweep.result().initial_train_loss[j], sweep.result().initial_train_loss[0]);
}

TEST(Sweep, SlicingGivesExactlyTheSameResultAsOneCall) {
  const SweepConfig c = config(1e-3, 8, 12, 15);  // the top rates diverge part-way
  LrSweep whole(linear_settings(), c);
  whole.run_all();
  ASSERT_GT(std::count(whole.result().diverged.begin(), whole.result().diverged.end(), 1.0), 0);

  for (long slice : {1L, 4L, 7L, 100L}) {
    LrSweep sliced(linear_settings(), c);
    double last_progress = sliced.progress();
    EXPECT_EQ(last_progress, 0.0);
    long total = 0, calls = 0;
    while (!sliced.done()) {
      const long spent = sliced.advance(slice);
      EXPECT_GE(spent, 1);
      EXPECT_LE(spent, slice + 1);  // about the work asked for
      total += spent;
      ++calls;
      EXPECT_GE(sliced.progress(), last_progress);
      EXPECT_LE(sliced.progress(), 1.0);
      last_progress = sliced.progress();
      if (!sliced.done()) {
        for (const auto& v : sliced.result().verdict) EXPECT_TRUE(v.empty());
      }
      ASSERT_LT(calls, 1000);
    }
    EXPECT_EQ(sliced.progress(), 1.0);
    EXPECT_EQ(sliced.advance(slice), 0);
    EXPECT_LE(total, static_cast<long>(c.count) * c.epochs);
    SCOPED_TRACE("slice " + std::to_string(slice));
    expect_same_result(sliced.result(), whole.result());
  }
}

TEST(Sweep, ADivergedRateSkipsItsRemainingEpochs) {
  Trainer probe(linear_settings());
  const LinearQuadratic q = analyse_linear(probe.problem().train);
  // Two rates: a safe one and one far above 2/L (|1 - lr*L| about 9).
  LrSweep sweep(linear_settings(), config(0.1, 10 / q.l_max * 2, 2, 50));
  EXPECT_EQ(sweep.advance(50), 50);
  EXPECT_FALSE(sweep.done());
  EXPECT_DOUBLE_EQ(sweep.progress(), 0.5);
  EXPECT_EQ(sweep.result().completed, 1);
  EXPECT_TRUE(std::isnan(sweep.result().final_train_loss[1]));  // not run yet

  const long spent = sweep.advance(50);
  EXPECT_TRUE(sweep.done());
  EXPECT_EQ(sweep.progress(), 1.0);
  const lrlab::SweepResult& res = sweep.result();
  ASSERT_EQ(res.diverged[1], 1.0);
  EXPECT_LT(res.diverged_epoch[1], 10);
  EXPECT_EQ(res.epochs_run[1], res.diverged_epoch[1]);
  EXPECT_EQ(spent, static_cast<long>(res.diverged_epoch[1]) + 1);
  EXPECT_EQ(res.best_index, 0);  // a diverged rate is never the reference
  EXPECT_EQ(res.verdict[1], "diverged");
}

TEST(Sweep, AdvanceOfNothingDoesNothing) {
  LrSweep sweep(linear_settings(), config(0.01, 1, 3, 4));
  EXPECT_EQ(sweep.advance(0), 0);
  EXPECT_EQ(sweep.advance(-5), 0);
  EXPECT_EQ(sweep.progress(), 0.0);
  EXPECT_EQ(sweep.advance(2), 2);
  EXPECT_DOUBLE_EQ(sweep.progress(), 2.0 / 12);
}

TEST(Sweep, OneRateIsTheLowBound) {
  LrSweep sweep(linear_settings(), config(0.02, 3, 1, 5));
  ASSERT_EQ(sweep.count(), 1);
  EXPECT_EQ(sweep.result().rates[0], 0.02);
  sweep.run_all();
  EXPECT_TRUE(sweep.done());
  EXPECT_EQ(sweep.result().best_index, 0);
  // With only one rate, the reference is its own loss: never "stalling" against itself.
  EXPECT_NE(sweep.result().verdict[0], "stalling");
}

TEST(Sweep, OptimizerSchedulePlateauApplyToEveryRate) {
  // Adam, an exponential per-step decay and a plateau callback on the training loss: each rate's
  // numbers are those of a trainer built from the same JSON with only the rate changed.
  auto settings_at = [](double lr) {
    char json[1024];
    std::snprintf(json, sizeof json,
                  R"({"seed": 3,
                      "problem": {"name": "moons", "samples": 120},
                      "model": {"hidden": [6]},
                      "optimizer": {"name": "adam", "learning_rate": %.17g, "beta_1": 0.8},
                      "schedule": {"name": "exponential", "granularity": "step",
                                   "decay_steps": 3, "decay_rate": 0.7},
                      "plateau": {"enabled": true, "monitor": "loss", "patience": 1,
                                  "factor": 0.5, "min_delta": 0.5},
                      "batch_size": 16})",
                  lr);
    return lrlab::parse_settings(json);
  };
  LrSweep sweep(settings_at(0.5), config(1e-3, 1, 4, 6));
  sweep.run_all();
  for (int j = 0; j < 4; ++j) {
    Trainer t(settings_at(sweep.result().rates[j]));
    t.run(6);
    const lrlab::History& h = t.history();
    EXPECT_FALSE(h.events.empty());  // the plateau cut happened
    EXPECT_EQ(sweep.result().final_train_loss[j], h.train_loss.back()) << j;
    EXPECT_EQ(sweep.result().final_val_loss[j], h.val_loss.back()) << j;
    EXPECT_EQ(sweep.result().best_train_loss[j],
              *std::min_element(h.train_loss.begin(), h.train_loss.end()))
        << j;
  }
}

void expect_error(const SweepConfig& c, const std::string& field) {
  try {
    LrSweep sweep(linear_settings(), c);
    ADD_FAILURE() << "no error for " << field;
  } catch (const lrlab::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(field + ": ", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("is not allowed"), std::string::npos) << e.what();
  }
}

TEST(Sweep, BadConfigsNameTheirField) {
  expect_error(config(0, 1, 4, 5), "sweep.low");
  expect_error(config(-1, 1, 4, 5), "sweep.low");
  expect_error(config(NAN, 1, 4, 5), "sweep.low");
  expect_error(config(1, 1, 4, 5), "sweep.low");  // low must be below high
  expect_error(config(2, 1, 4, 5), "sweep.low");
  expect_error(config(1e-3, 2e6, 4, 5), "sweep.high");
  expect_error(config(1e-3, INFINITY, 4, 5), "sweep.high");
  expect_error(config(1e-3, NAN, 4, 5), "sweep.high");
  expect_error(config(1e-3, 1, 0, 5), "sweep.count");
  expect_error(config(1e-3, 1, 257, 5), "sweep.count");
  expect_error(config(1e-3, 1, 4, 0), "sweep.epochs");
  expect_error(config(1e-3, 1, 4, 10001), "sweep.epochs");
  // The limits themselves are fine.
  EXPECT_NO_THROW(lrlab::validate(config(1e-3, 1e6, 256, 10000)));
  EXPECT_NO_THROW(lrlab::validate(config(1e-3, 1e-2, 1, 1)));
  try {
    lrlab::validate(config(1e-3, 1, 300, 5));
  } catch (const lrlab::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "sweep.count: 300 is not allowed (must be an integer >= 1 and <= 256)");
  }
}

// ---- one sweep shared by several workers (the page's): shares, records, the collecting sweep ----

TEST(SweepShare, TheSharesCoverTheGridOnceFromCoarseToFine) {
  for (int count = 1; count <= 70; ++count) {
    for (int parts = 1; parts <= 7; ++parts) {
      std::vector<int> seen(static_cast<std::size_t>(count), 0);
      std::size_t smallest = 1000, largest = 0;
      for (int part = 0; part < parts; ++part) {
        const std::vector<int> share = lrlab::sweep_share(count, part, parts);
        smallest = std::min(smallest, share.size());
        largest = std::max(largest, share.size());
        for (const int j : share) {
          ASSERT_GE(j, 0);
          ASSERT_LT(j, count);
          ++seen[static_cast<std::size_t>(j)];
        }
      }
      for (int j = 0; j < count; ++j) EXPECT_EQ(seen[j], 1) << count << " " << parts << " " << j;
      EXPECT_LE(largest - smallest, 1u) << count << " " << parts;  // dealt evenly
    }
  }
  // 64 rates: the ends, the middle, the quarters, then finer; two parts take turns.
  const std::vector<int> all = lrlab::sweep_share(64, 0, 1);
  EXPECT_EQ(std::vector<int>(all.begin(), all.begin() + 9),
            (std::vector<int>{0, 63, 32, 16, 48, 8, 24, 40, 56}));
  EXPECT_EQ(std::vector<int>(all.end() - 2, all.end()), (std::vector<int>{59, 61}));
  const std::vector<int> first = lrlab::sweep_share(64, 0, 2);
  const std::vector<int> second = lrlab::sweep_share(64, 1, 2);
  EXPECT_EQ(std::vector<int>(first.begin(), first.begin() + 4), (std::vector<int>{0, 32, 48, 24}));
  EXPECT_EQ(std::vector<int>(second.begin(), second.begin() + 4),
            (std::vector<int>{63, 16, 8, 40}));
}

// Shares trained in slices, their records handed to part 0 (which also trains) in the order they
// come out, or all at the end in reverse: the collected result is the one sweep's, bit for bit.
void expect_shared_equals_whole(const lrlab::Settings& settings, const SweepConfig& c) {
  LrSweep whole(settings, c);
  whole.run_all();
  ASSERT_TRUE(whole.done());
  for (int parts : {1, 2, 3, 5}) {
    for (bool at_the_end : {false, true}) {
      SCOPED_TRACE("parts " + std::to_string(parts) + (at_the_end ? ", records at the end" : ""));
      LrSweep collector(settings, c, lrlab::sweep_share(c.count, 0, parts));
      std::vector<std::unique_ptr<LrSweep>> helpers;
      for (int part = 1; part < parts; ++part)
        helpers.push_back(
            std::make_unique<LrSweep>(settings, c, lrlab::sweep_share(c.count, part, parts)));
      std::vector<lrlab::SweepRecord> held;
      long rounds = 0;
      bool busy = true;
      while (busy) {
        busy = false;
        collector.advance(3);
        busy = busy || !collector.trained();
        for (auto& helper : helpers) {
          helper->advance(5);
          busy = busy || !helper->trained();
          for (lrlab::SweepRecord& r : helper->take_records()) {
            if (at_the_end)
              held.push_back(std::move(r));
            else
              collector.add_record(std::move(r));
          }
          EXPECT_FALSE(helper->done());  // a share alone never has every rate
        }
        ASSERT_LT(++rounds, 10000);
      }
      EXPECT_EQ(collector.done(), parts == 1 || !at_the_end);
      for (auto it = held.rbegin(); it != held.rend(); ++it) collector.add_record(*it);
      ASSERT_TRUE(collector.done());
      EXPECT_EQ(collector.progress(), 1.0);
      EXPECT_TRUE(collector.take_records().empty());
      expect_same_result(collector.result(), whole.result());
    }
  }
}

TEST(SweepShare, SharedSweepsGiveExactlyTheOneSweepsResult) {
  // The linear problem with its top rates diverging part-way, and a network with Adam, a
  // schedule and a plateau callback, where the verdicts vary.
  expect_shared_equals_whole(linear_settings(), config(1e-3, 8, 12, 15));
  expect_shared_equals_whole(
      lrlab::parse_settings(R"({"seed": 4, "problem": {"name": "moons", "samples": 100},
                                "model": {"hidden": [5]}, "batch_size": 25,
                                "optimizer": {"name": "adam"},
                                "schedule": {"name": "exponential", "decay_steps": 4,
                                             "decay_rate": 0.8}})"),
      config(1e-4, 30, 17, 12));
}

lrlab::SweepRecord record(int index, std::vector<double> losses, bool diverged = false) {
  lrlab::SweepRecord r;
  r.index = index;
  r.train_loss = std::move(losses);
  r.final_val_loss = 0.5;
  r.initial_train_loss = 1;
  r.diverged = diverged;
  r.diverged_epoch = diverged ? static_cast<long>(r.train_loss.size()) : -1;
  return r;
}

TEST(SweepShare, ATieForTheBestGoesToTheLowestIndexInAnyOrder) {
  LrSweep collector(linear_settings(), config(0.01, 1, 4, 5), {});
  EXPECT_TRUE(collector.trained());
  EXPECT_EQ(collector.advance(10), 0);
  collector.add_record(record(3, {0.9, 0.5, 0.25}));
  collector.add_record(record(2, {0.9, 0.6, 0.25}));
  collector.add_record(record(0, {1, 2, 40}, true));
  EXPECT_EQ(collector.result().best_index, 2);
  EXPECT_FALSE(collector.done());
  EXPECT_DOUBLE_EQ(collector.progress(), 0.75);
  collector.add_record(record(1, {0.9, 0.8, 0.7}));
  ASSERT_TRUE(collector.done());
  const lrlab::SweepResult& r = collector.result();
  EXPECT_EQ(r.best_index, 2);
  EXPECT_EQ(r.best_final_loss, 0.25);
  EXPECT_EQ(r.best_train_loss[1], 0.7);
  EXPECT_EQ(r.final_val_loss[3], 0.5);
  EXPECT_EQ(r.epochs_run[0], 3);
  EXPECT_EQ(r.diverged_epoch[0], 3);
  EXPECT_EQ(r.verdict[0], "diverged");
  EXPECT_FALSE(r.verdict[1].empty());
}

void expect_refused(const std::function<void()>& action, const std::string& field) {
  try {
    action();
    ADD_FAILURE() << "no error for " << field;
  } catch (const lrlab::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(field + ": ", 0), 0u) << e.what();
  }
}

TEST(SweepVerdicts, TheLowestLossAmongOscillatingRatesAndTheBestSteadyRate) {
  // Four crafted rates of 12 epochs. j0 barely moves; j1 falls smoothly to 0.3; j2 bounces with a
  // large amplitude (10 reversals in its last 10 epochs) down to a final 0.2, touching 0.1 on the
  // way; j3 blows up.
  std::vector<double> flat, smooth, bouncing;
  for (int e = 0; e < 12; ++e) {
    flat.push_back(1.0 - 0.0001 * e);
    smooth.push_back(0.3 + 0.7 * (11 - e) / 11.0);
  }
  bouncing = {0.9, 0.5, 0.15, 0.45, 0.12, 0.4, 0.1, 0.35, 0.12, 0.3, 0.15, 0.2};
  LrSweep collector(linear_settings(), config(0.01, 1, 4, 12), {});
  collector.add_record(record(0, flat));
  collector.add_record(record(1, smooth));
  collector.add_record(record(2, bouncing));
  collector.add_record(record(3, {1, 5, 300}, true));
  ASSERT_TRUE(collector.done());
  const lrlab::SweepResult& r = collector.result();
  // The lowest final loss is j2's 0.2, an oscillating rate...
  EXPECT_EQ(r.best_index, 2);
  EXPECT_EQ(r.verdict[2], "overshooting");
  // ...the best steadily converging one is j1 (0.3).
  EXPECT_EQ(r.best_converging_index, 1);
  EXPECT_EQ(r.best_converging_loss, 0.3);
  EXPECT_EQ(r.verdict[1], "converging");
  // Stalling is judged against the lowest loss any rate reached: j2's 0.1 (j3's epochs count
  // too, but 1 is not lower). j0 ends at 0.9989 > 1.5 x 0.1, falling 0.01% per epoch: stalling.
  EXPECT_EQ(r.stall_reference, 0.1);
  EXPECT_EQ(r.verdict[0], "stalling");
  EXPECT_EQ(r.verdict[3], "diverged");
}

TEST(SweepVerdicts, NoConvergingRateMeansNoBestSteadyRate) {
  LrSweep collector(linear_settings(), config(0.01, 1, 2, 5), {});
  collector.add_record(record(0, {1, 2, 40}, true));
  collector.add_record(record(1, {1, 0.2, 0.9, 0.1, 0.8}));
  ASSERT_TRUE(collector.done());
  EXPECT_EQ(collector.result().verdict[1], "overshooting");
  EXPECT_EQ(collector.result().best_converging_index, -1);
  EXPECT_TRUE(std::isnan(collector.result().best_converging_loss));
  EXPECT_EQ(collector.result().stall_reference, 0.1);
}

TEST(SweepShare, BadSharesAndRecordsAreRefusedAndChangeNothing) {
  expect_refused([] { lrlab::sweep_share(0, 0, 1); }, "sweep.count");
  expect_refused([] { lrlab::sweep_share(8, 0, 0); }, "sweep.parts");
  expect_refused([] { lrlab::sweep_share(8, 0, 65); }, "sweep.parts");
  expect_refused([] { lrlab::sweep_share(8, 2, 2); }, "sweep.part");
  expect_refused([] { lrlab::sweep_share(8, -1, 2); }, "sweep.part");
  const SweepConfig c = config(0.01, 1, 4, 5);
  expect_refused([&] { LrSweep s(linear_settings(), c, {0, 4}); }, "sweep.share");
  expect_refused([&] { LrSweep s(linear_settings(), c, {1, 1}); }, "sweep.share");
  expect_refused([&] { LrSweep s(linear_settings(), c, {-1}); }, "sweep.share");

  LrSweep sweep(linear_settings(), c, {0});
  sweep.add_record(record(1, {1, 0.5}));
  expect_refused([&] { sweep.add_record(record(1, {1, 0.5})); }, "sweep.record.index");  // twice
  expect_refused([&] { sweep.add_record(record(0, {1, 0.5})); }, "sweep.record.index");  // its own
  expect_refused([&] { sweep.add_record(record(4, {1})); }, "sweep.record.index");
  expect_refused([&] { sweep.add_record(record(-1, {1})); }, "sweep.record.index");
  expect_refused(
      [&] {
        sweep.add_record(record(2, {1, 1, 1, 1, 1, 1}));
      },
      "sweep.record.train_loss");
  EXPECT_EQ(sweep.result().completed, 1);
  EXPECT_TRUE(std::isnan(sweep.result().final_train_loss[2]));
  sweep.add_record(record(2, {1, 1, 1, 1, 1}));
  sweep.add_record(record(3, {1, 0.1}));
  EXPECT_FALSE(sweep.done());  // its own rate is not trained yet
  sweep.run_all();
  EXPECT_TRUE(sweep.done());
  EXPECT_EQ(sweep.result().completed, 4);
}

}  // namespace
