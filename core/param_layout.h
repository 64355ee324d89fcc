#pragma once
// Where each of the model's variables sits in the flat parameter vector. The model owns the
// layout (core/model.h); optimizers whose rule looks at a whole variable read it.
#include <Eigen/Core>
#include <vector>

namespace lrlab {

// One of the model's variables (in Keras' words) inside the flat parameter vector: a layer's
// weight matrix (rows x cols, column-major) or its bias vector (cols 1, matrix false). Most rules
// act on each parameter alone and ignore it; Lamb (norms per variable), Adafactor (factored
// moments for matrices) and Muon (orthogonalised matrix steps) read it.
struct ParamBlock {
  Eigen::Index offset = 0;
  Eigen::Index rows = 0;
  Eigen::Index cols = 1;
  bool matrix = false;
  bool output_layer = false;  // the output layer's W or b (Muon leaves that layer to Adam)
  Eigen::Index size() const { return rows * cols; }
};
using ParamLayout = std::vector<ParamBlock>;

// n parameters as one vector (what a bare vector of parameters is to Keras).
ParamLayout vector_layout(Eigen::Index n);

}  // namespace lrlab
