// The training hot path allocates nothing: tests/support/allocation_counter.h counts every
// allocation and checks that forward and backward passes leave the count unchanged.
#include <gtest/gtest.h>

#include "core/model.h"
#include "core/random.h"
#include "tests/support/allocation_counter.h"

namespace {

struct Case {
  lrlab::Activation activation;
  lrlab::LossKind loss;
  int outputs;
  std::vector<int> hidden;
};

TEST(MlpAllocations, TrainingStepsAndEvaluationAllocateNothing) {
  const Case cases[] = {
      {lrlab::Activation::Tanh, lrlab::LossKind::BinaryCrossEntropy, 1, {16, 16}},
      {lrlab::Activation::Relu, lrlab::LossKind::SoftmaxCrossEntropy, 3, {64, 32, 8, 4}},
      {lrlab::Activation::Sigmoid, lrlab::LossKind::Mse, 1, {}},
      {lrlab::Activation::Linear, lrlab::LossKind::Mse, 2, {64}},
  };
  for (const Case& c : cases) {
    lrlab::ModelSpec spec;
    spec.inputs = 2;
    spec.outputs = c.outputs;
    spec.hidden = c.hidden;
    spec.activation = c.activation;
    spec.loss = c.loss;
    lrlab::Rng rng(4);
    const Eigen::Index batch = 32, total = 100;  // 3 full batches and a final batch of 4
    lrlab::Mlp model(spec, batch, rng);
    Eigen::MatrixXd x(2, total), y = Eigen::MatrixXd::Zero(c.outputs, total);
    for (Eigen::Index j = 0; j < total; ++j) {
      x(0, j) = rng.normal();
      x(1, j) = rng.normal();
      y(j % c.outputs, j) = 1;
    }
    Eigen::MatrixXd predictions(c.outputs, total);

    double checksum = 0;
    const auto counts = lrlab::testing::count_allocations([&] {
      for (int epoch = 0; epoch < 20; ++epoch) {
        for (Eigen::Index begin = 0; begin < total; begin += batch) {
          const Eigen::Index n = std::min(batch, total - begin);
          checksum += model.loss_and_gradient(x.middleCols(begin, n), y.middleCols(begin, n));
          for (Eigen::Index k = 0; k < model.parameter_count(); ++k)
            model.parameters()(k) -= 0.01 * model.gradient()(k);
        }
        checksum += model.loss(x, y) + model.accuracy(x, y);
        model.predict(x, predictions);
      }
    });
    EXPECT_EQ(counts.total(), 0) << "activation " << lrlab::activation_name(c.activation);
    EXPECT_TRUE(std::isfinite(checksum));
  }
  // The counter works: constructing a model allocates.
  lrlab::Rng rng(1);
  const auto counts =
      lrlab::testing::count_allocations([&] { lrlab::Mlp model(lrlab::ModelSpec{}, 8, rng); });
  EXPECT_GT(counts.total(), 0);
}

}  // namespace
