// The CLI's progress lines on standard error: when stderr is a file or a pipe (a log, CI, a test)
// each progress line is a line of its own, ended by a newline, with no carriage returns that
// would run them together; only a terminal gets the one line rewritten in place.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cli_runner.h"

namespace {

using lrlab_test::run_cli;

const std::string kData = std::string(LRLAB_SOURCE_DIR) + "/tests/data/settings/";

TEST(CliProgress, OneLinePerHundredEpochsWhenStderrIsNotATerminal) {
  const lrlab_test::CliResult r = run_cli("run '" + kData + "spiral-sgd.json' --epochs 300");
  ASSERT_EQ(r.status, 0) << r.err;
  // The progress lines come first, each whole; then the run's other lines (its verdict).
  EXPECT_EQ(r.err.rfind("lrlab: epoch 100/300\n"
                        "lrlab: epoch 200/300\n"
                        "lrlab: epoch 300/300\n"
                        "lrlab: verdict: ",
                        0),
            0u)
      << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  EXPECT_EQ(r.err.back(), '\n');
}

TEST(CliProgress, AShortRunPrintsNoProgress) {
  const lrlab_test::CliResult r = run_cli("run '" + kData + "spiral-sgd.json' --epochs 199");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("lrlab: epoch"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.rfind("lrlab: verdict: ", 0), 0u) << r.err;
}

}  // namespace
