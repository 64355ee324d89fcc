// Bad input through every door a student can reach (docs/spec-core.md#bad-input), beyond the
// per-field cases of settings_test.cpp: hostile and huge values, text where numbers belong, nulls,
// truncated and deeply nested JSON (as a broken or crafted URL delivers it), and the formula box at
// its limits. Each must end in an lrlab::Error with a short message naming the field, never in a
// crash, and a failed change must leave a running trainer exactly as it was.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/formula/formula.h"
#include "core/settings.h"
#include "core/trainer.h"

namespace {

// The message a person sees beside a control: it must name what is wrong and stay readable.
constexpr std::size_t kMaxMessage = 400;

std::string error_of(const std::string& json) {
  try {
    lrlab::parse_settings(json);
  } catch (const lrlab::Error& error) {
    return error.what();
  }
  return "accepted";
}

void expect_refused(const std::string& json, const std::string& fragment) {
  const std::string message = error_of(json);
  EXPECT_NE(message, "accepted") << json.substr(0, 200);
  EXPECT_NE(message.find(fragment), std::string::npos)
      << "\"" << message.substr(0, 300) << "\" lacks \"" << fragment << "\"";
  EXPECT_LE(message.size(), kMaxMessage) << message.substr(0, 300);
}

TEST(BadInput, HugeAndHostileNumbers) {
  expect_refused(R"({"seed": 1e300})", "seed: 1e300");
  expect_refused(R"({"seed": -Infinity})", "seed: -Infinity");
  expect_refused(R"({"epochs": 1e300})", "epochs: 1e300");
  expect_refused(R"({"epochs": -1})", "epochs: -1");
  expect_refused(R"({"batch_size": 1e20})", "batch_size: 1e20");
  expect_refused(R"({"batch_size": NaN})", "batch_size: NaN");
  expect_refused(R"({"problem": {"name": "moons", "samples": 1e12}})", "problem.samples: 1e12");
  expect_refused(R"({"problem": {"name": "moons", "noise": Infinity}})", "problem.noise");
  expect_refused(R"({"problem": {"name": "moons", "val_fraction": -0.5}})",
                 "problem.val_fraction: -0.5");
  expect_refused(R"({"model": {"hidden": [1e20]}})", "model.hidden[0]: 1e20");
  expect_refused(R"({"model": {"hidden": [-4]}})", "model.hidden[0]: -4");
  expect_refused(R"({"model": {"hidden": [NaN]}})", "model.hidden[0]");
  expect_refused(R"({"optimizer": {"name": "sgd", "learning_rate": 1.8e308}})",
                 "optimizer.learning_rate");
  expect_refused(R"({"optimizer": {"name": "sgd", "learning_rate": -Infinity}})",
                 "optimizer.learning_rate: -Infinity");
  expect_refused(R"({"optimizer": {"name": "sgd", "learning_rate": -0.0}})",
                 "optimizer.learning_rate");
  expect_refused(R"({"optimizer": {"name": "sgd", "momentum": -1}})", "optimizer.momentum: -1");
  expect_refused(R"({"optimizer": {"name": "adam", "epsilon": Infinity}})", "optimizer.epsilon");
  expect_refused(R"({"plateau": {"patience": 1e300}})", "plateau.patience");
  expect_refused(R"({"plateau": {"factor": NaN}})", "plateau.factor");
  expect_refused(R"({"plateau": {"min_lr": -1}})", "plateau.min_lr: -1");
  expect_refused(R"({"schedule": {"name": "step", "step_size": 0}})", "schedule.step_size: 0");
  expect_refused(R"({"schedule": {"name": "step", "gamma": 1e300}})", "schedule.gamma");
  expect_refused(R"({"schedule": {"name": "one_cycle", "total_steps": 1e300}})",
                 "schedule.total_steps");
  expect_refused(R"({"schedule": {"name": "multistep", "milestones": [1, NaN]}})",
                 "schedule.milestones");
}

TEST(BadInput, TextWhereNumbersBelongAndNulls) {
  expect_refused(R"({"batch_size": "32"})", "batch_size: \"32\"");
  expect_refused(R"({"epochs": "10"})", "epochs: \"10\"");
  expect_refused(R"({"problem": {"name": "moons", "samples": "300"}})", "problem.samples");
  expect_refused(R"({"problem": {"name": "moons", "noise": "0.1"}})", "problem.noise");
  expect_refused(R"({"model": {"hidden": "[16]"}})", "model.hidden");
  expect_refused(R"({"plateau": {"patience": "3"}})", "plateau.patience");
  expect_refused(R"({"optimizer": {"name": "sgd", "learning_rate": "1e-3"}})",
                 "optimizer.learning_rate");
  expect_refused(R"({"optimizer": {"name": "sgd", "learning_rate": true}})",
                 "optimizer.learning_rate: true");
  expect_refused(R"({"optimizer": {"name": "sgd", "learning_rate": [0.1]}})",
                 "optimizer.learning_rate: [0.1]");
  expect_refused(R"({"optimizer": {"name": "sgd", "learning_rate": {"value": 0.1}}})",
                 "optimizer.learning_rate");
  expect_refused(R"({"seed": null})", "seed: null");
  expect_refused(R"({"optimizer": null})", "optimizer");
  expect_refused(R"({"optimizer": {"name": null}})", "optimizer.name");
  expect_refused(R"({"optimizer": {"name": 3}})", "optimizer.name");
  expect_refused(R"({"optimizer": []})", "optimizer");
  expect_refused(R"({"schedule": "cosine"})", "schedule");
  expect_refused(R"({"model": {"hidden": null}})", "model.hidden");
  expect_refused(R"({"schedule": {"name": "formula", "expression": 0.01}})", "schedule.expression");
}

TEST(BadInput, BrokenTextAsAUrlDeliversIt) {
  const std::string full =
      R"({"problem": {"name": "moons", "samples": 300}, "optimizer": {"name": "adam", )"
      R"("learning_rate": 0.003}, "batch_size": 16})";
  // Every truncation of a valid text (a link cut short) is refused with a message, never a crash.
  for (std::size_t n = 0; n < full.size(); ++n) {
    const std::string message = error_of(full.substr(0, n));
    EXPECT_NE(message, "accepted") << n;
    EXPECT_LE(message.size(), kMaxMessage);
  }
  expect_refused("", "JSON syntax error");
  expect_refused("   ", "JSON syntax error");
  expect_refused("null", "must be a JSON object");
  expect_refused("\"spiral\"", "must be a JSON object");
  expect_refused("{\"seed\": 1}}", "JSON syntax error");
  expect_refused("{'seed': 1}", "JSON syntax error");
  expect_refused("{\"seed\": 0x10}", "JSON syntax error");
  expect_refused("{\"seed\": 1, /* comment */ \"epochs\": 2}", "JSON syntax error");
  expect_refused("{\"optimizer\": {\"name\": \"sgd\xff\"}}", "optimizer.name");
  expect_refused(std::string("{\"seed\": 1, \"epochs\": 2\0}", 25), "JSON syntax error");
}

// Regression (found here): RapidJSON recurses once per nesting level while parsing, writing and
// copying, so 100,000 '[' (a 200 KB link) overflowed the stack natively, and wasm's smaller stack
// with fewer. Deep text is now refused before parsing.
TEST(BadInput, DeepJsonNestingIsRefusedNotACrash) {
  for (const int depth : {40, 1000, 100000, 1000000}) {
    SCOPED_TRACE(depth);
    const std::string open(static_cast<std::size_t>(depth), '['),
        close(static_cast<std::size_t>(depth), ']');
    expect_refused("{\"seed\": " + open + close + "}", "nested too deeply");
    expect_refused("{\"model\": {\"hidden\": " + open + close + "}}", "nested too deeply");
    std::string objects;
    for (int i = 0; i < depth; ++i) objects += "{\"a\":";
    expect_refused(objects + "1" + std::string(static_cast<std::size_t>(depth), '}'),
                   "nested too deeply");
    EXPECT_THROW(lrlab::replace_section(lrlab::default_settings(), "model",
                                        "{\"hidden\": " + open + close + "}"),
                 lrlab::Error);
  }
  // Brackets inside strings do not count; ordinary nesting is untouched.
  expect_refused(R"({"optimizer": {"name": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}})",
                 "optimizer.name");
  EXPECT_EQ(lrlab::parse_settings(R"({"model": {"hidden": [8, 4]}})").model.hidden,
            (std::vector<int>{8, 4}));
}

// Regression (found here): a 10,000-character name came back whole in a 10,000-character message.
TEST(BadInput, LongTextStaysAShortMessage) {
  const std::string long_name(10000, 'x');
  expect_refused(R"({"optimizer": {"name": ")" + long_name + "\"}}", "optimizer.name");
  expect_refused(R"({"problem": {"name": ")" + long_name + "\"}}", "problem.name");
  expect_refused(R"({"model": {"activation": ")" + long_name + "\"}}", "model.activation");
  expect_refused("{\"" + long_name + "\": 1}", "unknown field");
  expect_refused(R"({"seed": ")" + long_name + "\"}", "seed");
}

TEST(BadInput, FormulaBoxAtItsLimits) {
  const auto schedule = [](const std::string& expression) {
    return R"({"schedule": {"name": "formula", "expression": ")" + expression + "\"}}";
  };
  // 10,000 characters: refused at once by length, with the count.
  std::string long_text = "0.01";
  while (long_text.size() < 10000) long_text += " + 0";
  expect_refused(schedule(long_text), "formula too long");
  const lrlab::FormulaCheck too_long = lrlab::check_formula(long_text);
  EXPECT_FALSE(too_long.ok);
  EXPECT_NE(too_long.message.find("at most 1000"), std::string::npos) << too_long.message;
  // Deep nesting of every kind that opens a level.
  for (const std::string& deep : {std::string(200, '(') + "1" + std::string(200, ')'),
                                  std::string(500, '-') + "1", std::string(500, '!') + "1",
                                  [] {
                                    std::string s;
                                    for (int i = 0; i < 100; ++i) s += "exp(";
                                    return s + "0" + std::string(100, ')');
                                  }(),
                                  [] {
                                    std::string s = "1";
                                    for (int i = 0; i < 300; ++i) s += "^1";
                                    return s;
                                  }(),
                                  [] {
                                    std::string s;
                                    for (int i = 0; i < 200; ++i) s += "1 ? ";
                                    return s;
                                  }()}) {
    SCOPED_TRACE(deep.substr(0, 40));
    expect_refused(schedule(deep), "nested too deeply");
    const lrlab::FormulaCheck check = lrlab::check_formula(deep);
    EXPECT_FALSE(check.ok);
    EXPECT_GT(check.position, 0);
  }
  // Unknown names say what is allowed.
  expect_refused(schedule("0.1 * decay(epoch)"), "unknown function 'decay'");
  expect_refused(schedule("rate * 0.5"), "unknown variable 'rate'");
  expect_refused(schedule("Math.exp(1)"), "position");
  expect_refused(schedule("alert(1)"), "unknown function 'alert'");
}

// The previous run stays untouched when the formula box (or any setter) is refused.
TEST(BadInput, RefusedChangesLeaveTheRunAsItWas) {
  lrlab::Trainer trainer(lrlab::parse_settings(
      R"({"problem": {"name": "xor", "samples": 64}, "model": {"hidden": [4]},
          "optimizer": {"name": "sgd", "learning_rate": 0.2}, "epochs": 10})"));
  trainer.run(2);
  const std::vector<double> losses = trainer.history().train_loss;
  const Eigen::VectorXd weights = trainer.parameters();
  const std::string settings = lrlab::settings_to_json(trainer.settings());

  std::string long_text = "1";
  while (long_text.size() < 10000) long_text += "+1";
  for (const std::string& expression :
       {std::string(300, '(') + "0.1" + std::string(300, ')'), long_text,
        std::string("0.1 * foo(epoch)"), std::string("epoch <")}) {
    // The page's path (bindings setSchedule): the section through the door, then the setter.
    EXPECT_THROW(
        trainer.set_schedule(
            lrlab::replace_section(trainer.settings(), "schedule",
                                   R"({"name": "formula", "expression": ")" + expression + "\"}")
                .schedule),
        lrlab::Error)
        << expression.substr(0, 40);
  }
  EXPECT_THROW(trainer.set_schedule(lrlab::replace_section(trainer.settings(), "schedule",
                                                           "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                                                           "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")
                                        .schedule),
               lrlab::Error);
  EXPECT_THROW(trainer.set_learning_rate(std::numeric_limits<double>::quiet_NaN()), lrlab::Error);
  EXPECT_THROW(trainer.set_learning_rate(-1), lrlab::Error);
  // Regression (found here): the setter accepted 1e300, which the settings door refuses (> 1e6).
  EXPECT_THROW(trainer.set_learning_rate(1e300), lrlab::Error);
  EXPECT_THROW(trainer.set_learning_rate(2e6), lrlab::Error);

  EXPECT_EQ(trainer.history().train_loss, losses);
  EXPECT_EQ(trainer.parameters(), weights);
  EXPECT_EQ(lrlab::settings_to_json(trainer.settings()), settings);
  EXPECT_EQ(trainer.current_learning_rate(), 0.2);
  EXPECT_TRUE(trainer.epoch());
  EXPECT_EQ(trainer.epoch_index(), 3);
}

}  // namespace
