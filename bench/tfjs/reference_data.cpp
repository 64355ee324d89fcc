// Prints the reference workload (bench/workloads.h) as JSON: its settings and its training samples
// (spiral, 512 points, no validation split, the settings' seed), so bench/tfjs/tfjs_bench.mjs trains
// TensorFlow.js on exactly the points our trainer uses and configures our trainer from the same
// settings. The CLI's `lrlab data --split train` prints the default problem's, whose 20% validation
// split leaves 410 training points, hence this helper. tfjs_bench.mjs compiles it with the native compiler against
// the build's liblrlab_bench_workloads.a and liblrlab_core.a.
#include <cstdio>
#include <string>

#include "bench/workloads.h"
#include "core/data.h"
#include "core/settings.h"

namespace {

void print_row(const char* name, const Eigen::MatrixXd& m, Eigen::Index row, bool last) {
  std::printf("\"%s\": [", name);
  for (Eigen::Index i = 0; i < m.cols(); ++i)
    std::printf("%s%.17g", i ? "," : "", m(row, i));
  std::printf("]%s\n", last ? "" : ",");
}

}  // namespace

int main() {
  const lrlab::Settings settings = lrlab::bench::reference_settings();
  // The same call the trainer makes (core/trainer.cpp), with the same settings.
  const lrlab::Problem problem = lrlab::make_problem(settings.problem, settings.seed);
  std::printf("{\"settings\": %s,\n", lrlab::settings_to_json(settings).c_str());
  print_row("x0", problem.train.x, 0, false);
  print_row("x1", problem.train.x, 1, false);
  print_row("y", problem.train.y, 0, true);
  std::puts("}");
  return 0;
}
