#include "core/run_start.h"

#include "core/trainer.h"

namespace lrlab {

RunStart run_start(const Settings& settings, const TableRef& table) {
  // A Trainer built from the settings holds exactly what the run starts from: the same
  // construction the page, the CLI and the tests train with, so nothing here can drift from it.
  const Trainer trainer(settings, table);
  RunStart start;
  start.problem = trainer.problem();
  const Mlp& model = trainer.model();
  for (int l = 0; l < model.layer_count(); ++l) {
    const auto w = model.weights(l);
    const auto b = model.biases(l);
    LayerStart layer;
    layer.inputs = static_cast<int>(w.cols());
    layer.outputs = static_cast<int>(w.rows());
    layer.weight.reserve(static_cast<std::size_t>(w.size()));
    for (Eigen::Index r = 0; r < w.rows(); ++r)
      for (Eigen::Index c = 0; c < w.cols(); ++c) layer.weight.push_back(w(r, c));
    layer.bias.assign(b.data(), b.data() + b.size());
    start.layers.push_back(std::move(layer));
  }
  return start;
}

}  // namespace lrlab
