// lrlab: the native command line. Placeholder until the trainer lands: prints a problem's samples.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/data.h"
#include "core/error.h"

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::puts("usage: lrlab data SEED   (prints the spiral problem's training samples as CSV)");
    return argc < 2 ? 2 : 0;
  }
  try {
    lrlab::ProblemConfig config;
    const auto problem = lrlab::make_problem(config, std::strtoull(argv[2], nullptr, 10));
    std::puts("x0,x1,y");
    for (Eigen::Index i = 0; i < problem.train.size(); ++i)
      std::printf("%.17g,%.17g,%.17g\n", problem.train.x(0, i), problem.train.x(1, i),
                  problem.train.y(0, i));
  } catch (const lrlab::Error& error) {
    std::fprintf(stderr, "lrlab: %s\n", error.what());
    return 1;
  }
  return 0;
}
