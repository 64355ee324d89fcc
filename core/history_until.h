#pragma once
// A run's history as it stood after its first `epochs` epochs: what the page's cursor asks of the
// core when it asks "what was the verdict then?". The diagnosis of that prefix is the verdict as
// of that epoch (core/experiments/diagnosis.h), so every view that shows a past verdict reads the
// same one the run would have shown had it stopped there.
#include "core/history.h"

namespace lrlab {

// The first `epochs` epochs of `history` (all of it when epochs reaches past its end, or, for a
// run that diverged, past the epoch it diverged in). `updates` is the update count at the end of
// epoch `epochs`: step records after it are left out. Events are kept when they happened within
// those epochs (a plateau cut or an early stop after 0-based epoch e belongs to epoch e), the
// sharpness measurements taken at or before the prefix's end, and the divergence only when its
// epoch is inside the prefix.
History history_until(const History& history, long epochs, long updates);

}  // namespace lrlab
