#pragma once
// Writes a History as CSV (one row per epoch, or per recorded step) or as JSON. Numbers use 17
// significant digits so the text round-trips to the same doubles the page computed.
#include <ostream>

#include "core/history.h"
#include "core/settings.h"

namespace lrlab {

void write_epochs_csv(std::ostream& out, const History& history);
void write_steps_csv(std::ostream& out, const History& history);
void write_history_json(std::ostream& out, const Settings& settings, const History& history);

}  // namespace lrlab
