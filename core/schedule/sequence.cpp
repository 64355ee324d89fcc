// Schedules made of schedules, as PyTorch composes its schedulers (core/schedule/sequence_parts.h
// reads the parts). Every part is built on the same base rate lr0.
//   sequential (SequentialLR), milestones m_1 < ... < m_{k-1} for k parts: at position s the part
//     i = number of milestones <= s is in force, and it sees its own position s - m_i (m_0 = 0):
//     PyTorch restarts each scheduler at 0 when its milestone is reached.
//   chained (ChainedScheduler): every part sees s, and their factors multiply:
//     lr(s) = lr0 * prod_i (part_i(s) / lr0)
// (PyTorch steps each chained scheduler on the rate the previous one left, which for closed forms
// scaled by the base rate is this product.)
#include <cmath>

#include "core/error.h"
#include "core/python/literal.h"
#include "core/schedule/params.h"
#include "core/schedule/schedule.h"
#include "core/schedule/sequence_parts.h"

namespace lrlab {
namespace {

// The position counter the parts read, moved back by `start`.
ScheduleInput shifted(const ScheduleInput& in, long start) {
  ScheduleInput out = in;
  if (in.granularity == Granularity::Step)
    out.step -= start;
  else
    out.epoch -= start;
  return out;
}

class Sequential : public Schedule {
 public:
  Sequential(std::vector<SchedulePart> parts, std::vector<double> milestones)
      : parts_(std::move(parts)), starts_{0} {
    for (double m : milestones) starts_.push_back(static_cast<long>(m));
  }

  double rate(const ScheduleInput& in) const override {
    const size_t i = index(in);
    return parts_[i].schedule->rate(shifted(in, starts_[i]));
  }
  std::string diagnose(const ScheduleInput& in) const override {
    const size_t i = index(in);
    return parts_[i].schedule->diagnose(shifted(in, starts_[i]));
  }

 private:
  size_t index(const ScheduleInput& in) const {
    size_t i = 0;
    while (i + 1 < starts_.size() && starts_[i + 1] <= in.position()) ++i;
    return i;
  }
  std::vector<SchedulePart> parts_;
  std::vector<long> starts_;
};

class Chained : public Schedule {
 public:
  explicit Chained(std::vector<SchedulePart> parts) : parts_(std::move(parts)) {}

  double rate(const ScheduleInput& in) const override {
    double factor = 1;
    for (const SchedulePart& part : parts_) factor *= part.schedule->rate(in) / in.lr0;
    return in.lr0 * factor;
  }

 private:
  std::vector<SchedulePart> parts_;
};

std::vector<ParamSpec> sequential_params() {
  return {params::schedule_list("parts",
                                R"([{"name": "linear_lr", "start_factor": 0.1, "total_iters": 5},)"
                                R"( {"name": "cosine", "decay_steps": 95}])",
                                "the schedules in turn, each from its own position 0"),
          params::list("milestones", {5}, 1, 1e9,
                       "where each next part takes over (one fewer than the parts)")};
}

std::vector<ParamSpec> chained_params() {
  return {params::schedule_list(
      "parts",
      R"([{"name": "constant_lr", "factor": 0.1, "total_iters": 2},)"
      R"( {"name": "exponential", "decay_steps": 1, "decay_rate": 0.9}])",
      "the schedules whose factors on lr0 multiply, all at the same position")};
}

std::vector<double> checked_milestones(const ParamValues& v, size_t parts) {
  const std::vector<double>& milestones = v.list("milestones");
  for (size_t i = 0; i < milestones.size(); ++i)
    if (milestones[i] != std::floor(milestones[i]))
      fail_field("schedule.milestones[" + std::to_string(i) + "]", milestones[i],
                 "must be a whole position");
  params::require_increasing(milestones, "schedule.milestones");
  if (milestones.size() + 1 != parts)
    fail_field("schedule.milestones", static_cast<double>(milestones.size()),
               "must number one fewer than the parts (" + std::to_string(parts) + ")");
  return milestones;
}

std::unique_ptr<Schedule> make_sequential(const ParamValues& given) {
  const ParamValues v = params::resolve(sequential_params(), given, "schedule");
  std::vector<SchedulePart> parts = read_schedule_parts(v.text("parts"));
  std::vector<double> milestones = checked_milestones(v, parts.size());
  return std::make_unique<Sequential>(std::move(parts), std::move(milestones));
}

std::unique_ptr<Schedule> make_chained(const ParamValues& given) {
  const ParamValues v = params::resolve(chained_params(), given, "schedule");
  return std::make_unique<Chained>(read_schedule_parts(v.text("parts")));
}

std::vector<std::string> sequential_python(const ParamValues& v, const SchedulePythonNames& n) {
  const std::vector<SchedulePart> parts = read_schedule_parts(v.text("parts"));
  std::vector<std::string> lines = {
      "# Keras 3 has no SequentialLR: this function is the schedule. PyTorch's equivalent is",
      "# torch.optim.lr_scheduler.SequentialLR(optimizer, schedulers=[...], milestones=[...]) over",
      "# the parts' schedulers; as there, each part counts its own position from its milestone."};
  for (std::string& line : parts_python(parts, n)) lines.push_back(std::move(line));
  std::string parts_tuple, starts = "0";
  for (size_t i = 0; i < parts.size(); ++i) parts_tuple += "part_" + std::to_string(i) + ", ";
  for (double m : v.list("milestones")) starts += ", " + python::int_literal(m);
  lines.push_back("parts = (" + parts_tuple + ")");
  lines.push_back("starts = (" + starts + ",)");
  lines.push_back("k = sum(1 for start in starts[1:] if start <= " + n.position + ")");
  lines.push_back("return parts[k](" + n.position + " - starts[k])");
  return lines;
}

std::vector<std::string> chained_python(const ParamValues& v, const SchedulePythonNames& n) {
  const std::vector<SchedulePart> parts = read_schedule_parts(v.text("parts"));
  std::vector<std::string> lines = {
      "# Keras 3 has no ChainedScheduler: this function is the schedule. PyTorch's equivalent is",
      "# torch.optim.lr_scheduler.ChainedScheduler([...]) over the parts' schedulers: their",
      "# factors on the base rate multiply."};
  for (std::string& line : parts_python(parts, n)) lines.push_back(std::move(line));
  std::string parts_tuple;
  for (size_t i = 0; i < parts.size(); ++i) parts_tuple += "part_" + std::to_string(i) + ", ";
  lines.push_back("factor = 1.0");
  lines.push_back("for part in (" + parts_tuple + "):");
  lines.push_back("    factor *= part(" + n.position + ") / " + n.names.lr0);
  lines.push_back("return " + n.names.lr0 + " * factor");
  return lines;
}

}  // namespace

ScheduleInfo sequential_schedule() {
  return {"sequential",
          "Sequence (SequentialLR)",
          "part i from milestone m_i on, at its own position s - m_i",
          sequential_params(),
          Granularity::Epoch,
          make_sequential,
          rate_scaled,
          sequential_python,
          {},
          {}};
}

ScheduleInfo chained_schedule() {
  return {"chained",
          "Product (ChainedScheduler)",
          "lr0 * product of each part's factor lr_i(s) / lr0",
          chained_params(),
          Granularity::Epoch,
          make_chained,
          rate_scaled,
          chained_python,
          {},
          {}};
}

}  // namespace lrlab
