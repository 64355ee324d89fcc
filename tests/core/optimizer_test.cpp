// docs/spec-optimizers.md#worked-numbers, the registry's contents and the validation messages.
#include "core/optim/optimizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/optim/make_optimizer.h"

namespace {

using lrlab::ParamValues;

ParamValues with(std::vector<std::pair<std::string, double>> numbers) {
  ParamValues values;
  for (const auto& [key, value] : numbers) values.numbers[key] = value;
  return values;
}

struct WorkedRow {
  std::string label;
  std::string name;
  ParamValues values;
  double w1, w2, w3;
};

// f(w) = 0.5 w^2, so g = w; w0 = 1, lr = 0.1, everything else at its default
// (docs/spec-optimizers.md).
TEST(OptimizerWorkedNumbers, EveryRowOfTheSpecTable) {
  const std::vector<WorkedRow> rows = {
      {"SGD", "sgd", {}, 0.9, 0.81, 0.729},
      {"SGD momentum 0.9", "sgd", with({{"momentum", 0.9}}), 0.9, 0.72, 0.486},
      {"SGD momentum 0.9, Nesterov", "sgd", with({{"momentum", 0.9}, {"nesterov", 1}}), 0.81,
       0.5751, 0.327321},
      {"Adagrad", "adagrad", {}, 0.9046537454, 0.8393387392, 0.7875127746},
      {"Adadelta", "adadelta", {}, 0.9998585788, 0.9997153658, 0.9995709477},
      {"RMSprop", "rmsprop", {}, 0.6837723921, 0.4988708045, 0.3691807604},
      {"RMSprop centered", "rmsprop", with({{"centered", 1}}), 0.6666668519, 0.4655679123,
       0.3235696526},
      {"RMSprop momentum 0.9", "rmsprop", with({{"momentum", 0.9}}), 0.6837723921, 0.2142659574,
       -0.2682563139},
      {"Adam", "adam", {}, 0.9000003162, 0.8004127762, 0.7015870149},
      {"AdamW", "adamw", {}, 0.8996003162, 0.7996552512, 0.7005162675},
      {"Nadam", "nadam", {}, 0.8937212303, 0.8202450474, 0.7546742940},
      {"Adamax", "adamax", {}, 0.9000000100, 0.8051683452, 0.7154994990},
      {"Lion", "lion", {}, 0.9, 0.8, 0.7},
      {"FTRL", "ftrl", {}, 0.6031423965, 0.5532904820, 0.5117015783},
      {"LAMB", "lamb", {}, 0.9, 0.81, 0.729},
      {"Adafactor", "adafactor", {}, 0.9, 0.8141822823, 0.7398922481},
      {"Muon", "muon", {}, 0.8996003162, 0.7996552512, 0.7005162675},
      {"Schedule-free AdamW", "schedule_free_adamw", {}, 0.9000000010, 0.8479653905, 0.7968300773},
      {"Schedule-free SGD", "schedule_free_sgd", {}, 0.9, 0.8505, 0.80298},
  };
  for (const WorkedRow& row : rows) {
    SCOPED_TRACE(row.label);
    auto optimizer = lrlab::make_optimizer(row.name, row.values);
    optimizer->reset(1);
    Eigen::VectorXd w(1);
    w << 1.0;
    const double expected[3] = {row.w1, row.w2, row.w3};
    for (int step = 0; step < 3; ++step) {
      const Eigen::VectorXd g = w;
      optimizer->update(w, g, 0.1);
      EXPECT_EQ(optimizer->updates(), step + 1);
      EXPECT_NEAR(w[0], expected[step], 1e-9) << "after update " << step + 1;
    }
  }
}

TEST(OptimizerRegistry, ListsEveryOptimizerInPageOrderWithKerasDefaults) {
  const std::vector<std::string> names = {"sgd",
                                          "adagrad",
                                          "adadelta",
                                          "rmsprop",
                                          "adam",
                                          "adamw",
                                          "nadam",
                                          "adamax",
                                          "lion",
                                          "ftrl",
                                          "lamb",
                                          "adafactor",
                                          "muon",
                                          "schedule_free_adamw",
                                          "schedule_free_sgd"};
  const std::vector<double> rates = {0.01,  0.001, 0.001, 0.001, 0.001, 0.001,  0.001, 0.001,
                                     0.001, 0.001, 0.001, 0.001, 0.001, 0.0025, 0.0025};
  const auto& registry = lrlab::optimizer_registry();
  ASSERT_EQ(registry.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    const lrlab::OptimizerInfo& info = registry[i];
    SCOPED_TRACE(info.name);
    EXPECT_EQ(info.name, names[i]);
    EXPECT_DOUBLE_EQ(info.default_learning_rate, rates[i]);
    EXPECT_FALSE(info.label.empty());
    ASSERT_FALSE(info.summary.empty());
    EXPECT_EQ(info.summary.back(), '.');
    ASSERT_NE(info.make, nullptr);
    EXPECT_EQ(&lrlab::find_optimizer(info.name), &info);
    for (const lrlab::ParamSpec& spec : info.params) {
      SCOPED_TRACE(spec.name);
      EXPECT_FALSE(spec.meaning.empty());
      EXPECT_NO_THROW(lrlab::check_number(spec, spec.default_value, "optimizer." + spec.name));
    }
  }
}

// The defaults are docs/spec-optimizers.md's (Keras 3's); keys are Keras' argument names.
TEST(OptimizerRegistry, ParameterKeysAndDefaults) {
  const std::vector<std::pair<std::string, std::vector<std::pair<std::string, double>>>> expected =
      {
          {"sgd", {{"momentum", 0}, {"nesterov", 0}}},
          {"adagrad", {{"initial_accumulator_value", 0.1}, {"epsilon", 1e-7}}},
          {"adadelta", {{"rho", 0.95}, {"epsilon", 1e-7}}},
          {"rmsprop", {{"rho", 0.9}, {"momentum", 0}, {"epsilon", 1e-7}, {"centered", 0}}},
          {"adam", {{"beta_1", 0.9}, {"beta_2", 0.999}, {"epsilon", 1e-7}, {"amsgrad", 0}}},
          {"adamw",
           {{"weight_decay", 0.004},
            {"beta_1", 0.9},
            {"beta_2", 0.999},
            {"epsilon", 1e-7},
            {"amsgrad", 0}}},
          {"nadam", {{"beta_1", 0.9}, {"beta_2", 0.999}, {"epsilon", 1e-7}}},
          {"adamax", {{"beta_1", 0.9}, {"beta_2", 0.999}, {"epsilon", 1e-7}}},
          {"lion", {{"beta_1", 0.9}, {"beta_2", 0.99}, {"weight_decay", 0}}},
          {"ftrl",
           {{"learning_rate_power", -0.5},
            {"initial_accumulator_value", 0.1},
            {"l1_regularization_strength", 0},
            {"l2_regularization_strength", 0},
            {"l2_shrinkage_regularization_strength", 0},
            {"beta", 0}}},
          {"lamb", {{"beta_1", 0.9}, {"beta_2", 0.999}, {"epsilon", 1e-7}, {"weight_decay", 0}}},
          {"adafactor",
           {{"beta_2_decay", -0.8},
            {"epsilon_1", 1e-30},
            {"epsilon_2", 1e-3},
            {"clip_threshold", 1},
            {"weight_decay", 0}}},
          {"muon",
           {{"adam_beta_1", 0.9},
            {"adam_beta_2", 0.999},
            {"adam_weight_decay", 0.004},
            {"epsilon", 1e-7},
            {"weight_decay", 0.004},
            {"muon_a", 3.4445},
            {"muon_b", -4.775},
            {"muon_c", 2.0315},
            {"adam_lr_ratio", 1},
            {"momentum", 0.95},
            {"ns_steps", 5},
            {"nesterov", 1},
            {"rms_rate", 0.2}}},
          {"schedule_free_adamw",
           {{"beta_1", 0.9},
            {"beta_2", 0.999},
            {"epsilon", 1e-8},
            {"warmup_steps", 0},
            {"weight_decay", 0}}},
          {"schedule_free_sgd", {{"beta_1", 0.9}, {"warmup_steps", 0}, {"weight_decay", 0}}},
      };
  for (const auto& [name, params] : expected) {
    SCOPED_TRACE(name);
    const lrlab::OptimizerInfo& info = lrlab::find_optimizer(name);
    ASSERT_EQ(info.params.size(), params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      EXPECT_EQ(info.params[i].name, params[i].first);
      EXPECT_DOUBLE_EQ(info.params[i].default_value, params[i].second);
    }
    const ParamValues filled = lrlab::validate_optimizer_params(info, {});
    EXPECT_EQ(filled.numbers.size(), params.size());
  }
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const lrlab::Error& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(OptimizerValidation, UnknownNameListsTheKnownOnes) {
  EXPECT_EQ(error_of([] { lrlab::find_optimizer("adamm"); }),
            "optimizer.name: \"adamm\" is not allowed (must be one of sgd, adagrad, adadelta, "
            "rmsprop, adam, adamw, nadam, adamax, lion, ftrl, lamb, adafactor, muon, "
            "schedule_free_adamw, schedule_free_sgd)");
  EXPECT_EQ(error_of([] { lrlab::make_optimizer(""); }).rfind("optimizer.name: \"\" is not", 0),
            0u);
}

TEST(OptimizerValidation, LearningRateMustBeFiniteAndPositive) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(error_of([] { lrlab::check_learning_rate(0); }),
            "optimizer.learning_rate: 0 is not allowed "
            "(must be a finite number > 0 and <= 1e6)");
  EXPECT_EQ(error_of([] { lrlab::check_learning_rate(-0.1); }),
            "optimizer.learning_rate: -0.1 is not allowed "
            "(must be a finite number > 0 and <= 1e6)");
  EXPECT_EQ(error_of([] { lrlab::check_learning_rate(std::nan("")); }),
            "optimizer.learning_rate: NaN is not allowed "
            "(must be a finite number > 0 and <= 1e6)");
  EXPECT_EQ(error_of([inf] { lrlab::check_learning_rate(inf); }),
            "optimizer.learning_rate: Infinity is not allowed "
            "(must be a finite number > 0 and <= 1e6)");
  // The settings door's upper bound too, so a setter cannot take what a link would refuse.
  EXPECT_EQ(error_of([] { lrlab::check_learning_rate(1e300); }),
            "optimizer.learning_rate: 1e300 is not allowed (must be a finite number > 0 and <= "
            "1e6)");
  EXPECT_NO_THROW(lrlab::check_learning_rate(1e6));
  EXPECT_NO_THROW(lrlab::check_learning_rate(1e-12));
  EXPECT_NO_THROW(lrlab::check_learning_rate(10));
}

struct BadValue {
  std::string optimizer;
  std::string key;
  double value;
  std::string expected_prefix;  // "optimizer.<key>: <value> is not allowed (must be ..."
};

TEST(OptimizerValidation, EachOutOfRangeValueNamesItsField) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<BadValue> cases = {
      {"adadelta", "rho", 1,
       "optimizer.rho: 1 is not allowed (must be a finite number >= 0 and < 1"},
      {"rmsprop", "rho", -0.1,
       "optimizer.rho: -0.1 is not allowed (must be a finite number >= 0 and < 1"},
      {"rmsprop", "rho", 1.5, "optimizer.rho: 1.5 is not allowed (must be"},
      {"adam", "beta_1", 1,
       "optimizer.beta_1: 1 is not allowed (must be a finite number >= 0 and < 1"},
      {"adam", "beta_2", 1, "optimizer.beta_2: 1 is not allowed (must be"},
      {"nadam", "beta_2", 1.01, "optimizer.beta_2: 1.01 is not allowed (must be"},
      {"adamax", "beta_1", -1e-3, "optimizer.beta_1: -0.001 is not allowed (must be"},
      {"adam", "epsilon", 0, "optimizer.epsilon: 0 is not allowed (must be a finite number > 0"},
      {"adagrad", "epsilon", -1e-7, "optimizer.epsilon: -1e-7 is not allowed (must be"},
      {"rmsprop", "epsilon", inf, "optimizer.epsilon: Infinity is not allowed (must be"},
      {"sgd", "momentum", 1, "optimizer.momentum: 1 is not allowed (must be a finite number >= 0"},
      {"sgd", "momentum", -0.5, "optimizer.momentum: -0.5 is not allowed (must be"},
      {"rmsprop", "momentum", std::nan(""), "optimizer.momentum: NaN is not allowed (must be"},
      {"adamw", "weight_decay", -0.01, "optimizer.weight_decay: -0.01 is not allowed (must be"},
      {"adagrad", "initial_accumulator_value", -1,
       "optimizer.initial_accumulator_value: -1 is not allowed (must be"},
      {"sgd", "nesterov", 2, "optimizer.nesterov: 2 is not allowed (must be true or false)"},
      {"adam", "amsgrad", 0.5, "optimizer.amsgrad: 0.5 is not allowed (must be true or false)"},
  };
  for (const BadValue& bad : cases) {
    SCOPED_TRACE(bad.optimizer + "." + bad.key);
    const std::string message = error_of([&] {
      lrlab::make_optimizer(bad.optimizer, with({{bad.key, bad.value}}));
    });
    EXPECT_EQ(message.rfind(bad.expected_prefix, 0), 0u) << message;
  }
}

TEST(OptimizerValidation, AKeyTheOptimizerDoesNotHaveIsRejected) {
  EXPECT_EQ(error_of([] {
              lrlab::make_optimizer("adam", with({{"momentum", 0.9}}));
            }),
            "optimizer.momentum: 0.9 is not allowed (adam has no parameter \"momentum\"; its "
            "parameters are beta_1, beta_2, epsilon, amsgrad)");
  ParamValues text;
  text.texts["rho"] = "high";
  EXPECT_EQ(error_of([&] {
              lrlab::make_optimizer("rmsprop", text);
            }).rfind("optimizer.rho: \"high\" is not allowed (rmsprop has no parameter", 0),
            0u);
}

TEST(OptimizerValidation, RangeEndsThatAreAllowed) {
  EXPECT_NO_THROW(lrlab::make_optimizer("adadelta", with({{"rho", 0}})));
  EXPECT_NO_THROW(lrlab::make_optimizer("adam", with({{"beta_1", 0}, {"beta_2", 0.999999}})));
  EXPECT_NO_THROW(lrlab::make_optimizer("adagrad", with({{"initial_accumulator_value", 0}})));
  EXPECT_NO_THROW(lrlab::make_optimizer("adamw", with({{"weight_decay", 0}})));
  EXPECT_NO_THROW(lrlab::make_optimizer("sgd", with({{"momentum", 0.99}, {"nesterov", 1}})));
  EXPECT_NO_THROW(lrlab::make_optimizer("rmsprop", with({{"epsilon", 1e-300}})));
}

TEST(OptimizerValidation, GivenValuesOverrideDefaultsAndTheRestAreFilled) {
  const lrlab::OptimizerInfo& info = lrlab::find_optimizer("rmsprop");
  const ParamValues values =
      lrlab::validate_optimizer_params(info, with({{"rho", 0.5}, {"centered", 1}}));
  EXPECT_EQ(values.number("rho"), 0.5);
  EXPECT_TRUE(values.flag("centered"));
  EXPECT_EQ(values.number("momentum"), 0);
  EXPECT_EQ(values.number("epsilon"), 1e-7);
}

}  // namespace
