#include "core/data.h"

#include "core/datasets.h"
#include "core/error.h"
#include "core/problems.h"
#include "core/random.h"

namespace lrlab {

namespace {

Dataset columns(const Dataset& all, const std::vector<int>& order, int begin, int end) {
  Dataset part;
  part.task = all.task;
  part.classes = all.classes;
  part.x.resize(all.x.rows(), end - begin);
  part.y.resize(all.y.rows(), end - begin);
  for (int i = begin; i < end; ++i) {
    part.x.col(i - begin) = all.x.col(order[i]);
    part.y.col(i - begin) = all.y.col(order[i]);
  }
  return part;
}

std::vector<std::string> names_where(bool generated) {
  std::vector<std::string> out;
  for (const ProblemInfo& entry : problem_registry())
    if (entry.needs_table() != generated) out.push_back(entry.name);
  return out;
}

Problem make_generated_problem(const ProblemInfo& entry, const ProblemConfig& config,
                               std::uint64_t seed) {
  if (config.samples < 8 || config.samples > 100000)
    fail_field("problem.samples", config.samples, "must be an integer >= 8 and <= 100000");
  if (!(config.noise >= 0 && config.noise <= 10))
    fail_field("problem.noise", config.noise, "must be a finite number >= 0 and <= 10");
  if (!(config.val_fraction >= 0 && config.val_fraction <= 0.5))
    fail_field("problem.val_fraction", config.val_fraction,
               "must be a finite number >= 0 and <= 0.5");
  Rng rng(seed);
  const Dataset all = entry.generate(config.samples, config.noise, rng);
  std::vector<int> order(config.samples);
  for (int i = 0; i < config.samples; ++i) order[i] = i;
  rng.shuffle(order);
  // samples * fraction rounded down, without libm: a truncating cast of a non-negative value.
  const int val_count = static_cast<int>(config.samples * config.val_fraction);
  const int train_count = config.samples - val_count;
  return Problem{columns(all, order, 0, train_count),
                 columns(all, order, train_count, config.samples)};
}

}  // namespace

const std::vector<std::string>& problem_names() {
  static const std::vector<std::string> names = names_where(true);
  return names;
}

const std::vector<std::string>& all_problem_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out = problem_names();
    for (const std::string& name : names_where(false)) out.push_back(name);
    return out;
  }();
  return names;
}

ProblemShape problem_shape(const std::string& name) {
  ProblemConfig config;
  config.name = name;
  return problem_shape(config);
}

ProblemShape problem_shape(const ProblemConfig& config, const TableRef& table) {
  const ProblemInfo& entry = find_problem(config.name);
  if (entry.source == ProblemSource::UserTable) return table_problem_shape(config, table);
  return entry.shape;
}

Dataset select_columns(const Dataset& all, const std::vector<int>& order, int begin, int end) {
  return columns(all, order, begin, end);
}

Problem make_problem(const ProblemConfig& config, std::uint64_t seed, const TableRef& table) {
  const ProblemInfo& entry = find_problem(config.name);
  if (entry.needs_table()) return make_table_problem(config, seed, table);
  return make_generated_problem(entry, config, seed);
}

}  // namespace lrlab
