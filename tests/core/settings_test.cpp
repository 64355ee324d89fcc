// The one door: every field's error through the JSON form, and the canonical round trip.
#include "core/settings.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"

namespace {

// Expects parse_settings(json) to fail with a message containing every fragment.
void expect_error(const std::string& json, std::initializer_list<const char*> fragments) {
  try {
    lrlab::parse_settings(json);
    ADD_FAILURE() << "accepted: " << json;
  } catch (const lrlab::Error& error) {
    const std::string message = error.what();
    for (const char* fragment : fragments)
      EXPECT_NE(message.find(fragment), std::string::npos)
          << "message \"" << message << "\" lacks \"" << fragment << "\" for " << json;
  }
}

TEST(Settings, EmptyObjectGivesTheDefaults) {
  const lrlab::Settings s = lrlab::parse_settings("{}");
  EXPECT_EQ(s.problem.name, "spiral");
  EXPECT_EQ(s.optimizer.name, "sgd");
  EXPECT_EQ(s.schedule.name, "constant");
  EXPECT_FALSE(s.plateau.enabled);
  EXPECT_EQ(s.optimizer.params.number("momentum"), 0.0);  // Keras default
  EXPECT_EQ(s.plateau.params.number("factor"), 0.1);
  EXPECT_EQ(s.plateau.params.number("patience"), 10);
}

TEST(Settings, CanonicalJsonRoundTripsExactly) {
  const std::string json =
      R"({"seed": 7, "problem": {"name": "moons", "samples": 300, "noise": 0.15},
          "model": {"hidden": [8, 4], "activation": "relu"},
          "optimizer": {"name": "adam", "learning_rate": 0.003, "amsgrad": true},
          "schedule": {"name": "multistep", "milestones": [5, 9], "gamma": 0.5},
          "plateau": {"enabled": true, "patience": 3, "factor": 0.2, "min_lr": 0.001},
          "batch_size": 16, "epochs": 12})";
  const lrlab::Settings s = lrlab::parse_settings(json);
  const std::string canonical = lrlab::settings_to_json(s);
  EXPECT_EQ(lrlab::settings_to_json(lrlab::parse_settings(canonical)), canonical);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.problem.samples, 300);
  EXPECT_EQ(s.model.hidden, (std::vector<int>{8, 4}));
  EXPECT_EQ(s.optimizer.learning_rate, 0.003);
  EXPECT_TRUE(s.optimizer.params.flag("amsgrad"));
  EXPECT_EQ(s.schedule.params.list("milestones"), (std::vector<double>{5, 9}));
  EXPECT_EQ(s.plateau.params.number("min_lr"), 0.001);
  EXPECT_EQ(s.batch_size, 16);
  // An awkward double survives the text form bit for bit.
  const lrlab::Settings t = lrlab::parse_settings(
      R"({"optimizer": {"name": "sgd", "learning_rate": 0.1234567890123456789}})");
  EXPECT_EQ(lrlab::parse_settings(lrlab::settings_to_json(t)).optimizer.learning_rate,
            t.optimizer.learning_rate);
}

TEST(Settings, SyntaxErrorsAndNonObjects) {
  expect_error("{\"seed\": 1,", {"JSON syntax error", "offset"});
  expect_error("[1, 2]", {"settings", "must be a JSON object"});
}

TEST(Settings, MissingRequiredNames) {
  expect_error(R"({"problem": {"samples": 100}})", {"problem.name", "missing"});
  expect_error(R"({"optimizer": {"learning_rate": 0.1}})", {"optimizer.name", "missing"});
  expect_error(R"({"schedule": {"gamma": 0.5}})", {"schedule.name", "missing"});
}

TEST(Settings, UnknownNames) {
  expect_error(R"({"schedule": {"name": "step", "granularity": "batch"}})",
               {"schedule.granularity", "batch", "epoch"});
  expect_error(R"({"problem": {"name": "donut"}})", {"problem.name", "donut", "spiral"});
  expect_error(R"({"optimizer": {"name": "adamw2"}})", {"optimizer.name", "adamw2"});
  expect_error(R"({"schedule": {"name": "wiggly"}})", {"schedule.name", "wiggly"});
  expect_error(R"({"model": {"activation": "swish"}})", {"model.activation", "swish", "tanh"});
  expect_error(R"({"model": {"init": "zeros"}})", {"model.init", "zeros"});
  expect_error(R"({"model": {"loss": "hinge"}})", {"model.loss", "hinge"});
  expect_error(R"({"plateau": {"monitor": "val_auc"}})", {"plateau.monitor", "val_auc"});
}

TEST(Settings, UnknownFieldsAreRejectedWithTheAllowedOnes) {
  expect_error(R"({"learning_rate": 0.1})", {"learning_rate", "unknown field", "optimizer"});
  expect_error(R"({"optimizer": {"name": "sgd", "learnig_rate": 0.1}})",
               {"optimizer.learnig_rate", "unknown field", "learning_rate"});
  expect_error(R"({"optimizer": {"name": "sgd", "beta_1": 0.9}})", {"optimizer.beta_1", "unknown"});
}

TEST(Settings, WrongTypes) {
  expect_error(R"({"seed": "one"})", {"seed", "\"one\""});
  expect_error(R"({"optimizer": {"name": "sgd", "learning_rate": "fast"}})",
               {"optimizer.learning_rate", "fast", "number"});
  expect_error(R"({"optimizer": {"name": "sgd", "nesterov": 1}})",
               {"optimizer.nesterov", "true or false"});
  expect_error(R"({"model": {"hidden": 16}})", {"model.hidden", "list"});
  expect_error(R"({"model": {"hidden": [16, "x"]}})", {"model.hidden[1]", "number"});
  expect_error(R"({"problem": "spiral"})", {"problem", "object"});
  expect_error(R"({"plateau": {"enabled": "yes"}})", {"plateau.enabled", "true or false"});
}

TEST(Settings, OutOfRangeValues) {
  expect_error(R"({"optimizer": {"name": "sgd", "learning_rate": -1}})",
               {"optimizer.learning_rate", "-1", "> 0"});
  expect_error(R"({"optimizer": {"name": "sgd", "learning_rate": 0}})",
               {"optimizer.learning_rate", "0"});
  expect_error(R"({"optimizer": {"name": "sgd", "learning_rate": 1e9}})",
               {"optimizer.learning_rate", "1e9"});
  expect_error(R"({"optimizer": {"name": "sgd", "learning_rate": NaN}})",
               {"optimizer.learning_rate", "NaN", "finite"});
  expect_error(R"({"optimizer": {"name": "sgd", "learning_rate": Infinity}})",
               {"optimizer.learning_rate", "Infinity"});
  expect_error(R"({"batch_size": 0})", {"batch_size", "0", ">= 1"});
  expect_error(R"({"batch_size": 2.5})", {"batch_size", "2.5", "integer"});
  expect_error(R"({"epochs": 0})", {"epochs", ">= 1"});
  expect_error(R"({"seed": -3})", {"seed", "-3"});
  expect_error(R"({"model": {"hidden": [16, 0]}})", {"model.hidden[1]", "0", "<= 64"});
  expect_error(R"({"model": {"hidden": [65]}})", {"model.hidden[0]", "65"});
  expect_error(R"({"model": {"hidden": [4, 4, 4, 4, 4]}})", {"model.hidden", "0 to 4"});
  expect_error(R"({"problem": {"name": "spiral", "samples": 3}})", {"problem.samples", "3"});
  expect_error(R"({"problem": {"name": "spiral", "noise": -0.1}})", {"problem.noise", "-0.1"});
  expect_error(R"({"problem": {"name": "spiral", "val_fraction": 0.9}})",
               {"problem.val_fraction", "0.9"});
  expect_error(R"({"optimizer": {"name": "rmsprop", "rho": 1}})", {"optimizer.rho", "1"});
  expect_error(R"({"optimizer": {"name": "adam", "beta_1": 1.5}})", {"optimizer.beta_1", "1.5"});
  expect_error(R"({"optimizer": {"name": "adam", "epsilon": 0}})", {"optimizer.epsilon", "0"});
  expect_error(R"({"plateau": {"factor": 1}})", {"plateau.factor", "1"});
  expect_error(R"({"plateau": {"patience": -1}})", {"plateau.patience", "-1"});
  expect_error(R"({"schedule": {"name": "multistep", "milestones": [9, 5]}})",
               {"schedule.milestones"});
}

TEST(Settings, MalformedFormulaNamesThePosition) {
  expect_error(R"({"schedule": {"name": "formula", "expression": "0.01 * (1 + epoch"}})",
               {"schedule.expression", "position"});
}

TEST(Settings, CrossFieldRules) {
  expect_error(R"({"problem": {"name": "spiral", "val_fraction": 0},
                   "plateau": {"enabled": true, "monitor": "val_loss"}})",
               {"plateau.monitor", "validation"});
  expect_error(
      R"({"problem": {"name": "sine"}, "plateau": {"enabled": true, "monitor": "accuracy"}})",
      {"plateau.monitor", "regression"});
}

TEST(Settings, ReplaceSectionValidatesTheWhole) {
  const lrlab::Settings s =
      lrlab::parse_settings(R"({"problem": {"name": "spiral", "val_fraction": 0}})");
  const lrlab::Settings t =
      lrlab::replace_section(s, "optimizer", R"({"name": "adam", "learning_rate": 0.01})");
  EXPECT_EQ(t.optimizer.name, "adam");
  EXPECT_EQ(t.problem.val_fraction, 0);
  EXPECT_THROW(lrlab::replace_section(s, "plateau", R"({"enabled": true})"), lrlab::Error);
  EXPECT_THROW(lrlab::replace_section(s, "optimizer", R"({"name": "adam", )"), lrlab::Error);
}

}  // namespace
