#include "core/experiments/experiment_json.h"

#include "core/json_fields.h"

namespace lrlab {

SweepConfig parse_sweep_config(const std::string& json) {
  JsonDocument document(json);
  JsonFields fields(document.root());
  SweepConfig config;
  fields.rename_path("sweep");
  config.low = fields.number("low", config.low);
  config.high = fields.number("high", config.high);
  config.count = static_cast<int>(fields.integer("count", config.count, 1, SweepConfig::kMaxCount));
  config.epochs =
      static_cast<int>(fields.integer("epochs", config.epochs, 1, SweepConfig::kMaxEpochs));
  fields.reject_unknown_keys();
  validate(config);
  return config;
}

RangeTestConfig parse_range_test_config(const std::string& json) {
  JsonDocument document(json);
  JsonFields fields(document.root());
  RangeTestConfig config;
  fields.rename_path("range_test");
  config.start = fields.number("start", config.start);
  config.end = fields.number("end", config.end);
  config.steps =
      static_cast<int>(fields.integer("steps", config.steps, 2, RangeTestConfig::kMaxSteps));
  fields.reject_unknown_keys();
  validate(config);
  return config;
}

}  // namespace lrlab
