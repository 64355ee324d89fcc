#pragma once
// The multilayer perceptron: 0 to 4 hidden layers of 1 to 64 units with one activation, and a
// linear output layer whose outputs the loss reads as values (mse) or logits (bce, softmax_ce).
//
// Every weight and bias lives in one contiguous vector, and the gradient in a second one of the
// same layout, so an optimizer updates the whole network with one elementwise loop. Layout, layer
// by layer from the input: W (units_out x units_in, column-major), then b (units_out).
//
// Forward and backward passes write into buffers sized for `max_batch` samples, allocated once in
// the constructor: loss_and_gradient(), loss(), accuracy() and predict() allocate nothing.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "core/activation.h"
#include "core/data.h"
#include "core/loss.h"
#include "core/param_layout.h"
#include "core/random.h"

namespace lrlab {

// Glorot: uniform in +-sqrt(6 / (fan_in + fan_out)). He: normal with standard deviation
// sqrt(2 / fan_in) (not truncated, unlike Keras' he_normal). Biases start at 0 either way.
enum class Init { Glorot, He };

// Names used in settings: "glorot", "he" (in that order).
const std::vector<std::string>& init_names();
const char* init_name(Init init);
// Throws Error naming `field` for an unknown name. "auto" is resolved by make_model_spec.
Init parse_init(const std::string& name, const std::string& field = "model.init");

struct ModelSpec {
  int inputs = 2;
  int outputs = 1;
  std::vector<int> hidden = {16, 16};
  Activation activation = Activation::Tanh;
  Init init = Init::Glorot;
  LossKind loss = LossKind::BinaryCrossEntropy;
};

constexpr int kMaxHiddenLayers = 4;
constexpr int kMaxUnits = 64;

// Throws Error naming the field, e.g.
// "model.hidden[1]: 0 is not allowed (must be an integer >= 1 and <= 64)".
void validate(const ModelSpec& spec);

// Builds and validates a spec from the settings' names and the problem's shape. init "auto" means
// He for relu and Glorot otherwise; loss "auto" means default_loss(shape.task).
ModelSpec make_model_spec(const std::vector<int>& hidden, const std::string& activation,
                          const std::string& init, const std::string& loss,
                          const ProblemShape& shape);

class Mlp {
 public:
  // Validates the spec (throws Error) and draws the initial weights from rng.
  Mlp(const ModelSpec& spec, Eigen::Index max_batch, Rng& rng);

  // Redraws every weight (biases back to 0) from rng, as the constructor does.
  void initialize(Rng& rng);

  const ModelSpec& spec() const { return spec_; }
  Eigen::Index max_batch() const { return max_batch_; }
  int layer_count() const { return static_cast<int>(layers_.size()); }  // hidden + output
  Eigen::Index parameter_count() const { return parameters_.size(); }

  // Each layer's W (units_out x units_in, a matrix) then its b, as Keras' variables are.
  ParamLayout layout() const;

  Eigen::VectorXd& parameters() { return parameters_; }
  const Eigen::VectorXd& parameters() const { return parameters_; }
  const Eigen::VectorXd& gradient() const { return gradient_; }

  // Views of layer l (0 = first hidden layer, layer_count()-1 = output) inside parameters().
  Eigen::Map<Eigen::MatrixXd> weights(int l);
  Eigen::Map<const Eigen::MatrixXd> weights(int l) const;
  Eigen::Map<Eigen::VectorXd> biases(int l);
  Eigen::Map<const Eigen::VectorXd> biases(int l) const;

  // Mean loss over the batch (x: inputs x n, y: outputs x n, 1 <= n <= max_batch) and its
  // gradient into gradient(). Returns NaN and leaves the gradient alone if n is out of range.
  double loss_and_gradient(const Eigen::Ref<const Eigen::MatrixXd>& x,
                           const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept;

  // Samples of the last loss_and_gradient() batch classified correctly, given that batch's
  // targets: training accuracy comes free from the forward pass already done.
  long last_batch_correct(const Eigen::Ref<const Eigen::MatrixXd>& y) const noexcept;

  // Mean loss over any number of samples, evaluated in chunks of max_batch (0 for none).
  double loss(const Eigen::Ref<const Eigen::MatrixXd>& x,
              const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept;

  // Share of samples classified correctly (see count_correct in loss.h), in chunks.
  double accuracy(const Eigen::Ref<const Eigen::MatrixXd>& x,
                  const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept;

  // loss() and accuracy() from one forward pass per chunk (the same numbers as calling both).
  struct Evaluation {
    double loss;
    double accuracy;
  };
  Evaluation loss_and_accuracy(const Eigen::Ref<const Eigen::MatrixXd>& x,
                               const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept;

  // Predictions (probabilities for the cross-entropies, values for mse) for any number of
  // samples into out (outputs x n).
  void predict(const Eigen::Ref<const Eigen::MatrixXd>& x,
               Eigen::Ref<Eigen::MatrixXd> out) noexcept;

 private:
  struct Layer {
    Eigen::Index in, out;
    Eigen::Index offset;  // of W in the flat vectors; b follows at offset + in*out
  };

  // Fills act_[l].leftCols(n) for every layer; the last holds the output layer's z.
  // Requires 1 <= x.cols() <= max_batch.
  void forward(const Eigen::Ref<const Eigen::MatrixXd>& x) noexcept;

  // Forward passes over x in chunks of max_batch; sums the loss and/or counts the correct samples.
  Evaluation evaluate(const Eigen::Ref<const Eigen::MatrixXd>& x,
                      const Eigen::Ref<const Eigen::MatrixXd>& y, bool with_loss,
                      bool with_accuracy) noexcept;

  ModelSpec spec_;
  Eigen::Index max_batch_;
  std::vector<Layer> layers_;
  Eigen::VectorXd parameters_;
  Eigen::VectorXd gradient_;
  std::vector<Eigen::MatrixXd> act_;    // per layer: units x max_batch (z, then f(z))
  std::vector<Eigen::MatrixXd> delta_;  // per layer: dL/dz, units x max_batch
  Eigen::VectorXd transposed_;          // scratch: W^T of one layer, for the backward pass
};

}  // namespace lrlab
