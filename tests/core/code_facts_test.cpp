// What the registries say for the code export (core/python/listing.h): where each schedule's
// rate comes from, the Python literals and the formula's Python spelling (expected texts written
// here by hand from the language's rules, docs/semantics.md and core/formula/formula.h), and that
// every registry entry carries its spellings.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "core/formula/python.h"
#include "core/optim/optimizer.h"
#include "core/python/listing.h"
#include "core/python/literal.h"
#include "core/schedule/schedule.h"
#include "core/settings.h"

namespace {

using lrlab::RateSource;

lrlab::ScheduleSettings schedule(const std::string& json) {
  return lrlab::parse_settings("{\"schedule\": " + json + "}").schedule;
}

TEST(PythonLiteral, NumbersReadAsJavaScriptWritesThem) {
  using lrlab::python::js_number;
  EXPECT_EQ(js_number(0.001), "0.001");
  EXPECT_EQ(js_number(0.000001), "0.000001");
  EXPECT_EQ(js_number(1e-7), "1e-7");
  EXPECT_EQ(js_number(1.5e-21), "1.5e-21");
  EXPECT_EQ(js_number(123e-20), "1.23e-18");
  EXPECT_EQ(js_number(100), "100");
  EXPECT_EQ(js_number(12345678901234567.0), "12345678901234568");
  EXPECT_EQ(js_number(1e21), "1e+21");
  EXPECT_EQ(js_number(1.5e300), "1.5e+300");
  EXPECT_EQ(js_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(js_number(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(js_number(-2.5), "-2.5");
  EXPECT_EQ(js_number(-0.0), "0");
  EXPECT_EQ(js_number(5e-324), "5e-324");
}

TEST(PythonLiteral, FloatsKeepAPointIntsDoNot) {
  using namespace lrlab::python;
  EXPECT_EQ(float_literal(3), "3.0");
  EXPECT_EQ(float_literal(0.5), "0.5");
  EXPECT_EQ(float_literal(1e15), "1000000000000000");  // no ".0" from 1e15 on, as the page writes
  EXPECT_EQ(int_literal(10), "10");
  EXPECT_EQ(bool_literal(true), "True");
  EXPECT_EQ(float_tuple({2, 0.5}), "(2.0, 0.5)");
  EXPECT_EQ(float_tuple({7}), "(7.0,)");
  EXPECT_EQ(joined({3, 9, 30}, true), "3, 9, 30");
}

TEST(FormulaPython, MakesTheCoresPrecedenceExplicit) {
  const lrlab::formula::PythonNames names{"E", "S", "LR", "LR0"};
  auto py = [&](const std::string& text) { return lrlab::formula::to_python(text, names); };
  EXPECT_EQ(py("-2^2"), "(-(2.0 ** 2.0))");
  EXPECT_EQ(py("2^3^2"), "(2.0 ** (3.0 ** 2.0))");
  EXPECT_EQ(py("2^-1"), "(2.0 ** (-1.0))");
  EXPECT_EQ(py("1 - 2 - 3"), "((1.0 - 2.0) - 3.0)");
  EXPECT_EQ(py("(lr0) * +epoch / step"), "((LR0 * E) / S)");
  EXPECT_EQ(py("epoch < 5 ? 0.01 : lr"), "(0.01 if (float(E < 5.0) != 0) else LR)");
}

TEST(FormulaPython, LogicGivesOneOrZero) {
  const lrlab::formula::PythonNames names{"E", "S", "LR", "LR0"};
  auto py = [&](const std::string& text) { return lrlab::formula::to_python(text, names); };
  EXPECT_EQ(py("!epoch"), "float(E == 0)");
  EXPECT_EQ(py("epoch && step"), "float((E != 0) and (S != 0))");
  EXPECT_EQ(py("epoch || step && 1"), "float((E != 0) or (float((S != 0) and (1.0 != 0)) != 0))");
  EXPECT_EQ(py("epoch != 2 == 1"), "float(float(E != 2.0) == 1.0)");
  EXPECT_EQ(py("epoch ? step ? 1 : 2 : 3"), "((1.0 if (S != 0) else 2.0) if (E != 0) else 3.0)");
}

TEST(FormulaPython, FunctionsAndPi) {
  const lrlab::formula::PythonNames names{"E", "S", "LR", "LR0"};
  EXPECT_EQ(lrlab::formula::to_python("max(exp(-epoch), pi) + floor(1e-3)", names),
            "(max(math.exp((-E)), math.pi) + math.floor(0.001))");
  EXPECT_EQ(lrlab::formula::to_python("pow(2, .5) * sqrt(abs(sin(cos(log(ceil(2))))))", names),
            "(math.pow(2.0, 0.5) * math.sqrt(abs(math.sin(math.cos(math.log(math.ceil(2.0)))))))");
}

TEST(RateSource, EachScheduleSaysWhereItsRateComesFrom) {
  const std::pair<const char*, RateSource> expected[] = {
      {"constant", RateSource::ReadsLr},     {"tutorial", RateSource::Absolute},
      {"step", RateSource::Scaled},          {"multistep", RateSource::Scaled},
      {"exponential", RateSource::Scaled},   {"inverse_time", RateSource::Scaled},
      {"polynomial", RateSource::Scaled},    {"piecewise", RateSource::Absolute},
      {"cosine", RateSource::Scaled},        {"cosine_restarts", RateSource::Scaled},
      {"cyclic", RateSource::Scaled},        {"one_cycle", RateSource::Scaled},
      {"linear_warmup", RateSource::Scaled}, {"constant_lr", RateSource::Scaled},
      {"linear_lr", RateSource::Scaled},     {"wsd", RateSource::Scaled},
      {"sequential", RateSource::Scaled},    {"chained", RateSource::Scaled},
  };
  for (const auto& [name, source] : expected)
    EXPECT_EQ(lrlab::schedule_rate_source(schedule(std::string("{\"name\": \"") + name + "\"}")),
              source)
        << name;
}

TEST(RateSource, AFormulaIsDecidedByTheVariablesItReads) {
  auto source = [](const std::string& expression) {
    return lrlab::schedule_rate_source(
        schedule("{\"name\": \"formula\", \"expression\": \"" + expression + "\"}"));
  };
  EXPECT_EQ(source("0.01 * 0.9^epoch"), RateSource::Absolute);
  EXPECT_EQ(source("lr0 * 0.9^epoch"), RateSource::Scaled);
  EXPECT_EQ(source("lr * 0.99"), RateSource::ReadsLr);
  EXPECT_EQ(source("epoch < 3 ? lr0 : lr * 0.5"), RateSource::ReadsLr);
  // A variable in a branch that never runs still counts: the source is read from the text.
  EXPECT_EQ(source("1 ? 0.01 : lr0"), RateSource::Scaled);
}

TEST(CodeFacts, EveryRegistryEntryCarriesItsSpellings) {
  for (const lrlab::OptimizerInfo& info : lrlab::optimizer_registry()) {
    const lrlab::OptimizerSettings settings =
        lrlab::parse_settings("{\"optimizer\": {\"name\": \"" + info.name + "\"}}").optimizer;
    const lrlab::OptimizerCode code = lrlab::optimizer_code(settings, "LR0");
    EXPECT_TRUE(code.keras.exists) << info.name;
    EXPECT_TRUE(code.pytorch.exists) << info.name;
    // The run's rate comes first in both, under each framework's own name.
    ASSERT_FALSE(code.keras.arguments.empty()) << info.name;
    EXPECT_EQ(code.keras.arguments.front(), "learning_rate=LR0") << info.name;
    ASSERT_GE(code.pytorch.arguments.size(), 2u) << info.name;
    EXPECT_EQ(code.pytorch.arguments[1], "lr=LR0") << info.name;
  }
  for (const lrlab::ScheduleInfo& info : lrlab::schedule_registry()) {
    EXPECT_NE(info.rate_source, nullptr) << info.name;
    EXPECT_NE(info.python_body, nullptr) << info.name;
    const lrlab::ScheduleCode code =
        lrlab::schedule_code(schedule("{\"name\": \"" + info.name + "\"}"), {});
    EXPECT_FALSE(code.body.empty()) << info.name;
  }
}

TEST(CodeFacts, SpellingsFillInTheRunsValuesAndTheirConditions) {
  const lrlab::OptimizerSettings sgd =
      lrlab::parse_settings("{\"optimizer\": {\"name\": \"sgd\", \"momentum\": 0.9}}").optimizer;
  const lrlab::OptimizerCode code = lrlab::optimizer_code(sgd, "RATE");
  EXPECT_EQ(code.keras.call, "keras.optimizers.SGD");
  EXPECT_EQ(code.keras.arguments,
            (std::vector<std::string>{"learning_rate=RATE", "momentum=0.9", "nesterov=False"}));
  EXPECT_EQ(code.pytorch.notes.size(), 2u) << "the momentum departure, only with momentum";
  const lrlab::OptimizerSettings plain =
      lrlab::parse_settings("{\"optimizer\": {\"name\": \"sgd\"}}").optimizer;
  EXPECT_TRUE(lrlab::optimizer_code(plain, "RATE").pytorch.notes.empty());

  lrlab::SchedulePythonNames names;
  names.names.lr0 = "LR0";
  const auto exponential = [&](bool staircase) {
    return lrlab::schedule_code(
        schedule(std::string("{\"name\": \"exponential\", \"staircase\": ") +
                 (staircase ? "true" : "false") + "}"),
        names);
  };
  EXPECT_TRUE(exponential(false).pytorch.exists);
  EXPECT_FALSE(exponential(true).pytorch.exists) << "ExponentialLR has no staircase";
  EXPECT_EQ(
      exponential(true).keras.arguments,
      (std::vector<std::string>{"LR0", "decay_steps=100", "decay_rate=0.9", "staircase=True"}));
}

}  // namespace
