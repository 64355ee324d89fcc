// run_start: the samples and initial weights a run starts from, in PyTorch's layout. Expected
// values are drawn here from the generator itself (the Glorot rule of core/model.h, column-major
// draws), not read back from the model.
#include "core/run_start.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/random.h"
#include "core/settings.h"

namespace {

const char* kSettings =
    R"({"seed": 7, "problem": {"name": "moons", "samples": 50, "val_fraction": 0.2},
        "model": {"hidden": [3], "activation": "tanh"}})";

TEST(RunStart, SamplesAreTheProblemsSplit) {
  const lrlab::Settings settings = lrlab::parse_settings(kSettings);
  const lrlab::RunStart start = lrlab::run_start(settings);
  const lrlab::Problem expected = lrlab::make_problem(settings.problem, settings.seed);
  EXPECT_EQ(start.problem.train.size(), 40);
  EXPECT_EQ(start.problem.val.size(), 10);
  EXPECT_TRUE(start.problem.train.x == expected.train.x);
  EXPECT_TRUE(start.problem.train.y == expected.train.y);
  EXPECT_TRUE(start.problem.val.x == expected.val.x);
  EXPECT_TRUE(start.problem.val.y == expected.val.y);
}

TEST(RunStart, WeightsAreTheGlorotDrawsRowMajor) {
  const lrlab::RunStart start = lrlab::run_start(lrlab::parse_settings(kSettings));
  ASSERT_EQ(start.layers.size(), 2u);
  lrlab::Rng rng(lrlab::derive_seed(7, lrlab::kInitStream));
  const int shapes[2][2] = {{2, 3}, {3, 1}};  // inputs, outputs
  for (int l = 0; l < 2; ++l) {
    const lrlab::LayerStart& layer = start.layers[static_cast<std::size_t>(l)];
    const int in = shapes[l][0], out = shapes[l][1];
    ASSERT_EQ(layer.inputs, in);
    ASSERT_EQ(layer.outputs, out);
    ASSERT_EQ(layer.weight.size(), static_cast<std::size_t>(in * out));
    const double limit = std::sqrt(6.0 / (in + out));
    // The model draws W column by column (W(0,0), W(1,0), ...); the export is row by row.
    for (int c = 0; c < in; ++c)
      for (int r = 0; r < out; ++r)
        EXPECT_EQ(layer.weight[static_cast<std::size_t>(r * in + c)], rng.uniform(-limit, limit))
            << "layer " << l << " W(" << r << ", " << c << ")";
    EXPECT_EQ(layer.bias, std::vector<double>(static_cast<std::size_t>(out), 0.0));
  }
}

}  // namespace
