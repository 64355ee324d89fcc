#pragma once
// What a run starts from: the exact samples it trains and validates on and its initial weights,
// as the Trainer draws them from the settings' seed. An export that must start where lrlab starts
// (the PyTorch and Keras listings of "As code") carries these numbers instead of drawing its own.
#include <vector>

#include "core/data.h"
#include "core/settings.h"

namespace lrlab {

// One dense layer's initial parameters in the frameworks' own layouts.
struct LayerStart {
  int inputs = 0;
  int outputs = 0;
  std::vector<double> weight;  // outputs x inputs, row-major: PyTorch's Linear.weight
  std::vector<double> bias;    // outputs: all 0 at the start
};

struct RunStart {
  Problem problem;                 // the training and validation samples, columns as in Dataset
  std::vector<LayerStart> layers;  // first hidden layer to the output layer
};

// Throws Error naming the field for settings the Trainer would refuse. table: a real problem's
// table (core/datasets.h), null for a generated problem.
RunStart run_start(const Settings& settings, const TableRef& table = nullptr);

}  // namespace lrlab
