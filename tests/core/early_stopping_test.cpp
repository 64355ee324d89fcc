// EarlyStopping against Keras 3's rule (keras/src/callbacks/early_stopping.py), checked two ways:
// series worked out by hand, and a reference written here from the rule alone (never calling the
// implementation) that predicts, on losses a real run recorded, the epoch where it stops, the
// best epoch and the weights it goes back to.
#include "core/callbacks/early_stopping.h"

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/history.h"
#include "core/settings.h"
#include "core/trainer.h"
#include "tests/support/error_of.h"

namespace {

using lrlab::EarlyStopping;
using lrlab::ParamValues;
using lrlab_test::error_of;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The rule as Keras 3 states it, for a direction already decided ("max" or "min").
struct Rule {
  bool maximize = false;
  double min_delta = 0;
  int patience = 0;
  std::optional<double> baseline;
  bool restore_best_weights = false;
  long start_from_epoch = 0;
};

struct Expected {
  long stop_epoch = -1;  // 0-based epoch after which training stops; -1: it never does
  long best_epoch = 0;   // Keras starts best_epoch at 0
  int wait = 0;
  long weights_epoch = -1;  // the epoch whose weights are kept for restoring (-1: none)
};

Expected keras_rule(const std::vector<double>& values, const Rule& rule) {
  // Keras negates min_delta for a "less is better" monitor, then tests (value - min_delta) op ref.
  const double signed_delta = rule.maximize ? rule.min_delta : -rule.min_delta;
  const auto is_improvement = [&](double value, double reference) {
    return rule.maximize ? value - signed_delta > reference : value - signed_delta < reference;
  };
  double best = rule.maximize ? -kInf : kInf;
  Expected e;
  for (long epoch = 0; epoch < static_cast<long>(values.size()); ++epoch) {
    if (epoch < rule.start_from_epoch) continue;
    if (rule.restore_best_weights && e.weights_epoch < 0) {
      e.weights_epoch = epoch;  // "if best weights were never set, the current ones are the best"
      e.best_epoch = epoch;
    }
    e.wait += 1;
    const double current = values[static_cast<std::size_t>(epoch)];
    if (is_improvement(current, best)) {
      best = current;
      e.best_epoch = epoch;
      if (rule.restore_best_weights) e.weights_epoch = epoch;
      if (!rule.baseline || is_improvement(current, *rule.baseline)) e.wait = 0;
      continue;
    }
    if (e.wait >= rule.patience && epoch > 0) {
      e.stop_epoch = epoch;
      return e;
    }
  }
  return e;
}

ParamValues values(std::map<std::string, double> numbers,
                   std::map<std::string, std::string> texts = {}) {
  ParamValues v;
  v.numbers = std::move(numbers);
  v.texts = std::move(texts);
  return v;
}

// Feeds `series` to the implementation; the same fields as Expected.
Expected implementation(EarlyStopping& rule, const std::vector<double>& series) {
  Expected e;
  for (long epoch = 0; epoch < static_cast<long>(series.size()); ++epoch) {
    const EarlyStopping::Outcome outcome =
        rule.on_epoch_end(epoch, series[static_cast<std::size_t>(epoch)]);
    if (outcome.keep_weights) e.weights_epoch = epoch;
    if (outcome.stop) {
      e.stop_epoch = epoch;
      break;
    }
  }
  e.best_epoch = rule.best_epoch();
  e.wait = rule.wait();
  return e;
}

void expect_same(const Expected& got, const Expected& want, const std::string& what) {
  EXPECT_EQ(got.stop_epoch, want.stop_epoch) << what;
  EXPECT_EQ(got.best_epoch, want.best_epoch) << what;
  EXPECT_EQ(got.wait, want.wait) << what;
  EXPECT_EQ(got.weights_epoch, want.weights_epoch) << what;
}

struct HandWorked {
  const char* what;
  ParamValues params;
  Rule rule;
  std::vector<double> series;
  Expected expected;
};

// Each case worked out on paper from the rule; the reference must agree with the paper too.
std::vector<HandWorked> hand_worked() {
  return {
      {"defaults: patience 0 stops at the first epoch that does not improve",
       values({}, {{"monitor", "loss"}}),
       Rule{},
       {1.0, 0.8, 0.85, 0.7},
       {2, 1, 1, -1}},
      {"min_delta 0.1: 0.95 after 1.0 is not an improvement, 0.85 is",
       values({{"patience", 2}, {"min_delta", 0.1}}, {{"monitor", "loss"}}),
       Rule{false, 0.1, 2},
       {1.0, 0.95, 0.85, 0.84, 0.83, 0.5},
       {4, 2, 2, -1}},
      {"max mode (auto for an accuracy): equal is no improvement",
       values({{"patience", 2}}, {{"monitor", "val_accuracy"}}),
       Rule{true, 0, 2},
       {0.5, 0.6, 0.6, 0.59, 0.7},
       {3, 1, 2, -1}},
      {"mode max forced on a loss: a rise is the improvement",
       values({{"patience", 1}}, {{"monitor", "loss"}, {"mode", "max"}}),
       Rule{true, 0, 1},
       {1.0, 1.1, 1.05},
       {2, 1, 1, -1}},
      {"mode min forced on an accuracy",
       values({{"patience", 1}}, {{"monitor", "accuracy"}, {"mode", "min"}}),
       Rule{false, 0, 1},
       {0.5, 0.6},
       {1, 0, 1, -1}},
      {"a baseline never beaten: improvements do not reset wait, the first flat epoch stops",
       values({{"patience", 2}, {"baseline", 0.5}}, {{"monitor", "loss"}}),
       Rule{false, 0, 2, 0.5},
       {1.0, 0.9, 0.95, 0.8},
       {2, 1, 3, -1}},
      {"the same series without the baseline trains on",
       values({{"patience", 2}}, {{"monitor", "loss"}}),
       Rule{false, 0, 2},
       {1.0, 0.9, 0.95, 0.8},
       {-1, 3, 0, -1}},
      {"a baseline beaten at epoch 1 resets wait from there",
       values({{"patience", 2}, {"baseline", 0.95}}, {{"monitor", "loss"}}),
       Rule{false, 0, 2, 0.95},
       {1.0, 0.9, 0.95, 0.96, 0.97},
       {3, 1, 2, -1}},
      {"the baseline is compared with min_delta too: 0.94 + 0.02 is not below 0.95",
       values({{"patience", 1}, {"baseline", 0.95}, {"min_delta", 0.02}}, {{"monitor", "loss"}}),
       Rule{false, 0.02, 1, 0.95},
       {1.0, 0.94, 0.94},
       {2, 1, 3, -1}},
      {"start_from_epoch 3: epochs 0-2 are not watched at all",
       values({{"patience", 1}, {"start_from_epoch", 3}}, {{"monitor", "loss"}}),
       Rule{false, 0, 1, std::nullopt, false, 3},
       {1.0, 2.0, 3.0, 4.0, 5.0, 6.0},
       {4, 3, 1, -1}},
      {"without start_from_epoch the same series stops at epoch 1",
       values({{"patience", 1}}, {{"monitor", "loss"}}),
       Rule{false, 0, 1},
       {1.0, 2.0, 3.0, 4.0, 5.0, 6.0},
       {1, 0, 1, -1}},
      {"epoch > 0: a first epoch that does not improve (NaN) never stops the run",
       values({}, {{"monitor", "loss"}}),
       Rule{},
       {kNaN, 1.0, 1.1},
       {2, 1, 1, -1}},
      {"restore_best_weights: the first epoch's weights are the best ones kept",
       values({{"patience", 2}, {"restore_best_weights", 1}}, {{"monitor", "loss"}}),
       Rule{false, 0, 2, std::nullopt, true},
       {0.5, 0.6, 0.7},
       {2, 0, 2, 0}},
      {"restore_best_weights with a warm-up: the first watched epoch's weights",
       values({{"patience", 1}, {"restore_best_weights", 1}, {"start_from_epoch", 2}},
              {{"monitor", "loss"}}),
       Rule{false, 0, 1, std::nullopt, true, 2},
       {0.1, 0.2, 0.9, 1.0, 1.1},
       {3, 2, 1, 2}},
      {"restore_best_weights follows each improvement",
       values({{"patience", 2}, {"restore_best_weights", 1}}, {{"monitor", "loss"}}),
       Rule{false, 0, 2, std::nullopt, true},
       {0.5, 0.4, 0.45, 0.3, 0.35, 0.36},
       {5, 3, 2, 3}},
      {"restore_best_weights with a baseline never beaten: the best epoch of those trained",
       values({{"patience", 2}, {"baseline", 0.1}, {"restore_best_weights", 1}},
              {{"monitor", "loss"}}),
       Rule{false, 0, 2, 0.1, true},
       {0.5, 0.4, 0.45},
       {2, 1, 3, 1}},
  };
}

TEST(EarlyStopping, HandWorkedSeriesMatchTheReferenceAndTheImplementation) {
  for (const HandWorked& c : hand_worked()) {
    expect_same(keras_rule(c.series, c.rule), c.expected, std::string("reference: ") + c.what);
    EarlyStopping rule(c.params);
    expect_same(implementation(rule, c.series), c.expected, std::string("core: ") + c.what);
  }
}

TEST(EarlyStopping, DefaultsAreKeras3s) {
  const EarlyStopping rule(ParamValues{});
  EXPECT_EQ(rule.monitor(), "val_loss");
  EXPECT_FALSE(rule.maximizing());
  EXPECT_EQ(rule.min_delta(), 0);
  EXPECT_EQ(rule.patience(), 0);
  EXPECT_TRUE(std::isnan(rule.baseline()));
  EXPECT_FALSE(rule.restores_best_weights());
  EXPECT_EQ(rule.start_from_epoch(), 0);
  EXPECT_EQ(rule.best(), kInf);
  EXPECT_EQ(rule.best_epoch(), 0);
  EXPECT_EQ(rule.stopped_epoch(), -1);
}

TEST(EarlyStopping, BadValuesNameTheFieldTheValueAndTheRange) {
  EXPECT_EQ(error_of([] {
              EarlyStopping rule(values({{"patience", -1}}));
            }),
            "early_stopping.patience: -1 is not allowed (must be an integer >= 0 and <= 100000)");
  EXPECT_EQ(error_of([] {
              EarlyStopping rule(values({{"min_delta", -0.1}}));
            }),
            "early_stopping.min_delta: -0.1 is not allowed (must be a finite number >= 0 and "
            "<= 1e6)");
  EXPECT_EQ(error_of([] {
              EarlyStopping rule(values({{"baseline", kInf}}));
            }),
            "early_stopping.baseline: Infinity is not allowed (must be a finite number >= -1e9 "
            "and <= 1e9, or null for none)");
  EXPECT_NE(error_of([] {
              EarlyStopping rule(values({}, {{"mode", "up"}}));
            }).find("early_stopping.mode"),
            std::string::npos);
}

}  // namespace

// ---- On a real run: the trainer stops where the reference says, on the losses it recorded. ----

// A run whose validation loss wanders (moons with noise, a large SGD rate), recorded in full
// without EarlyStopping: every epoch's numbers and the weights after it.
struct Recorded {
  std::map<std::string, std::vector<double>> series;  // loss, val_loss, accuracy, val_accuracy
  std::vector<Eigen::VectorXd> weights;               // after each epoch
};

constexpr long kEpochs = 60;

lrlab::Settings wandering_run() {
  return lrlab::parse_settings(
      R"({"problem": {"name": "moons", "noise": 0.3}, "epochs": 60,
          "optimizer": {"name": "sgd", "learning_rate": 0.5}})");
}

const Recorded& recorded() {
  static const Recorded r = [] {
    Recorded out;
    lrlab::Trainer trainer(wandering_run());
    for (long e = 0; e < kEpochs; ++e) {
      trainer.epoch();
      out.weights.push_back(trainer.parameters());
    }
    const lrlab::History& h = trainer.history();
    out.series = {{"loss", h.train_loss},
                  {"val_loss", h.val_loss},
                  {"accuracy", h.accuracy},
                  {"val_accuracy", h.val_accuracy}};
    return out;
  }();
  return r;
}

struct OnARun {
  const char* what;
  std::string early_stopping;  // the settings' "early_stopping" section
  std::string monitor;
  Rule rule;
};

std::vector<OnARun> on_a_run() {
  return {
      {"Keras' defaults", R"({"enabled": true})", "val_loss", Rule{}},
      {"patience 3, restoring the best weights",
       R"({"enabled": true, "patience": 3, "restore_best_weights": true})", "val_loss",
       Rule{false, 0, 3, std::nullopt, true}},
      {"the training loss with min_delta",
       R"({"enabled": true, "monitor": "loss", "min_delta": 0.002, "patience": 2})", "loss",
       Rule{false, 0.002, 2}},
      {"validation accuracy, auto mode is max",
       R"({"enabled": true, "monitor": "val_accuracy", "patience": 4,
           "restore_best_weights": true})",
       "val_accuracy", Rule{true, 0, 4, std::nullopt, true}},
      {"training accuracy with min_delta, max mode given",
       R"({"enabled": true, "monitor": "accuracy", "mode": "max", "min_delta": 0.01,
           "patience": 5})",
       "accuracy", Rule{true, 0.01, 5}},
      {"a baseline the run beats late",
       R"({"enabled": true, "patience": 5, "baseline": 0.26, "restore_best_weights": true})",
       "val_loss", Rule{false, 0, 5, 0.26, true}},
      {"a baseline the run never beats", R"({"enabled": true, "patience": 4, "baseline": 0.1})",
       "val_loss", Rule{false, 0, 4, 0.1}},
      {"start_from_epoch 20 with restore",
       R"({"enabled": true, "patience": 2, "start_from_epoch": 20,
           "restore_best_weights": true})",
       "val_loss", Rule{false, 0, 2, std::nullopt, true, 20}},
      {"mode max on a loss: the first epoch is the best, its weights restored",
       R"({"enabled": true, "mode": "max", "patience": 1, "restore_best_weights": true})",
       "val_loss", Rule{true, 0, 1, std::nullopt, true}},
      {"patience longer than the wandering: no stop in 60 epochs",
       R"({"enabled": true, "patience": 40, "restore_best_weights": true})", "val_loss",
       Rule{false, 0, 40, std::nullopt, true}},
  };
}

bool same_bits(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

TEST(EarlyStoppingOnARun, StopsWhereKerasRuleSaysOnTheRecordedLosses) {
  const Recorded& run = recorded();
  int stops = 0, restored_elsewhere = 0, first_epoch_restored = 0, no_stop = 0;
  for (const OnARun& c : on_a_run()) {
    SCOPED_TRACE(c.what);
    const Expected want = keras_rule(run.series.at(c.monitor), c.rule);
    lrlab::Settings settings = wandering_run();
    settings = lrlab::replace_section(settings, "early_stopping", c.early_stopping);
    lrlab::Trainer trainer(settings);
    const long done = trainer.run(kEpochs);
    const lrlab::History& h = trainer.history();
    const long trained = want.stop_epoch >= 0 ? want.stop_epoch + 1 : kEpochs;
    EXPECT_EQ(done, trained);
    ASSERT_EQ(h.epochs(), trained);
    EXPECT_EQ(trainer.stopped(), want.stop_epoch >= 0);
    EXPECT_EQ(trainer.stopped_early(), want.stop_epoch >= 0);
    // Nothing else the run computes changes: its epochs are the recorded ones, bit for bit.
    for (long e = 0; e < trained; ++e) {
      EXPECT_TRUE(same_bits(h.val_loss[e], run.series.at("val_loss")[e])) << "epoch " << e;
      EXPECT_TRUE(same_bits(h.train_loss[e], run.series.at("loss")[e])) << "epoch " << e;
    }
    // The weights: the kept epoch's after a stop with restore, else the last trained epoch's.
    const bool restores = want.stop_epoch >= 0 && c.rule.restore_best_weights;
    const long weights_epoch = restores ? want.weights_epoch : trained - 1;
    EXPECT_TRUE(trainer.parameters() == run.weights[static_cast<std::size_t>(weights_epoch)])
        << "weights of epoch " << weights_epoch;
    if (want.stop_epoch < 0) {
      ++no_stop;
      EXPECT_TRUE(h.events.empty());
      continue;
    }
    ++stops;
    if (restores && want.weights_epoch != want.stop_epoch) ++restored_elsewhere;
    if (restores && want.weights_epoch == 0) ++first_epoch_restored;
    ASSERT_EQ(h.events.size(), 1u);
    const lrlab::Event& event = h.events.front();
    EXPECT_EQ(event.kind, lrlab::Event::Kind::EarlyStop);
    EXPECT_STREQ(lrlab::event_kind_name(event.kind), "early_stop");
    EXPECT_EQ(event.epoch, want.stop_epoch);
    EXPECT_EQ(event.wait, want.wait);
    EXPECT_EQ(event.patience, c.rule.patience);
    EXPECT_EQ(event.best_epoch, want.best_epoch);
    EXPECT_EQ(event.restored_best_weights, restores);
    EXPECT_TRUE(same_bits(event.monitored,
                          run.series.at(c.monitor)[static_cast<std::size_t>(want.stop_epoch)]));
    // A stopped run stays stopped: more epochs, a step or resume() train nothing.
    EXPECT_EQ(trainer.run(5), 0);
    EXPECT_FALSE(trainer.step());
    EXPECT_FALSE(trainer.resume());
    EXPECT_EQ(trainer.history().epochs(), trained);
  }
  // The cases mean something on this run: most stop, some go back to an earlier epoch's weights
  // (one to the first epoch's), and one trains to the end.
  EXPECT_GE(stops, 7);
  EXPECT_GE(restored_elsewhere, 3);
  EXPECT_EQ(first_epoch_restored, 1);
  EXPECT_EQ(no_stop, 1);
}

TEST(EarlyStoppingOnARun, ResetStartsTheCountersAgainAndStopsAtTheSameEpoch) {
  lrlab::Settings settings = lrlab::replace_section(wandering_run(), "early_stopping",
                                                    R"({"enabled": true, "patience": 3})");
  lrlab::Trainer trainer(settings);
  const long first = trainer.run(kEpochs);
  trainer.reset();
  EXPECT_FALSE(trainer.stopped());
  EXPECT_EQ(trainer.run(kEpochs), first);
  EXPECT_EQ(trainer.history().events.size(), 1u);
}

TEST(EarlyStoppingOnARun, WithThePlateauTheCutIsRecordedBeforeTheStop) {
  lrlab::Settings settings = lrlab::replace_section(
      wandering_run(), "plateau", R"({"enabled": true, "patience": 1, "factor": 0.5})");
  settings = lrlab::replace_section(settings, "early_stopping",
                                    R"({"enabled": true, "patience": 2, "min_delta": 0.01})");
  lrlab::Trainer trainer(settings);
  trainer.run(kEpochs);
  const std::vector<lrlab::Event>& events = trainer.history().events;
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.back().kind, lrlab::Event::Kind::EarlyStop);
  EXPECT_EQ(events[events.size() - 2].kind, lrlab::Event::Kind::PlateauReduction);
  EXPECT_EQ(events[events.size() - 2].epoch, events.back().epoch);
}

TEST(EarlyStoppingSettings, TheDoorChecksTheMonitorAndKeepsNullAsNone) {
  const lrlab::Settings defaults = lrlab::default_settings();
  EXPECT_FALSE(defaults.early_stopping.enabled);
  EXPECT_TRUE(std::isnan(defaults.early_stopping.params.number("baseline")));
  const std::string json = lrlab::settings_to_json(defaults);
  EXPECT_NE(json.find(R"("early_stopping":{"enabled":false,"monitor":"val_loss","min_delta":0.0,)"
                      R"("patience":0,"mode":"auto","baseline":null,"restore_best_weights":false,)"
                      R"("start_from_epoch":0})"),
            std::string::npos)
      << json;
  const lrlab::Settings with_baseline =
      lrlab::parse_settings(R"({"early_stopping": {"enabled": true, "baseline": 0.25}})");
  EXPECT_EQ(with_baseline.early_stopping.params.number("baseline"), 0.25);
  EXPECT_EQ(lrlab::settings_to_json(lrlab::parse_settings(lrlab::settings_to_json(with_baseline))),
            lrlab::settings_to_json(with_baseline));
  EXPECT_EQ(error_of([] {
              lrlab::parse_settings(R"({"problem": {"name": "spiral", "val_fraction": 0},
                                        "early_stopping": {"enabled": true}})");
            }),
            "early_stopping.monitor: \"val_loss\" is not allowed (needs a validation set: set "
            "problem.val_fraction > 0 or monitor \"loss\")");
  EXPECT_NE(error_of([] {
              lrlab::parse_settings(
                  R"({"problem": {"name": "sine"}, "early_stopping": {"enabled": true,
                      "monitor": "val_accuracy"}})");
            }).find("early_stopping.monitor: \"val_accuracy\""),
            std::string::npos);
  EXPECT_EQ(error_of([] { lrlab::parse_settings(R"({"early_stopping": {"patience": 2.5}})"); }),
            "early_stopping.patience: 2.5 is not allowed (must be an integer >= 0 and <= 100000)");
  EXPECT_EQ(error_of([] { lrlab::parse_settings(R"({"early_stopping": {"baseline": "none"}})"); }),
            "early_stopping.baseline: \"none\" is not allowed (must be a number or null)");
  EXPECT_NE(error_of([] {
              lrlab::parse_settings(R"({"early_stopping": {"restore": true}})");
            }).find("early_stopping.restore"),
            std::string::npos);
}
