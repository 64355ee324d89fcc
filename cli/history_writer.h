#pragma once
// Writes a History as CSV (one row per epoch, or per recorded step) or as JSON (with the core's
// verdict on it). Numbers use 17 significant digits so the text round-trips to the same doubles
// the page computed.
#include <ostream>

#include "core/experiments/diagnosis.h"
#include "core/history.h"
#include "core/settings.h"

namespace lrlab {

void write_epochs_csv(std::ostream& out, const History& history);
void write_steps_csv(std::ostream& out, const History& history);
// One row per sharpness measurement (docs/spec-core.md#sharpness).
void write_sharpness_csv(std::ostream& out, const History& history);
// {"settings": ..., "history": ..., "diagnosis": {"verdict", "sentence", "evidence"}}.
void write_history_json(std::ostream& out, const Settings& settings, const History& history,
                        const Diagnosis& diagnosis);

}  // namespace lrlab
