// cosine with warm restarts (SGDR; Keras CosineDecayRestarts). Cycle i (from 0) lasts
// N_i = N_0 * t_mul^i positions and starts at S_i = N_0 * (t_mul^i - 1) / (t_mul - 1)
// (S_i = N_0 * i when t_mul = 1). With f = (s - S_i) / N_i in [0, 1):
//   lr(s) = lr0 * ((1 - alpha) * m_mul^i * 0.5 * (1 + cos(pi * f)) + alpha)
// As in Keras, alpha is not scaled by m_mul^i. A restart position is the first of a new cycle, so
// it gets the (reduced) peak. f < 1 keeps the rate > 0 even with alpha = 0.
#include <cmath>

#include "core/detmath.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"

namespace lrlab {
namespace {

constexpr double kPi = 3.141592653589793;

class CosineRestarts : public Schedule {
 public:
  explicit CosineRestarts(const ParamValues& v)
      : first_(v.number("first_decay_steps")),
        t_mul_(v.number("t_mul")),
        m_mul_(v.number("m_mul")),
        alpha_(v.number("alpha")) {}

  double rate(const ScheduleInput& in) const override {
    const double units = static_cast<double>(in.position()) / first_;  // s in units of N_0
    double i;
    double f;
    if (t_mul_ == 1) {
      i = std::floor(units);
      f = units - i;
    } else {
      // The logarithm gives the cycle up to rounding; the two loops settle it exactly against the
      // cycle starts, so a restart position never lands at the end of the previous cycle.
      i = std::floor(dm::log(1 + units * (t_mul_ - 1)) / dm::log(t_mul_));
      if (i < 0) i = 0;
      while (start(i + 1) <= units) ++i;
      while (i > 0 && start(i) > units) --i;
      f = (units - start(i)) / dm::pow(t_mul_, i);
    }
    const double cosine = 0.5 * dm::pow(m_mul_, i) * (1 + dm::cos(kPi * f));
    return in.lr0 * ((1 - alpha_) * cosine + alpha_);
  }

 private:
  // Start of cycle i in units of N_0.
  double start(double i) const { return (dm::pow(t_mul_, i) - 1) / (t_mul_ - 1); }

  double first_;
  double t_mul_;
  double m_mul_;
  double alpha_;
};

std::vector<ParamSpec> restarts_params() {
  return {params::integer("first_decay_steps", 100, 1, 1e9, "N_0: positions of the first cycle"),
          params::number("t_mul", 2, 1, 10, "each cycle is t_mul times longer than the last"),
          params::number("m_mul", 1, 0, 1, "each restart's peak is m_mul times the last", false),
          params::number("alpha", 0, 0, 1, "floor of each cycle as a fraction of lr0")};
}

std::unique_ptr<Schedule> make(const ParamValues& given) {
  return std::make_unique<CosineRestarts>(params::resolve(restarts_params(), given, "schedule"));
}

std::vector<std::string> python_body(const ParamValues& v, const SchedulePythonNames& n) {
  ParamValues w = v;
  w.numbers["growing"] = v.number("t_mul") != 1;  // cycles grow: find the cycle by search
  return fill_lines(
      {{"units = {s} / {first_decay_steps}  # position in units of the first cycle"},
       {"i = math.floor(units)  # cycle number", "!growing"},
       {"frac = units - i", "!growing"},
       {"start = lambda i: ({t_mul} ** i - 1) / ({t_mul} - 1)  # where cycle i starts", "growing"},
       {"i = max(0, math.floor(math.log(1 + units * ({t_mul} - 1)) / math.log({t_mul})))",
        "growing"},
       {"while start(i + 1) <= units:", "growing"},
       {"    i += 1", "growing"},
       {"while i > 0 and start(i) > units:", "growing"},
       {"    i -= 1", "growing"},
       {"frac = (units - start(i)) / {t_mul} ** i", "growing"},
       {"cosine = 0.5 * {m_mul} ** i * (1 + math.cos(math.pi * frac))"},
       {"return {lr0} * ((1 - {alpha}) * cosine + {alpha})"}},
      restarts_params(), w, n);
}

}  // namespace

ScheduleInfo cosine_restarts_schedule() {
  return {"cosine_restarts",
          "Cosine with warm restarts",
          "cosine from lr0 * m_mul^i down over N_0 * t_mul^i positions, then restart",
          restarts_params(),
          Granularity::Step,
          make,
          rate_scaled,
          python_body,
          {"keras.optimizers.schedules.CosineDecayRestarts",
           {{"", "{lr0}"},
            {"first_decay_steps", "{first_decay_steps}"},
            {"t_mul", "{t_mul}"},
            {"m_mul", "{m_mul}"},
            {"alpha", "{alpha}"}}},
          {}};
}

}  // namespace lrlab
