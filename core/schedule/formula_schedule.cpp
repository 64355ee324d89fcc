// formula: lr = the user's expression (core/formula/formula.h) of epoch, step, lr, lr0.
// Parse errors surface when the schedule is made, naming "schedule.expression" and the position;
// evaluation faults (division by zero, log of a number <= 0, overflow) give NaN from rate() and
// their wording from diagnose(), which the caller reports with the epoch.
#include <cctype>

#include "core/formula/formula.h"
#include "core/formula/syntax_error.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

constexpr const char* kTutorialFormula = "epoch < 5 ? 0.01 : 0.01 * exp(0.1 * (10 - epoch))";

class FormulaSchedule : public Schedule {
 public:
  explicit FormulaSchedule(const std::string& text) : formula_(text) {}

  double rate(const ScheduleInput& in) const override { return evaluate(in).value; }

  std::string diagnose(const ScheduleInput& in) const override {
    const formula::Result result = evaluate(in);
    return formula::describe(result.fault, result.position);
  }

 private:
  formula::Result evaluate(const ScheduleInput& in) const {
    FormulaVariables v;
    v.epoch = static_cast<double>(in.epoch);
    v.step = static_cast<double>(in.step);
    v.lr = in.lr;
    v.lr0 = in.lr0;
    return formula_.evaluate(v);
  }

  Formula formula_;
};

std::vector<ParamSpec> formula_params() {
  return {params::text("expression", kTutorialFormula,
                       "of epoch, step, lr, lr0; + - * / ^, comparisons, && || !, ?:, exp log "
                       "sqrt pow min max abs floor ceil cos sin")};
}

// A formula's rate comes from what it reads: lr (the rate in force) first, then lr0.
RateSource rate_source(const ParamValues& v) {
  const formula::SyntaxTree tree = formula_syntax_tree(v.text("expression"));
  if (tree.reads(formula::Variable::Lr)) return RateSource::ReadsLr;
  if (tree.reads(formula::Variable::Lr0)) return RateSource::Scaled;
  return RateSource::Absolute;
}

// The formula as the Python function's return value, after the text it was typed as (runs of
// white space, line breaks too, as one space: the comment stays one line).
std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  const std::string& text = v.text("expression");
  std::string shown;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool space = std::isspace(static_cast<unsigned char>(text[i])) != 0;
    if (!space)
      shown += text[i];
    else if (i == 0 || !std::isspace(static_cast<unsigned char>(text[i - 1])))
      shown += ' ';
  }
  return {"# your formula: " + shown,
          "return float(" + formula::to_python(text, n.names) + ")  # Keras wants a float"};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  const ParamValues v = params::resolve(formula_params(), given, "schedule");
  try {
    return std::make_unique<FormulaSchedule>(v.text("expression"));
  } catch (const formula::SyntaxError& error) {
    throw formula::SyntaxError(std::string("schedule.expression: ") + error.what(),
                               error.position());
  }
}

}  // namespace

ScheduleInfo formula_schedule() {
  return {"formula",
          "Custom formula",
          "your expression of epoch, step, lr and lr0",
          formula_params(),
          Granularity::Epoch,
          make,
          rate_source,
          python_body,
          {},
          {}};
}

}  // namespace lrlab
