#include "core/problems.h"

#include "core/error.h"
#include "core/generators.h"

namespace lrlab {

namespace {

constexpr ProblemShape kBinary2d{Task::Binary, 2, 1, 2};

ProblemInfo generated(const char* name, const char* title, ProblemShape shape,
                      Dataset (*generate)(int, double, Rng&)) {
  return {name, title, ProblemSource::Generated, shape, 0, generate};
}

// A built-in table's shape as its source documents it; a file that differs is refused at load.
ProblemInfo built_in(const char* name, const char* title, Task task, int rows, int features,
                     int classes) {
  const ProblemShape shape{task, features, task == Task::MultiClass ? classes : 1, classes};
  return {name, title, ProblemSource::BuiltInTable, shape, rows, nullptr};
}

}  // namespace

const std::vector<ProblemInfo>& problem_registry() {
  static const std::vector<ProblemInfo> registry = {
      generated("spiral", "Spiral", kBinary2d, generate_spiral),
      generated("moons", "Two moons", kBinary2d, generate_moons),
      generated("circles", "Circles", kBinary2d, generate_circles),
      generated("xor", "XOR", kBinary2d, generate_xor),
      generated("blobs", "Gaussian blobs", {Task::MultiClass, 2, 3, 3}, generate_blobs),
      generated("sine", "Noisy sine", {Task::Regression, 1, 1, 0}, generate_sine),
      generated("linear", "Noisy line", {Task::Regression, 1, 1, 0}, generate_linear),
      built_in("iris", "Iris (UCI)", Task::MultiClass, 150, 4, 3),
      built_in("wine", "Wine (UCI)", Task::MultiClass, 178, 13, 3),
      built_in("breast_cancer", "Breast Cancer Wisconsin, diagnostic (UCI)", Task::Binary, 569, 30,
               2),
      built_in("digits", "Handwritten digits 8x8 (UCI)", Task::MultiClass, 1797, 64, 10),
      built_in("diabetes", "Diabetes progression (Efron et al. 2004)", Task::Regression, 442, 10,
               0),
      {kUserCsvProblem, "Your CSV", ProblemSource::UserTable, ProblemShape{}, 0, nullptr},
  };
  return registry;
}

const ProblemInfo& find_problem(const std::string& name) {
  for (const ProblemInfo& entry : problem_registry())
    if (name == entry.name) return entry;
  std::string allowed = "must be one of:";
  for (const ProblemInfo& entry : problem_registry()) allowed += std::string(" ") + entry.name;
  fail_field("problem.name", "\"" + name + "\"", allowed);
}

}  // namespace lrlab
